"""A failed store write stops the crawl: one line, the run marked failed, nothing half-written.

When the disk fills up, every later item fails the same way; Scrapy would log each one with the
whole item (its page HTML) and carry on crawling pages it cannot keep. Instead the first failed
write logs one line such as "database or disk is full: /srv/monitor.db" and closes the spider
with the reason `store_failed`, which `crawl_runs` records as outcome `failed`. Every write is
one transaction, so the store keeps everything written before.
"""

from __future__ import annotations

import logging

from scrapy.crawler import Crawler
from sqlalchemy.exc import SQLAlchemyError

from scraper.extensions.store_extension import store_for

log = logging.getLogger(__name__)

#: The spider's close reason (crawl_runs.detail.finish_reason) after a failed store write.
STORE_FAILED = "store_failed"


def describe_store_failure(crawler: Crawler, exc: SQLAlchemyError) -> str:
    """"<the database's own words>: <the database file, or its URL without password>"."""
    reason = str(getattr(exc, "orig", None) or exc).splitlines()[0]
    url = store_for(crawler).engine.url
    where = url.database if url.get_backend_name() == "sqlite" and url.database else url.render_as_string(hide_password=True)
    return f"{reason}: {where}"


def stop_crawl(crawler: Crawler, exc: SQLAlchemyError) -> None:
    """Log the failure once and close the spider (later failures of the same crawl are silent)."""
    if getattr(crawler, "_hainan_store_failed", False):
        return
    crawler._hainan_store_failed = True  # type: ignore[attr-defined]
    log.error("%s", describe_store_failure(crawler, exc))
    crawler.stats.set_value("monitor/store_failed", 1)
    engine = crawler.engine
    if engine is None:
        return
    if hasattr(engine, "close_spider_async"):  # Scrapy >= 2.14
        from scrapy.utils.defer import deferred_from_coro

        deferred_from_coro(engine.close_spider_async(reason=STORE_FAILED))
    else:
        engine.close_spider(crawler.spider, STORE_FAILED)


def store_failed(crawler: Crawler) -> bool:
    return bool(getattr(crawler, "_hainan_store_failed", False))
