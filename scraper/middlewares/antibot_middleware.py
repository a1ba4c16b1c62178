"""Recognises pages that are not the article: anti-bot challenges and empty bodies.

A 412 with JavaScript (the Ruishu/瑞数 pattern seen on hnftp.gov.cn), a challenge page that sets
a cookie and reloads, or an empty 200 would otherwise be stored as a "revision" that wipes an
article's text. They are dropped here and counted as source problems in the crawl stats.
"""

from __future__ import annotations

import re
from collections.abc import Collection

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response, TextResponse
from scrapy.statscollectors import StatsCollector

_CHALLENGE_MARKERS = re.compile(
    rb"(\$_ts\s*=|enable_[A-Za-z0-9]{6,}|_0x[0-9a-f]{4,}|document\.cookie\s*=.{0,200}location\.(reload|href)"
    rb"|cf-browser-verification|challenge-platform|jschallenge)",
    re.IGNORECASE | re.DOTALL,
)
_VISIBLE_TEXT = re.compile(rb"<(script|style)[^>]*>.*?</\1>|<[^>]+>", re.IGNORECASE | re.DOTALL)


#: A literal every marker above contains, lower-cased: a page holding none of them cannot match,
#: and `in` over a lower-cased copy is much cheaper than the case-insensitive pattern.
_MARKER_LITERALS = (b"$_ts", b"enable_", b"_0x", b"document.cookie", b"cf-browser-verification", b"challenge")


def _may_hold_markers(body: bytes) -> bool:
    lowered = body.lower()
    return any(literal in lowered for literal in _MARKER_LITERALS)


class AntiBotError(IgnoreRequest):
    """The site answered with a challenge or an empty page instead of content."""

    def __init__(self, reason: str, response: Response) -> None:
        super().__init__(f"{reason}: {response.url}")
        self.reason = reason
        self.response = response


def antibot_verdict(response: Response, statuses: Collection[int]) -> str | None:
    """"anti_bot" or "empty_body" when the response is not the page asked for, else None.

    A pure function of the response: the middleware below and `sources check` judge alike."""
    body = response.body or b""
    if response.status in statuses:
        return "anti_bot"
    if response.status != 200:
        return None
    if not body.strip():
        return "empty_body"
    if isinstance(response, TextResponse) and len(body) < 20_000 and _may_hold_markers(body) and _CHALLENGE_MARKERS.search(body):
        visible = b"".join(_VISIBLE_TEXT.sub(b" ", body).split())
        if len(visible) < 300:
            return "anti_bot"
    return None


class AntiBotMiddleware:
    def __init__(self, crawler: Crawler, stats: StatsCollector, statuses: list[int]) -> None:
        self.crawler = crawler
        self.stats = stats
        self.statuses = set(statuses)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> AntiBotMiddleware:
        return cls(crawler, crawler.stats, crawler.settings.getlist("ANTIBOT_STATUSES", [412]))

    def process_response(self, request: Request, response: Response) -> Response:
        if request.meta.get("antibot_skip") or response.status in (301, 302, 303, 304, 307, 308, 404):
            return response
        if urlpath(response.url).endswith("robots.txt"):
            return response
        reason = self.verdict(response)
        if reason:
            self.stats.inc_value("monitor/problems")
            self.stats.inc_value(f"monitor/problems/{reason}")
            self.crawler.spider.logger.warning("%s: %s page, not stored", response.url, reason.replace("_", " "))
            raise AntiBotError(reason, response)
        return response

    def verdict(self, response: Response) -> str | None:
        return antibot_verdict(response, self.statuses)


def urlpath(url: str) -> str:
    return url.split("?", 1)[0]
