"""Conditional GET: re-checks of known articles cost a 304 when the page has not changed.

A request for a known article carries its stored validators in `meta["validators"]`
(`{"etag": …, "last_modified": …}`); this middleware turns them into If-None-Match /
If-Modified-Since headers and lets the 304 answer through to the spider (HttpErrorMiddleware
would otherwise drop it) flagged `meta["not_modified"] = True`, so spiders never handle
headers or status codes themselves.
"""

from __future__ import annotations

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.http import Response
from scrapy.statscollectors import StatsCollector

VALIDATORS = "validators"
NOT_MODIFIED = "not_modified"


class ConditionalGetMiddleware:
    def __init__(self, stats: StatsCollector) -> None:
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ConditionalGetMiddleware:
        return cls(crawler.stats)

    def process_request(self, request: Request) -> None:
        validators = request.meta.get(VALIDATORS)
        if validators is None:
            return
        if validators.get("etag") and b"If-None-Match" not in request.headers:
            request.headers[b"If-None-Match"] = validators["etag"]
        if validators.get("last_modified") and b"If-Modified-Since" not in request.headers:
            request.headers[b"If-Modified-Since"] = validators["last_modified"]
        allowed = request.meta.setdefault("handle_httpstatus_list", [])
        if 304 not in allowed:
            allowed.append(304)

    def process_response(self, request: Request, response: Response) -> Response:
        if response.status == 304 and VALIDATORS in request.meta:
            request.meta[NOT_MODIFIED] = True
            self.stats.inc_value("monitor/not_modified")
        return response
