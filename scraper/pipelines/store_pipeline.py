"""Writes each article item to the store: a new article, a new version, or a re-check."""

from __future__ import annotations

from scrapy.crawler import Crawler

from scraper.extensions.store_extension import store_for
from scraper.items import ArticleItem


class StorePipeline:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StorePipeline:
        return cls(crawler)

    def process_item(self, item: ArticleItem) -> ArticleItem:
        result = store_for(self.crawler).save(item)
        stats = self.crawler.stats
        stats.inc_value("monitor/articles_seen")
        if result.new_article:
            stats.inc_value("monitor/new_articles")
        if result.new_version:
            stats.inc_value("monitor/new_versions")
        else:
            stats.inc_value("monitor/unchanged")
        return item
