"""Runs the Scrapy spiders of one cycle, in a child process.

Twisted's reactor cannot be restarted inside one process, and a crawl that crashes or leaks
must not take the daemon (or the demo's second cycle) with it, so every crawl gets a fresh
process; it reports back through the `crawl_runs` rows it writes.

The child must not outlive its parent: a `kill -9` of a `crawl` or of the daemon frees the
cycle lock, and an orphaned crawl would then crawl alongside the next cycle and later
overwrite that cycle's outcome. On Linux the kernel kills the child when its parent dies
(`PR_SET_PDEATHSIG`); elsewhere a watchdog thread notices the new parent and exits.
"""

from __future__ import annotations

import ctypes
import logging
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Callable
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from scrapy.crawler import CrawlerProcess
from scrapy.settings import Settings
from scrapy.spiderloader import SpiderLoaderProtocol, get_spider_loader

from monitor.config import ConfigError, CrawlConfig
from monitor.logging_setup import forward_to, listen, quiet_library_tracebacks, quiet_noisy_loggers, setup_logging
from scraper.source_declaration import DeclarationError

log = logging.getLogger(__name__)


class UnknownSpiderError(ValueError):
    pass


@dataclass(frozen=True)
class CrawlJob:
    db_url: str
    cycle_id: str
    spiders: tuple[str, ...] = ()
    mirror: str | None = None
    revisit: str = "due"
    crawl: CrawlConfig = field(default_factory=CrawlConfig)
    log_level: str = "WARNING"
    extra_settings: dict[str, object] = field(default_factory=dict)


def project_settings(declared: Mapping[str, Any] | None = None) -> Settings:
    """The project's settings, with the configuration's declared sources (`[sources.<id>]`)."""
    settings = Settings()
    settings.setmodule("scraper.settings", priority="project")
    if declared:
        settings.set("DECLARED_SOURCES", dict(declared), priority="project")
    return settings


def spider_loader(settings: Settings) -> SpiderLoaderProtocol:
    """Coded and declared spiders; a declaration that cannot be used is a configuration error."""
    try:
        return get_spider_loader(settings)
    except DeclarationError as exc:
        raise ConfigError(str(exc)) from None


def available_spiders(declared: Mapping[str, Any] | None = None) -> list[str]:
    return sorted(spider_loader(project_settings(declared)).list())


def resolve_spiders(names: tuple[str, ...], crawl: CrawlConfig | None = None, mirror: str | None = None) -> tuple[str, ...]:
    """The named spiders; an unknown name is an error. With none named, all of them, except over
    a mirror: a mirror is a copy of some sites, often made before the project declared more
    (the demo's, an outside checker's copy of the three portals), so the bundled declared
    sources (scraper/sources.toml) crawl a mirror only when named."""
    crawl = crawl or CrawlConfig()
    settings = project_settings(crawl.sources)
    loader = spider_loader(settings)
    available = sorted(loader.list())
    unknown = [name for name in names if name not in available]
    if unknown:
        raise UnknownSpiderError(f"unknown spider {unknown[0]!r} (available: {', '.join(available)})")
    if names or not mirror:
        return names or tuple(available)
    bundled = getattr(loader, "bundled", frozenset())
    return tuple(name for name in available if name not in bundled)


def crawl_settings(job: CrawlJob) -> Settings:
    settings = project_settings()
    values: dict[str, object] = {
        "HAINAN_MONITOR_DB": job.db_url,
        "CYCLE_ID": job.cycle_id,
        "REVISIT_MODE": job.revisit,
        "LOG_LEVEL": job.log_level,
        "LOG_ENABLED": False,
    }
    if job.mirror:
        values["MIRROR_ORIGIN"] = job.mirror.rstrip("/")
    if job.crawl.user_agent:
        values["USER_AGENT"] = job.crawl.user_agent
    if job.crawl.download_delay is not None:
        values["DOWNLOAD_DELAY"] = job.crawl.download_delay
    if job.crawl.max_list_pages is not None:
        values["MAX_LIST_PAGES"] = job.crawl.max_list_pages
    if job.crawl.revisit_policy is not None:
        values["REVISIT_POLICY"] = job.crawl.revisit_policy
    if job.crawl.start_urls:
        values["START_URLS"] = job.crawl.start_urls
    if job.crawl.sources:
        values["DECLARED_SOURCES"] = job.crawl.sources
    values.update(job.extra_settings)
    settings.setdict(values, priority="cmdline")
    return settings


#: prctl(2) option: the signal this process gets when its parent dies.
PR_SET_PDEATHSIG = 1


def die_with_parent(parent_pid: int) -> None:
    """Make this (child) process end when `parent_pid`, its parent, ends."""
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        if libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) != 0:
            log.warning("prctl(PR_SET_PDEATHSIG) failed (errno %d): the crawl may outlive a killed parent", ctypes.get_errno())
    else:
        threading.Thread(target=_exit_when_orphaned, args=(parent_pid,), name="parent-watchdog", daemon=True).start()
    if os.getppid() != parent_pid:  # the parent died before the line above took effect
        os._exit(1)


def _exit_when_orphaned(parent_pid: int) -> None:
    while os.getppid() == parent_pid:
        time.sleep(1.0)
    os._exit(1)


def run_crawl(job: CrawlJob, parent_pid: int | None = None, log_queue: Any = None) -> None:
    """Crawl in this process (it can run only once per process); in a child of `parent_pid`,
    die with that parent."""
    if parent_pid is not None:
        die_with_parent(parent_pid)
    # The child logs through the program's own handlers (format, filters), not Scrapy's: in a
    # child, the parent's, through `log_queue`, so the parent's console and file print them.
    if log_queue is not None:
        forward_to(log_queue, job.log_level)
    else:
        setup_logging(job.log_level)
    quiet_library_tracebacks()
    process = crawler_process(job)
    for name in job.spiders:
        process.crawl(name)
    process.start()


def crawler_process(job: CrawlJob) -> CrawlerProcess:
    """Scrapy's process for the job. Scrapy's logging setup (DEFAULT_LOGGING) puts the `scrapy`
    logger back to DEBUG, so its per-page DEBUG lines ("Crawled (200)", each item) were built as
    records only for the handlers to drop them: its loggers are quietened again here."""
    process = CrawlerProcess(crawl_settings(job))
    quiet_noisy_loggers(job.log_level)
    return process


def run_crawl_in_child(job: CrawlJob, on_start: Callable[[int], None] | None = None) -> int:
    """Crawl in a fresh process; returns its exit code (0 when the crawl itself did not crash).
    `on_start(pid)` is told the child's pid (the cycle lock records it)."""
    context = multiprocessing.get_context("spawn")
    log_queue = context.Queue()
    listener = listen(log_queue)
    child = context.Process(target=run_crawl, args=(job, os.getpid(), log_queue), name=f"crawl-{job.cycle_id}")
    child.start()
    if on_start is not None and child.pid is not None:
        on_start(child.pid)
    try:
        child.join()
    except KeyboardInterrupt:
        child.terminate()
        child.join()
        raise
    finally:
        listener.stop()
    return child.exitcode or 0
