"""Writes each article item to the store: a new article, a new version, or a re-check."""

from __future__ import annotations

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem
from sqlalchemy.exc import SQLAlchemyError

from scraper.extensions.store_extension import store_for
from scraper.items import ArticleItem
from scraper.store_failure import stop_crawl, store_failed


class StorePipeline:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StorePipeline:
        return cls(crawler)

    def process_item(self, item: ArticleItem) -> ArticleItem:
        if store_failed(self.crawler):
            raise DropItem("not stored: the store failed earlier in this crawl")
        try:
            result = store_for(self.crawler).save(item)
        except SQLAlchemyError as exc:  # disk full, read-only file …: stop here (store_failure.py)
            stop_crawl(self.crawler, exc)
            raise DropItem("not stored: the store failed") from None
        stats = self.crawler.stats
        stats.inc_value("monitor/articles_seen")
        if result.new_article:
            stats.inc_value("monitor/new_articles")
        if result.new_version:
            stats.inc_value("monitor/new_versions")
        else:
            stats.inc_value("monitor/unchanged")
        return item
