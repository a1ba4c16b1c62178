"""Runs the Scrapy spiders of one cycle, in a child process.

Twisted's reactor cannot be restarted inside one process, and a crawl that crashes or leaks
must not take the daemon (or the demo's second cycle) with it, so every crawl gets a fresh
process; it reports back through the `crawl_runs` rows it writes.
"""

from __future__ import annotations

import logging
import multiprocessing
from dataclasses import dataclass, field
from typing import Any

from scrapy.crawler import CrawlerProcess
from scrapy.settings import Settings
from scrapy.spiderloader import SpiderLoader

from monitor.config import CrawlConfig
from monitor.logging_setup import forward_to, listen, quiet_library_tracebacks, setup_logging

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


def project_settings() -> Settings:
    settings = Settings()
    settings.setmodule("scraper.settings", priority="project")
    return settings


def available_spiders() -> list[str]:
    return sorted(SpiderLoader.from_settings(project_settings()).list())


def resolve_spiders(names: tuple[str, ...]) -> tuple[str, ...]:
    """The named spiders (all of them when none is named); an unknown name is an error."""
    available = available_spiders()
    unknown = [name for name in names if name not in available]
    if unknown:
        raise UnknownSpiderError(f"unknown spider {unknown[0]!r} (available: {', '.join(available)})")
    return names or tuple(available)


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
    values.update(job.extra_settings)
    settings.setdict(values, priority="cmdline")
    return settings


def run_crawl(job: CrawlJob, log_queue: Any = None) -> None:
    """Crawl in this process (it can run only once per process)."""
    # The child logs through the program's own handlers (format, filters), not Scrapy's: in a
    # child, the parent's, through `log_queue`, so the parent's console and file print them.
    if log_queue is not None:
        forward_to(log_queue, job.log_level)
    else:
        setup_logging(job.log_level)
    quiet_library_tracebacks()
    process = CrawlerProcess(crawl_settings(job))
    for name in job.spiders:
        process.crawl(name)
    process.start()


def run_crawl_in_child(job: CrawlJob) -> int:
    """Crawl in a fresh process; returns its exit code (0 when the crawl itself did not crash)."""
    context = multiprocessing.get_context("spawn")
    log_queue = context.Queue()
    listener = listen(log_queue)
    child = context.Process(target=run_crawl, args=(job, log_queue), name=f"crawl-{job.cycle_id}")
    child.start()
    try:
        child.join()
    except KeyboardInterrupt:
        child.terminate()
        child.join()
        raise
    finally:
        listener.stop()
    return child.exitcode or 0
