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

The crawl itself runs in a spawned child process, which does not hold the `flock`: a cycle
killed with SIGKILL frees the lock while its child may still be crawling. The child dies with
its parent (crawl_runner.die_with_parent), and as a second line of defence the holder records
its crawl child's pid (and start time, against pid reuse) in the file: a lock whose recorded
child is still alive is never taken over.

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
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Self

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
    #: The spawned crawl process of the cycle, and its start time (psutil create_time).
    child_pid: int | None = None
    child_started: float | None = None

    def describe(self) -> str:
        return f"pid {self.pid}, `{self.command}`, since {self.started_at}"

    def as_dict(self) -> dict[str, object]:
        record: dict[str, object] = {"pid": self.pid, "started_at": self.started_at, "command": self.command, "host": self.host}
        if self.child_pid is not None:
            record.update(child_pid=self.child_pid, child_started=self.child_started)
        return record

    def child_alive(self) -> bool:
        """Is the recorded crawl child still running (the same process, not a reused pid)?"""
        if self.child_pid is None:
            return False
        try:
            child = psutil.Process(self.child_pid)
            return child.is_running() and child.status() != psutil.STATUS_ZOMBIE and (
                self.child_started is None or abs(child.create_time() - self.child_started) < 1.0
            )
        except psutil.Error:
            return False


class LockHeldError(RuntimeError):
    """Another process holds the lock: the CLI reports it in one line with exit code EXIT_LOCKED."""

    exit_code = EXIT_LOCKED

    def __init__(self, kind: str, path: Path, holder: LockHolder | None, orphan: bool = False) -> None:
        who = holder.describe() if holder else "holder unknown"
        what = "another monitoring cycle is running" if kind == CYCLE else "a daemon (`hainan-monitor run`) is already running on this database"
        if orphan and holder is not None:
            what = f"the crawl process (pid {holder.child_pid}) of a monitoring cycle that died is still running"
            who = f"its cycle was {holder.describe()}"
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
        self._record: LockHolder | None = None
        self.stale: LockHolder | None = None

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
        if stale is not None and stale.child_alive():  # its holder died, its crawl did not
            fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)
            raise LockHeldError(self.kind, self.path, stale, orphan=True)
        record = LockHolder(
            pid=os.getpid(),
            started_at=datetime.now().astimezone().isoformat(timespec="seconds"),
            command=_command_line(),
            host=socket.gethostname(),
        )
        _write(fd, json.dumps(record.as_dict()))
        self._fd = fd
        self._record = record
        self.stale = stale
        if stale is not None:
            log.warning("took over the stale %s lock %s of %s: that process ended without releasing it", self.kind, self.path, stale.describe())
        return stale

    def record_child(self, pid: int) -> None:
        """Note the cycle's crawl child in the lock file (see the module docstring)."""
        if self._fd is None or self._record is None:
            return
        try:
            started: float | None = psutil.Process(pid).create_time()
        except psutil.Error:
            started = None
        self._record = replace(self._record, child_pid=pid, child_started=started)
        _write(self._fd, json.dumps(self._record.as_dict()))

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
    alive = holder is not None and (psutil.pid_exists(holder.pid) or holder.child_alive())
    return holder if alive else None


@contextmanager
def exclusive_cycle(store: Store) -> Iterator[FileLock]:
    """Hold the cycle lock for the body of one cycle; close the runs of cycles that died.

    Runs still `running` when the lock is taken belong to a cycle that died; runs still
    `running` when it is released belong to this cycle's crawl process, which ended without
    closing them (killed, or stopped before Scrapy could). Either way they are `interrupted`.
    """
    lock = FileLock(lock_path(store.url, CYCLE), CYCLE)
    lock.acquire()
    try:
        close_interrupted_runs(store, finished=False)
        yield lock
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
        child = data.get("child_pid")
        child_started = data.get("child_started")
        return LockHolder(
            pid=int(data["pid"]), started_at=str(data.get("started_at", "?")), command=command, host=str(data.get("host", "")),
            child_pid=int(child) if child is not None else None,
            child_started=float(child_started) if child_started is not None else None,
        )
    except (ValueError, KeyError, TypeError):
        return None
