"""The program log: the standard `logging` module, one readable format, optional file.

A log file is opened with WatchedFileHandler, so logrotate (or a user) can move it away while
the daemon runs and the next line starts a new file; `rotate_bytes` makes the program rotate
the file itself instead (RotatingFileHandler), for machines without logrotate.
"""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

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


def setup_logging(level: str = "INFO", file: Path | None = None, *, rotate_bytes: int = 0, backups: int = 5) -> None:
    handlers: list[logging.Handler] = [logging.StreamHandler()]
    if file is not None:
        handlers.append(file_handler(Path(file), rotate_bytes, backups))
    for handler in handlers:
        handler.setLevel(level)
        handler.setFormatter(PrintableFormatter(FORMAT))
    logging.basicConfig(level=level, format=FORMAT, handlers=handlers, force=True)
    for noisy in NOISY:
        logging.getLogger(noisy).setLevel(max(logging.WARNING, logging.getLevelName(level)))
    # "discarding data" for every page its generic extraction rejects: the caller reports that.
    logging.getLogger("trafilatura").setLevel(max(logging.ERROR, logging.getLevelName(level)))


def file_handler(file: Path, rotate_bytes: int = 0, backups: int = 5) -> logging.Handler:
    if rotate_bytes > 0:
        return logging.handlers.RotatingFileHandler(file, maxBytes=rotate_bytes, backupCount=backups, encoding="utf-8")
    return logging.handlers.WatchedFileHandler(file, encoding="utf-8")


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
