"""Writes the article items to the store: a new article, a new version, or a re-check.

Items are committed in batches: one transaction per `STORE_BATCH_ITEMS` items while a crawl
runs fast, and at least every `STORE_BATCH_SECONDS`, so a burst of pages does not pay a
transaction each. Batches start small and double (1, 2, 4 … items): a short crawl still commits
early, and a store that cannot take more (a full disk) is found after a few pages, not at the end. Nothing accepted is lost: the batch is committed when the
spider closes, also when the crawl is stopped (SIGTERM, Ctrl-C, a failed source), and a batch the
store refuses (a full disk) is retried item by item, keeping what fits, before the crawl stops.
Only a kill that gives the process no chance to close (SIGKILL, a power cut) loses the batch in
flight; those articles are not in the store, so the next cycle fetches them as new.
"""

from __future__ import annotations

import time

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem
from sqlalchemy.exc import SQLAlchemyError
from twisted.internet.task import LoopingCall

from db.store import SaveResult
from scraper.extensions.store_extension import store_for
from scraper.items import ArticleItem
from scraper.store_failure import stop_crawl, store_failed


class StorePipeline:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.batch_items = crawler.settings.getint("STORE_BATCH_ITEMS", 50)
        self.batch_seconds = crawler.settings.getfloat("STORE_BATCH_SECONDS", 1.0)
        self.batch_size = 1  # doubles after each commit, up to batch_items
        self.pending: list[ArticleItem] = []
        self.last_commit = float("-inf")
        self.timer: LoopingCall | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StorePipeline:
        return cls(crawler)

    def open_spider(self) -> None:
        self.timer = LoopingCall(self.commit_if_due)
        self.timer.start(self.batch_seconds, now=False)

    def close_spider(self) -> None:
        """Called before `spider_closed`, so the crawl-run extension records the final counts."""
        if self.timer is not None and self.timer.running:
            self.timer.stop()
        self.commit()

    def process_item(self, item: ArticleItem) -> ArticleItem:
        if store_failed(self.crawler):
            raise DropItem("not stored: the store failed earlier in this crawl")
        self.pending.append(item)
        if len(self.pending) >= self.batch_size:
            self.commit()
        else:
            self.commit_if_due()
        return item

    def commit_if_due(self) -> None:
        if self.pending and time.monotonic() - self.last_commit >= self.batch_seconds:
            self.commit()

    def commit(self) -> None:
        """Write the pending items in one transaction; on failure, one by one until one fails."""
        items, self.pending = self.pending, []
        if not items or store_failed(self.crawler):
            return
        store = store_for(self.crawler)
        try:
            results = store.save_many(items)
        except SQLAlchemyError:
            results = []
            for item in items:
                try:
                    results.append(store.save(item))
                except SQLAlchemyError as exc:  # disk full, read-only file …: stop here (store_failure.py)
                    stop_crawl(self.crawler, exc)
                    break
        self.last_commit = time.monotonic()
        self.batch_size = min(self.batch_size * 2, self.batch_items)
        self.count(results)

    def count(self, results: list[SaveResult]) -> None:
        stats = self.crawler.stats
        for result in results:
            stats.inc_value("monitor/articles_seen")
            if result.new_article:
                stats.inc_value("monitor/new_articles")
            if result.new_version:
                stats.inc_value("monitor/new_versions")
            else:
                stats.inc_value("monitor/unchanged")
