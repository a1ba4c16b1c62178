"""Running the real CLI in a real pseudo-terminal of a given size, as a person's terminal is.

Rich decides from the terminal (isatty, its size) how to draw; only a pty shows what a person at
an 80-column terminal sees. The output is read raw (escape codes and all) and can be reduced to
the lines a terminal would show.
"""

from __future__ import annotations

import fcntl
import os
import pty
import re
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

from rich.cells import cell_len

REPO = Path(__file__).resolve().parents[2]
_ESCAPES = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\]8;[^\x1b\x07]*(?:\x1b\\|\x07)|\x1b[()][A-Z0-9]")


def run_in_pty(*args: str, columns: int = 80, rows: int = 50, cwd: Path | None = None, env: dict[str, str] | None = None,
               stdin_pty: bool = False, send: bytes | None = None, timeout: float = 120) -> tuple[int, str]:
    """`python -m monitor ARGS` with stdout and stderr on a pty of `columns` × `rows`; (exit code, raw output)."""
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
    full_env = {**os.environ, "COLUMNS": str(columns), "LINES": str(rows), "TERM": "xterm-256color",
                "PYTHONIOENCODING": "utf-8", **(env or {})}
    for variable in ("NO_COLOR", "FORCE_COLOR", "TERM_PROGRAM"):
        full_env.pop(variable, None)
    process = subprocess.Popen(
        [sys.executable, "-m", "monitor", *args], stdout=follower, stderr=follower,
        stdin=follower if stdin_pty else subprocess.DEVNULL, cwd=cwd or REPO, env=full_env, close_fds=True,
    )
    os.close(follower)
    chunks: list[bytes] = []
    deadline = time.monotonic() + timeout
    sent = False
    while True:
        if send is not None and not sent and chunks:
            os.write(leader, send)
            sent = True
        try:
            data = os.read(leader, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not data:
            break
        chunks.append(data)
        if time.monotonic() > deadline:
            process.kill()
            break
    os.close(leader)
    return process.wait(timeout=30), b"".join(chunks).decode("utf-8", "replace")


def screen_lines(raw: str) -> list[str]:
    """The output as lines of text: escape codes removed, a carriage return starts a new segment."""
    text = _ESCAPES.sub("", raw)
    return [segment for line in text.split("\n") for segment in line.split("\r") if segment.strip()]


def widest(lines: list[str]) -> int:
    return max((cell_len(line.rstrip()) for line in lines), default=0)
