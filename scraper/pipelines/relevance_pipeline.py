"""Keeps only articles about industrial parks; the rest are counted and their URLs remembered.

An article already in the store is always kept, so a revision that drops the park's name is
still recorded as a version. The spider says whether it was stored (`ArticleItem.stored`: a
re-check's article is, a new link of a list page is not, as the list page asked the store); the
store is asked only when the spider cannot tell (a redirect), not once per dropped page. The gazetteer is scanned once per item: the same scan says whether
the article is about parks and which parks it names (`item.parks`, stored with the article).
The URLs of dropped articles are written in batches (and when the spider closes): one lost in
a crash only means the page is fetched and judged again next cycle.
"""

from __future__ import annotations

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem
from sqlalchemy.exc import SQLAlchemyError

from db.gazetteer import relevance
from scraper.extensions.store_extension import store_for
from scraper.items import ArticleItem
from scraper.store_failure import stop_crawl, store_failed

REASON = "not about a park"


class RelevancePipeline:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.batch_items = crawler.settings.getint("STORE_BATCH_ITEMS", 50)
        self.skipped: list[tuple[str, str, str, str]] = []

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RelevancePipeline:
        return cls(crawler)

    def process_item(self, item: ArticleItem) -> ArticleItem:
        found = relevance(item.title, item.text)
        if found.related:
            item.parks = found.parks
            return item
        stored = item.stored if item.stored is not None else store_for(self.crawler).has_article(item.url)
        if stored:
            return item  # a stored article: its revision is kept whatever it names
        self.skipped.append((item.url, item.source, item.host, REASON))
        if len(self.skipped) >= self.batch_items:
            self.write_skipped()
        self.crawler.stats.inc_value("monitor/irrelevant")
        raise DropItem(f"not about an industrial park: {item.url}")

    def close_spider(self) -> None:
        self.write_skipped()

    def write_skipped(self) -> None:
        skipped, self.skipped = self.skipped, []
        if not skipped or store_failed(self.crawler):
            return
        try:
            store_for(self.crawler).skip_many(skipped)
        except SQLAlchemyError as exc:  # the store is full or gone (store_failure.py)
            stop_crawl(self.crawler, exc)
