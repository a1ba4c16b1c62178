"""Keeps only articles about industrial parks; the rest are counted and their URLs remembered.

An article already in the store is always kept, so a revision that drops the park's name is
still recorded as a version.
"""

from __future__ import annotations

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem

from db.gazetteer import is_park_related, load_gazetteer
from scraper.extensions.store_extension import store_for
from scraper.items import ArticleItem


class RelevancePipeline:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RelevancePipeline:
        return cls(crawler)

    def process_item(self, item: ArticleItem) -> ArticleItem:
        if is_park_related(item.title, item.text):
            item.parks = tuple(sorted({park for _, _, park in load_gazetteer().mentions(f"{item.title}\n{item.text}")}))
            return item
        if store_for(self.crawler).known([item.url]):
            return item
        store_for(self.crawler).skip(item.url, item.source, item.host, "not about a park")
        self.crawler.stats.inc_value("monitor/irrelevant")
        raise DropItem(f"not about an industrial park: {item.url}")
