"""One monitoring cycle at a time, whatever starts it (cron `crawl`, the daemon, a user).

Two cycles on one store would crawl the same sites twice and race to write the same versions,
so every cycle holds an exclusive lock on a file next to the SQLite database (for other
database URLs, a file in the XDG state folder). The lock is a kernel `flock`: it disappears
with the process that held it, so a crashed or SIGKILLed cycle never blocks the next one. The
file also records who holds it (pid, start time, command) for the refusal message and for
`status`; a record left behind by a holder that died is "stale" and is taken over, with a log
line. The file itself is never deleted: deleting a lock file lets two processes lock two
different files of the same name. It is private (0600), and a database password in the
recorded command line is masked (`mask_secrets`), as it is in the refusal message and `status`.

A cycle that dies leaves its `crawl_runs` rows at outcome `running`; whoever holds the lock next
knows no cycle is running, so it marks them `interrupted` (see `exclusive_cycle`).
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import logging
import os
import re
import socket
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Self

import click
import psutil
from sqlalchemy import select
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from db.models import CrawlRun
from db.store import Store, utcnow

log = logging.getLogger(__name__)

#: Exit code of a command refused because another cycle (or daemon) holds the lock:
#: EX_TEMPFAIL from sysexits.h, "try again later", which is what cron should do.
EXIT_LOCKED = 75
CYCLE = "cycle"
DAEMON = "daemon"
INTERRUPTED = "interrupted"


@dataclass(frozen=True)
class LockHolder:
    """Who holds (or last held) a lock, as recorded in its file."""

    pid: int
    started_at: str
    command: str
    host: str = ""

    def describe(self) -> str:
        return f"pid {self.pid}, `{self.command}`, since {self.started_at}"

    def as_dict(self) -> dict[str, object]:
        return {"pid": self.pid, "started_at": self.started_at, "command": self.command, "host": self.host}


class LockHeldError(click.ClickException):
    """Another process holds the lock: a one-line refusal with its own exit code, not a crash."""

    exit_code = EXIT_LOCKED

    def __init__(self, kind: str, path: Path, holder: LockHolder | None) -> None:
        who = holder.describe() if holder else "holder unknown"
        what = "another monitoring cycle is running" if kind == CYCLE else "a daemon (`hainan-monitor run`) is already running on this database"
        super().__init__(f"{what} ({who}; lock {path}); this one exits, try again later")
        self.kind = kind
        self.path = path
        self.holder = holder


def lock_path(db_url: str, kind: str = CYCLE) -> Path:
    """`monitor.db.lock` (or `monitor.db.daemon.lock`) next to a SQLite file; else a state-folder file."""
    suffix = ".lock" if kind == CYCLE else f".{kind}.lock"
    url = make_url(db_url)
    if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
        database = Path(url.database).expanduser().resolve()
        return database.with_name(database.name + suffix)
    state = Path(os.environ.get("XDG_STATE_HOME") or Path.home() / ".local" / "state") / "hainan-monitor"
    slug = re.sub(r"[^A-Za-z0-9]+", "-", f"{url.get_backend_name()}-{url.host or ''}-{url.database or ''}").strip("-")
    digest = hashlib.sha1(url.render_as_string(hide_password=True).encode()).hexdigest()[:10]
    return state / f"{slug[:60]}-{digest}{suffix}"


class FileLock:
    """An exclusive, non-blocking `flock` on one file, with the holder recorded inside it."""

    def __init__(self, path: Path, kind: str = CYCLE) -> None:
        self.path = path
        self.kind = kind
        self._fd: int | None = None

    def acquire(self) -> LockHolder | None:
        """Take the lock or raise LockHeldError; returns the stale holder it replaced, if any."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _parse(_read(fd))
            os.close(fd)
            raise LockHeldError(self.kind, self.path, holder) from None
        os.fchmod(fd, 0o600)  # also a file an older version created 0644
        stale = _parse(_read(fd))
        record = LockHolder(
            pid=os.getpid(),
            started_at=datetime.now().astimezone().isoformat(timespec="seconds"),
            command=_command_line(),
            host=socket.gethostname(),
        )
        _write(fd, json.dumps(record.as_dict()))
        self._fd = fd
        if stale is not None:
            log.warning("took over the stale %s lock %s of %s: that process ended without releasing it", self.kind, self.path, stale.describe())
        return stale

    def release(self) -> None:
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        try:
            _write(fd, "")
            fcntl.flock(fd, fcntl.LOCK_UN)
        finally:
            os.close(fd)

    def __enter__(self) -> Self:
        self.acquire()
        return self

    def __exit__(self, *_: object) -> None:
        self.release()


def current_holder(path: Path) -> LockHolder | None:
    """The live holder recorded in a lock file, without touching the lock (for `status`)."""
    try:
        holder = _parse(path.read_text(encoding="utf-8"))
    except OSError:
        return None
    return holder if holder is not None and psutil.pid_exists(holder.pid) else None


@contextmanager
def exclusive_cycle(db_url: str, store: Store) -> Iterator[LockHolder | None]:
    """Hold the cycle lock for the body of one cycle; close the runs of cycles that died.

    Runs still `running` when the lock is taken belong to a cycle that died; runs still
    `running` when it is released belong to this cycle's crawl process, which ended without
    closing them (killed, or stopped before Scrapy could). Either way they are `interrupted`.
    """
    lock = FileLock(lock_path(db_url, CYCLE), CYCLE)
    stale = lock.acquire()
    try:
        close_interrupted_runs(store, finished=False)
        yield stale
    finally:
        try:
            close_interrupted_runs(store, finished=True)
        finally:
            lock.release()


def close_interrupted_runs(store: Store, *, finished: bool) -> int:
    """Mark `running` crawl_runs as `interrupted` (only safe while holding the cycle lock)."""
    try:
        with store.session() as session:
            runs = list(session.scalars(select(CrawlRun).where(CrawlRun.outcome == "running")))
            for run in runs:
                run.outcome = INTERRUPTED
                run.finished_at = utcnow() if finished else None
                detail = json.loads(run.detail) if run.detail.startswith("{") else {}
                detail["finish_reason"] = INTERRUPTED
                run.detail = json.dumps(detail, sort_keys=True)
    except SQLAlchemyError:
        log.warning("could not mark interrupted crawl runs", exc_info=True)
        return 0
    for run in runs:
        log.warning("crawl run %s of cycle %s (%s) was interrupted before it finished", run.id, run.cycle_id, run.spider)
    return len(runs)


def _command_line() -> str:
    args = [arg for arg in sys.argv[1:] if not arg.startswith("--config=")]
    return mask_secrets(" ".join(["hainan-monitor", *args]))[:200]


_URL = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*://[^\s'\"]+")


def mask_secrets(text: str) -> str:
    """`text` with the password of every database URL in it replaced by ***."""
    return _URL.sub(lambda match: mask_url(match.group(0)), text)


def mask_url(url: str) -> str:
    """A database URL as SQLAlchemy prints it with `hide_password=True`; other text unchanged."""
    try:
        parsed = make_url(url)
    except Exception:  # noqa: BLE001 - not a database URL: nothing to hide
        return url
    return parsed.render_as_string(hide_password=True) if parsed.password else url


def _read(fd: int) -> str:
    os.lseek(fd, 0, os.SEEK_SET)
    chunks = []
    while chunk := os.read(fd, 4096):
        chunks.append(chunk)
    return b"".join(chunks).decode("utf-8", "replace")


def _write(fd: int, text: str) -> None:
    os.ftruncate(fd, 0)
    os.lseek(fd, 0, os.SEEK_SET)
    os.write(fd, text.encode("utf-8"))


def _parse(text: str) -> LockHolder | None:
    try:
        data = json.loads(text)
        command = mask_secrets(str(data.get("command", "?")))  # a file written before masking existed
        return LockHolder(pid=int(data["pid"]), started_at=str(data.get("started_at", "?")), command=command, host=str(data.get("host", "")))
    except (ValueError, KeyError, TypeError):
        return None
