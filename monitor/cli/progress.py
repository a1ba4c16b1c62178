"""Progress for long work: a live bar on a terminal, a plain log line now and then elsewhere."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from monitor.logging_setup import stderr_console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

log = logging.getLogger(__name__)


@contextmanager
def progress_reporter(description: str) -> Iterator[Callable[[int, int], None]]:
    """Yields `report(done, total)`."""
    console = stderr_console()  # the log handler's console: log lines print above the bar
    if console.is_terminal:
        with Progress(
            TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
            transient=True, console=console,
        ) as bar:
            task = bar.add_task(description, total=None)

            def report(done: int, total: int) -> None:
                bar.update(task, completed=done, total=total)

            yield report
        return
    last_logged = -1

    def report_to_log(done: int, total: int) -> None:
        nonlocal last_logged
        tenth = done * 10 // max(total, 1)
        if tenth != last_logged:
            last_logged = tenth
            log.info("%s: %d/%d", description, done, total)

    yield report_to_log
