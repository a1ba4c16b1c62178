"""A store write that fails inside a spider callback (a 304's `mark_checked`, the list pages'
lookups) stops the crawl like a failed item write does (scraper/store_failure.py), instead of
one "Spider error processing" traceback per page."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from scrapy.crawler import Crawler
from scrapy.http import Response
from sqlalchemy.exc import SQLAlchemyError

from scraper.store_failure import stop_crawl


class StoreFailureMiddleware:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StoreFailureMiddleware:
        return cls(crawler)

    def process_spider_exception(self, response: Response, exception: BaseException) -> Iterable[Any] | None:
        if isinstance(exception, SQLAlchemyError):
            stop_crawl(self.crawler, exception)
            return []
        return None
