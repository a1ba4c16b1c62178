"""Counts the requests that really leave for the network (or the mirror).

Scrapy's own `downloader/request_count` counts a request twice when a middleware (the mirror)
replaces it, so the politeness figures in `crawl_runs` come from here, after every rewrite.
"""

from __future__ import annotations

from scrapy import Request
from scrapy.crawler import Crawler


class RequestCountMiddleware:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RequestCountMiddleware:
        return cls(crawler)

    def process_request(self, request: Request) -> None:
        self.crawler.stats.inc_value("monitor/requests")
        if request.headers.get("If-None-Match") or request.headers.get("If-Modified-Since"):
            self.crawler.stats.inc_value("monitor/conditional_requests")
