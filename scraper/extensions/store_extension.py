"""Opens the store when a crawl starts and closes it when the crawl ends.

The spider (what is known), the pipelines (writes) and the crawl-run extension share one
`Store` per crawler; they reach it with `store_for(crawler)`, which asks Scrapy for this
extension instead of keeping the store on an attribute set by whoever came first.
"""

from __future__ import annotations

from scrapy import signals
from scrapy.crawler import Crawler

from db.store import Store


class StoreExtension:
    def __init__(self, store: Store) -> None:
        self.store = store

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StoreExtension:
        extension = cls(Store.open(crawler.settings.get("HAINAN_MONITOR_DB") or None))
        # engine_stopped comes after every spider_closed handler (the crawl-run extension writes then).
        crawler.signals.connect(extension.close, signal=signals.engine_stopped)
        return extension

    def close(self) -> None:
        self.store.close()


def store_for(crawler: Crawler) -> Store:
    """The crawler's store (StoreExtension must be enabled, as scraper/settings.py does)."""
    extension = crawler.get_extension(StoreExtension)
    if extension is None:
        raise RuntimeError("scraper.extensions.store_extension.StoreExtension is not enabled in EXTENSIONS")
    return extension.store
