"""deploy/local.sh's contract for bad input, checked before anything starts: exit 2 with the usage for a usage
error, exit 1 with one clear line for an input it cannot use, and nothing left running or written."""

from __future__ import annotations

import json
import re
import socket
from pathlib import Path

import pytest

from tests.deploy.topology import NGINX, free_port, local_sh


@pytest.mark.parametrize("args", [(), ("start",), ("up", "--replicas", "0"), ("up", "--replicas", "two"),
                                  ("up", "--port", "70000"), ("up", "--bogus"), ("up", "--port"), ("status", "extra")])
def test_usage_errors_exit_2_with_the_usage(tmp_path, args):
    proc = local_sh(tmp_path / "run", *args)
    assert proc.returncode == 2 and proc.stdout == ""
    assert "deploy/local.sh up [--replicas N]" in proc.stderr or "--replicas: 1 to 32" in proc.stderr \
        or "--port: 1 to 65535" in proc.stderr
    assert not (tmp_path / "run").exists()


def test_a_missing_data_root_is_named(tmp_path):
    proc = local_sh(tmp_path / "run", "up", "--data", str(tmp_path / "nowhere"))
    assert proc.returncode == 1 and proc.stderr.strip() == f"local.sh: no such data root: {tmp_path / 'nowhere'}"


def test_a_taken_port_is_named_and_nothing_starts(tmp_path):
    if not NGINX.exists():
        pytest.skip("nginx is not installed (scripts/test.sh installs Debian's nginx)")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        proc = local_sh(tmp_path / "run", "up", "--port", str(port), "--no-db")
    assert proc.returncode == 1 and f"port {port} is taken" in proc.stderr
    status = local_sh(tmp_path / "run", "status")
    assert status.returncode == 1 and json.loads(status.stdout)["up"] is False


def test_down_with_nothing_up_is_fine(tmp_path):
    proc = local_sh(tmp_path / "run", "down")
    assert proc.returncode == 0 and "nothing to stop" in proc.stderr


def test_a_failed_up_stops_what_it_started(tmp_path):
    """Replicas that do not become healthy in time (a zero timeout here): up says which, stops them, keeps the logs."""
    if not NGINX.exists():
        pytest.skip("nginx is not installed (scripts/test.sh installs Debian's nginx)")
    run = tmp_path / "run"
    proc = local_sh(run, "up", "--replicas", "2", "--no-db", "--port", str(free_port()),
                    env={"CONFLICTMAP_HEALTH_TIMEOUT": "0"})
    assert proc.returncode == 1
    assert "did not become healthy" in proc.stderr and "up failed: stopping what it started" in proc.stderr
    assert not (run / "state.env").exists() and (run / "logs" / "replica-1.log").exists()
    stopped = [int(pid) for pid in re.findall(r"stopped replica \(pid (\d+)\)", proc.stderr)]
    assert len(stopped) == 2
    for pid in stopped:  # gone, or the number reused by something that is not a replica
        cmdline = Path(f"/proc/{pid}/cmdline")
        assert not cmdline.exists() or b"streamlit" not in cmdline.read_bytes()
