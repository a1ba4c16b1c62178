"""Keeps only articles about industrial parks; the rest are counted and their URLs remembered.

An article already in the store is always kept, so a revision that drops the park's name is
still recorded as a version. The gazetteer is scanned once per item: the same scan says whether
the article is about parks and which parks it names (`item.parks`, stored with the article).
"""

from __future__ import annotations

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem

from db.gazetteer import relevance
from scraper.extensions.store_extension import store_for
from scraper.items import ArticleItem


class RelevancePipeline:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RelevancePipeline:
        return cls(crawler)

    def process_item(self, item: ArticleItem) -> ArticleItem:
        found = relevance(item.title, item.text)
        if found.related:
            item.parks = found.parks
            return item
        if not store_for(self.crawler).skip_unless_stored(item.url, item.source, item.host, "not about a park"):
            return item  # a stored article: its revision is kept whatever it names
        self.crawler.stats.inc_value("monitor/irrelevant")
        raise DropItem(f"not about an industrial park: {item.url}")
