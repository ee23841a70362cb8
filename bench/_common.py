"""What the benchmarks share: the shared data folder, the machine and timings.

Importing this module puts the repository root first on ``sys.path``, so a bench
run as ``python bench/NAME.py`` imports ``simulations`` from this checkout.
"""

from __future__ import annotations

import os
import platform
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


def shared_data() -> Path:
    """Returns the shared data folder: ``YOUTH_CIVICS_SHARED_DATA`` if set, else
    ``shared/data`` beside the repository."""
    configured = os.environ.get("YOUTH_CIVICS_SHARED_DATA")
    return Path(configured) if configured else REPO.parent / "shared" / "data"


def machine() -> str:
    """Returns the processor (model and count), the system and the Python version."""
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            names = [
                line.split(":", 1)[1].strip() for line in info if "model name" in line
            ]
        cpu = f"{names[0]} x{len(names)}" if names else cpu
    except OSError:
        pass
    return f"{cpu}, {platform.system()}, Python {platform.python_version()}"


def print_machine() -> None:
    """Prints the machine the timings were taken on."""
    print(f"machine: {machine()}")


def timings(
    work: Callable[[], Any], runs: int, *, warmup: int = 0
) -> tuple[list[float], Any]:
    """Returns the seconds each of ``runs`` calls of ``work`` took, after ``warmup``
    calls that are not timed, and the result of the last call."""
    for _ in range(warmup):
        work()
    seconds = []
    result = None
    for _ in range(runs):
        start = time.perf_counter()
        result = work()
        seconds.append(time.perf_counter() - start)
    return seconds, result


def best_of(runs: int, work: Callable[[], Any]) -> tuple[float, Any]:
    """Returns the fastest of ``runs`` timings of ``work`` in seconds, and the result
    of the last call."""
    seconds, result = timings(work, runs)
    return min(seconds), result
