"""What the benchmarks share: a free loopback port, the machine's busy CPU time, and percentiles."""

from __future__ import annotations

import os
import socket
from pathlib import Path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def machine_busy_s() -> float:
    """CPU seconds all cores have spent busy since boot (``/proc/stat``, everything but idle and iowait): a
    measurement's share of it shows what else ran meanwhile."""
    ticks = [int(x) for x in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    return (sum(ticks) - ticks[3] - ticks[4]) / os.sysconf("SC_CLK_TCK")


def percentile(xs: list[float], q: float) -> float | None:
    """The ``q`` quantile (0–1) by nearest index, rounded to 0.1; None for no values."""
    if not xs:
        return None
    s = sorted(xs)
    return round(s[min(len(s) - 1, int(round(q * (len(s) - 1))))], 1)
