"""The real CLI, run as a subprocess the way a user (or cron) runs it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

#: The repository root: subprocesses run there, so `python -m monitor` and `scrapy` find the project.
REPO = Path(__file__).resolve().parents[2]


def run_cli(*args: str, env: dict[str, str] | None = None, cwd: Path | None = None, timeout: float = 240) -> subprocess.CompletedProcess[str]:
    """`python -m monitor ARGS` in a real process, as a user (or cron) would run it."""
    full_env = {**os.environ, "PYTHONIOENCODING": "utf-8", **(env or {})}
    full_env.pop("HAINAN_MONITOR_DB", None) if env is None or "HAINAN_MONITOR_DB" not in env else None
    return subprocess.run(
        [sys.executable, "-m", "monitor", *args],
        capture_output=True,
        text=True,
        env=full_env,
        cwd=cwd or REPO,
        timeout=timeout,
    )
