"""Records each spider's run in `crawl_runs`: what it asked for, what it found, what went wrong.

The counts come from Scrapy's stats (requests, responses) and the project's own `monitor/*`
stats (new articles, versions, 304s, problems), so the table says why a source looks quiet.
"""

from __future__ import annotations

import json
import logging
import uuid

from sqlalchemy.exc import SQLAlchemyError

from scrapy import Spider, signals
from scrapy.crawler import Crawler

from scraper.extensions.store_extension import store_for
from scraper.store_failure import STORE_FAILED, describe_store_failure, store_failed

log = logging.getLogger(__name__)

#: crawl_runs column -> stats key
COUNTS = {
    "requests": "monitor/requests",
    "pages": "response_received_count",
    "articles_seen": "monitor/articles_seen",
    "new_articles": "monitor/new_articles",
    "new_versions": "monitor/new_versions",
    "not_modified": "monitor/not_modified",
    "unchanged": "monitor/unchanged",
    "irrelevant": "monitor/irrelevant",
    "problems": "monitor/problems",
    "errors": "monitor/errors",
}

#: Stats kept in `crawl_runs.detail` (JSON): the breakdown behind the counts above.
DETAIL_KEYS = (
    "monitor/problems/",
    "monitor/layer/",
    "monitor/list_pages",
    "monitor/empty_lists",
    "monitor/conditional_requests",
    "monitor/ignored",
    "monitor/missing_issues",
)


class CrawlRunExtension:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.cycle_id = crawler.settings.get("CYCLE_ID") or uuid.uuid4().hex[:12]
        self.run_id: int | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CrawlRunExtension:
        extension = cls(crawler)
        crawler.signals.connect(extension.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    def spider_opened(self, spider: Spider) -> None:
        self.run_id = store_for(self.crawler).start_run(self.cycle_id, spider.name)

    def spider_closed(self, spider: Spider, reason: str) -> None:
        if store_failed(self.crawler):
            # The store may refuse the last batch while the spider is already closing for
            # another reason (the pipeline commits on close): the run still failed on the store.
            reason = STORE_FAILED
        stats = self.crawler.stats.get_stats()
        counts = {column: int(stats.get(key, 0)) for column, key in COUNTS.items()}
        detail = {
            key.removeprefix("monitor/"): value
            for key, value in stats.items()
            if key.startswith(DETAIL_KEYS)
        }
        detail["finish_reason"] = reason
        outcome = run_outcome(reason, stats)
        if self.run_id is None:
            return
        try:
            store_for(self.crawler).finish_run(self.run_id, outcome, counts, json.dumps(detail, sort_keys=True))
        except SQLAlchemyError as exc:  # the store is full or gone: the next cycle marks it interrupted
            if not store_failed(self.crawler):
                log.error("%s (the outcome of this run could not be recorded)", describe_store_failure(self.crawler, exc))


def run_outcome(reason: str, stats: dict) -> str:
    """ok, degraded (it ran, but some pages failed or were refused), failed (nothing usable), or
    interrupted (stopped from outside, e.g. the daemon's SIGTERM: says nothing about the site)."""
    if reason == "shutdown":
        return "interrupted"
    if reason != "finished" or not stats.get("monitor/list_pages", 0) and not stats.get("monitor/articles_seen", 0) and not stats.get("monitor/not_modified", 0):
        return "failed"
    if stats.get("monitor/errors", 0) or stats.get("monitor/problems", 0) or stats.get("monitor/empty_lists", 0):
        return "degraded"
    return "ok"
