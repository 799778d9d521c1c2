"""Shared fixtures: the shipped atlas, the importers' geography, a throw-away copy of the data root, and the CLI
runner (builders used by several test files are in helpers.py)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conflictmap.catalog import load_atlas
from conflictmap.importers import Geo
from conflictmap.paths import REPO_DIR, DataPaths

SAMPLES_DIR = REPO_DIR.parent / "shared" / "samples"
ARTIFACTS_DIR = REPO_DIR / "tests" / "artifacts"


@pytest.fixture(scope="session")
def atlas():
    """The shipped data, loaded once."""
    return load_atlas(DataPaths(REPO_DIR))


@pytest.fixture(scope="session")
def geo() -> Geo:
    """The importers' geography (regions and gazetteer) of the shipped data, loaded once."""
    return Geo(DataPaths(REPO_DIR))


@pytest.fixture
def data_copy(tmp_path) -> DataPaths:
    """A copy of the shipped data root that a test may break."""
    for name in ("geodata", "events"):
        shutil.copytree(REPO_DIR / name, tmp_path / name)
    return DataPaths(tmp_path)


@pytest.fixture
def samples_dir() -> Path:
    if not SAMPLES_DIR.is_dir():
        pytest.skip(f"third-party samples folder {SAMPLES_DIR} is absent (it lives beside the repository, not in it)")
    return SAMPLES_DIR


def run_cli(*args: str, data: Path | None = None, stdin: str | None = None) -> subprocess.CompletedProcess:
    """Run ``python -m conflictmap`` as a user would, in a subprocess."""
    env = dict(os.environ)
    if data is not None:
        env["CONFLICTMAP_DATA"] = str(data)
    return subprocess.run(
        [sys.executable, "-m", "conflictmap", *args], capture_output=True, text=True, cwd=REPO_DIR, env=env, input=stdin, timeout=300
    )


def cli_json(*args: str, data: Path | None = None):
    res = run_cli(*args, data=data)
    assert res.returncode == 0, res.stdout + res.stderr
    return json.loads(res.stdout)


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    ARTIFACTS_DIR.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS_DIR


# ---- one Chromium for every real-browser test (tests/browser, tests/db, tests/deploy) ------------------------
# Playwright's sync API runs its own event loop: a second sync_playwright() while one is open fails, so the suite
# shares this session-scoped browser and each test opens its own context.

CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/lib/chromium/chromium", "/usr/bin/chromium-browser")


def chromium_path() -> str:
    for path in CHROMIUM_CANDIDATES:
        if os.path.exists(path):
            return path
    found = shutil.which("chromium")
    if found:
        return found
    pytest.fail("Chromium is not installed: run scripts/test.sh (it installs Debian's chromium) or apt-get install chromium")


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=chromium_path(),
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
        )
        yield b
        b.close()
