"""One open store per crawler, shared by the spider (what is known) and the pipelines (writes)."""

from __future__ import annotations

from scrapy.crawler import Crawler

from db.store import Store


def store_for(crawler: Crawler) -> Store:
    store = getattr(crawler, "_hainan_store", None)
    if store is None:
        store = Store.open(crawler.settings.get("HAINAN_MONITOR_DB") or None)
        crawler._hainan_store = store  # type: ignore[attr-defined]
    return store
