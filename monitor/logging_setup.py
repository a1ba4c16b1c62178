"""The program log: the standard `logging` module, one readable format, optional file.

On a terminal the log goes through Rich's handler on the same stderr console as the live
progress (`stderr_console()`), so a log line is printed above the status line instead of over
it; elsewhere (a pipe, cron, journald) it is plain text lines. The crawl runs in a child
process whose records come back through a queue (`forward_to`, `listen`) and are printed by the
parent's handlers: one console, each message once, and the child's warnings reach the log file.

A log file is opened with WatchedFileHandler, so logrotate (or a user) can move it away while
the daemon runs and the next line starts a new file; `rotate_bytes` makes the program rotate
the file itself instead (RotatingFileHandler), for machines without logrotate. A missing
folder for it is created.
"""

from __future__ import annotations

import logging
import logging.handlers
import sys
from functools import cache
from pathlib import Path
from typing import Any

from rich.console import Console

from monitor.printable import printable

FORMAT = "%(asctime)s %(levelname)-7s %(name)s: %(message)s"
#: Chatty at INFO (Scrapy's stats, APScheduler's "Running job …" every cycle); the monitor's
#: own lines say what matters.
NOISY = ("scrapy", "twisted", "filelock", "alembic", "trafilatura", "htmldate", "charset_normalizer", "apscheduler")


class PrintableFormatter(logging.Formatter):
    """Log lines with control characters escaped: a scraped title's ESC sequence must not reach
    the terminal or forge a line in the log file (monitor/printable.py)."""

    def format(self, record: logging.LogRecord) -> str:
        return printable(super().format(record))
@cache
def stderr_console() -> Console:
    """The one stderr console: the log handler, progress bars and status lines all print here."""
    return Console(stderr=True)


def console_handler() -> logging.Handler:
    """Rich's handler on a terminal (shares the live display), a plain stream handler otherwise."""
    console = stderr_console()
    if console.is_terminal:
        from rich.logging import RichHandler

        rich_handler = RichHandler(console=console, show_path=False, markup=False, rich_tracebacks=False,
                                   log_time_format="[%X]", keywords=[])
        rich_handler.setFormatter(PrintableFormatter("%(message)s"))  # Rich prints the time and level
        return rich_handler
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(PrintableFormatter(FORMAT))
    return handler


def setup_logging(level: str = "INFO", file: Path | None = None, *, rotate_bytes: int = 0, backups: int = 5) -> None:
    handlers: list[logging.Handler] = [console_handler()]
    if file is not None:
        handlers.append(file_handler(Path(file), rotate_bytes, backups))
    for handler in handlers:
        handler.setLevel(level)
    logging.basicConfig(level=level, format=FORMAT, handlers=handlers, force=True)
    quiet_noisy_loggers(level)


def quiet_noisy_loggers(level: str) -> None:
    for noisy in NOISY:
        logging.getLogger(noisy).setLevel(max(logging.WARNING, logging.getLevelName(level)))
    # "discarding data" for every page its generic extraction rejects: the caller reports that.
    logging.getLogger("trafilatura").setLevel(max(logging.ERROR, logging.getLevelName(level)))


def file_handler(file: Path, rotate_bytes: int = 0, backups: int = 5) -> logging.Handler:
    file.parent.mkdir(parents=True, exist_ok=True)  # cron's `--log-file logs/monitor.log` on a fresh install
    handler: logging.Handler
    if rotate_bytes > 0:
        handler = logging.handlers.RotatingFileHandler(file, maxBytes=rotate_bytes, backupCount=backups, encoding="utf-8")
    else:
        handler = logging.handlers.WatchedFileHandler(file, encoding="utf-8")
    handler.setFormatter(PrintableFormatter(FORMAT))
    return handler


class _PlainQueueHandler(logging.handlers.QueueHandler):
    """Queues a copy of each record with only plain fields: Scrapy attaches spiders and
    crawlers to its records (`extra=`), which cannot cross a process boundary."""

    _KEEP = ("name", "levelno", "levelname", "created", "msecs", "relativeCreated", "process", "processName",
             "thread", "threadName", "pathname", "filename", "module", "lineno", "funcName")

    def prepare(self, record: logging.LogRecord) -> logging.LogRecord:
        message = self.format(record)  # the message with its arguments and any traceback
        return logging.makeLogRecord({**{key: getattr(record, key, None) for key in self._KEEP}, "msg": message, "args": None})


def forward_to(queue: Any, level: str) -> None:
    """In a child process: send every record to the parent through `queue`, print nothing here."""
    handler = _PlainQueueHandler(queue)
    handler.setLevel(level)
    handler.setFormatter(logging.Formatter("%(message)s"))
    logging.basicConfig(level=level, handlers=[handler], force=True)
    quiet_noisy_loggers(level)


def listen(queue: Any) -> logging.handlers.QueueListener:
    """In the parent: print a child's records with this process's handlers (console and file)."""
    listener = logging.handlers.QueueListener(queue, *logging.getLogger().handlers, respect_handler_level=True)
    listener.start()
    return listener


class NoLibraryTracebacks(logging.Filter):
    """Keeps Scrapy's and Twisted's error lines but drops their tracebacks.

    A refused connection or a timeout is the site's problem, said in one line; the traceback
    only helps when debugging the crawler, so it is kept at DEBUG level.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if record.name.startswith(("scrapy", "twisted", "py.warnings")) and record.exc_info:
            record.exc_info = None
            record.exc_text = None
        return True


def quiet_library_tracebacks() -> None:
    if logging.getLogger().getEffectiveLevel() <= logging.DEBUG:
        return
    for handler in logging.getLogger().handlers:
        handler.addFilter(NoLibraryTracebacks())
