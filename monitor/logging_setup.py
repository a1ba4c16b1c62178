"""The program log: the standard `logging` module, one readable format, optional file."""

from __future__ import annotations

import logging
from pathlib import Path

FORMAT = "%(asctime)s %(levelname)-7s %(name)s: %(message)s"


def setup_logging(level: str = "INFO", file: Path | None = None) -> None:
    handlers: list[logging.Handler] = [logging.StreamHandler()]
    if file is not None:
        handlers.append(logging.FileHandler(file, encoding="utf-8"))
    for handler in handlers:
        handler.setLevel(level)
    logging.basicConfig(level=level, format=FORMAT, handlers=handlers, force=True)
    # Scrapy and its libraries are chatty at INFO; the crawl summary says what matters.
    for noisy in ("scrapy", "twisted", "filelock", "alembic", "trafilatura", "htmldate", "charset_normalizer"):
        logging.getLogger(noisy).setLevel(max(logging.WARNING, logging.getLevelName(level)))


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
