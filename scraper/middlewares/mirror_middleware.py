"""Sends every request for https://HOST/PATH to MIRROR_ORIGIN/HOST/PATH (DESIGN.md, Mirror).

Responses come back under the real URL, so spiders, link resolution and the store never see
the mirror: the same crawl runs offline in tests, in the demo and in outside checks.
"""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Response


class MirrorMiddleware:
    def __init__(self, origin: str) -> None:
        self.origin = origin.rstrip("/")

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> MirrorMiddleware:
        origin = crawler.settings.get("MIRROR_ORIGIN")
        if not origin:
            raise NotConfigured
        return cls(origin)

    def to_mirror(self, url: str) -> str:
        parts = urlsplit(url)
        return f"{self.origin}/{parts.netloc}{parts.path or '/'}" + (f"?{parts.query}" if parts.query else "")

    def from_mirror(self, url: str, scheme: str = "https") -> str:
        rest = url[len(self.origin) + 1 :]
        host, _, path = rest.partition("/")
        parts = urlsplit("/" + path)
        return urlunsplit((scheme, host, parts.path, parts.query, ""))

    def process_request(self, request: Request) -> Request | None:
        if request.url.startswith(self.origin + "/"):
            return None  # already mirrored (a redirect inside the mirror)
        mirrored = request.replace(url=self.to_mirror(request.url))
        mirrored.meta["mirror_real_url"] = request.url
        # robots.txt was obeyed for the real host; the mirror's own host has none to obey.
        mirrored.meta["dont_obey_robotstxt"] = True
        return mirrored

    def process_response(self, request: Request, response: Response) -> Response:
        if not response.url.startswith(self.origin + "/"):
            return response
        real = request.meta.get("mirror_real_url", "")
        scheme = urlsplit(real).scheme or "https"
        return response.replace(url=self.from_mirror(response.url, scheme))
