"""Extraction spread over worker processes, for the big jobs: a `reextract`, a first cycle.

Extraction is CPU work on text alone (no store access), so worker processes can read versions
while the parent reads and writes the store.  Workers are forked from a fork server that has
imported the extractor once: forking the parent itself would copy its open database connections
and the locks of its threads (the daemon's scheduler), and spawning would import everything
again in each worker.  Small jobs (an incremental cycle's dozen versions) stay in the parent:
starting workers costs more than they save.
"""

from __future__ import annotations

import datetime as dt
import logging
import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager

from monitor.extract import extract_figures
from monitor.extract.figure import Figure

log = logging.getLogger(__name__)

#: (document, language, published date) of one version.
Job = tuple[str, str, dt.date | None]
#: Turns a batch of jobs into their figures, in order; the result is read when the batch is written.
Mapper = Callable[[list[Job]], Iterable[list[Figure]]]

#: Versions from which a job is spread over processes.
PARALLEL_FROM = 400


def figures_of(job: Job) -> list[Figure]:
    document, lang, published = job
    return extract_figures(document, lang=lang, published=published)


def cpus_available() -> int:
    """The CPUs this process may run on (a container's or taskset's limit, not the machine's)."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


@contextmanager
def figure_mapper(jobs: int, workers: int | None = None) -> Iterator[Mapper]:
    """A mapper for `jobs` versions: in this process below PARALLEL_FROM or with one CPU, else
    over `workers` processes (default: the CPUs available).  The pool's map is lazy, so the
    caller can write one batch while the workers read the next."""
    workers = workers or cpus_available()
    if jobs < PARALLEL_FROM or workers < 2:
        yield lambda batch: [figures_of(job) for job in batch]
        return
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["monitor.extract"])
    try:
        pool = ProcessPoolExecutor(max_workers=workers, mp_context=context)
        pool.submit(figures_of, ("", "en", None)).result()  # the workers start now, or not at all
    except (OSError, BrokenProcessPool) as error:  # no /dev/shm, a process limit: slower, not broken
        log.warning("extracting in one process: worker processes could not start (%s)", error)
        yield lambda batch: [figures_of(job) for job in batch]
        return
    with pool:
        yield lambda batch: pool.map(figures_of, batch, chunksize=max(1, len(batch) // (4 * workers)))
