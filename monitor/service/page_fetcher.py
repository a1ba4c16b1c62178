"""Plain HTTP GETs for diagnosis (`sources check`), through the mirror when one is given.

The check must say what a site answers right now, with no crawl machinery in between (no
retries, no cache, no robots middleware hiding a refusal), so it uses urllib. Pages come back
as Scrapy responses under their real URL, so the spiders' own link extraction, the project's
charset decoding and the anti-bot verdict apply to them unchanged.
"""

from __future__ import annotations

import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from email.message import Message
from urllib.parse import urlsplit

from scrapy.http import Headers, Response
from scrapy.responsetypes import responsetypes

from scraper.middlewares.mirror_middleware import MirrorMiddleware


@dataclass
class FetchedPage:
    url: str
    status: int | None
    seconds: float
    response: Response | None = None
    error: str | None = None


class PageFetcher:
    def __init__(self, user_agent: str, timeout: float = 20.0, mirror: str | None = None) -> None:
        self.user_agent = user_agent
        self.timeout = timeout
        self.mirror = MirrorMiddleware(mirror) if mirror else None
        self._opener = urllib.request.build_opener(_MirrorRedirects(self))

    def wire_url(self, url: str) -> str:
        """Where the request really goes: the URL itself, or its mirror copy."""
        if self.mirror is None or url.startswith(self.mirror.origin + "/"):
            return url
        return self.mirror.to_mirror(url)

    def real_url(self, wire: str, scheme: str) -> str:
        if self.mirror is not None and wire.startswith(self.mirror.origin + "/"):
            return self.mirror.from_mirror(wire, scheme)
        return wire

    def get(self, url: str) -> FetchedPage:
        request = urllib.request.Request(self.wire_url(url), headers={"User-Agent": self.user_agent})
        started = time.monotonic()
        try:
            with self._opener.open(request, timeout=self.timeout) as answer:
                body, status, headers, final = answer.read(), answer.status, answer.headers, answer.geturl()
        except urllib.error.HTTPError as exc:  # 4xx/5xx: the body still tells (anti-bot pages are 412s)
            body, status, headers, final = exc.read(), exc.code, exc.headers, exc.geturl()
        except (urllib.error.URLError, OSError, ValueError) as exc:
            reason = getattr(exc, "reason", exc)
            return FetchedPage(url, None, time.monotonic() - started, error=str(reason) or type(exc).__name__)
        seconds = time.monotonic() - started
        real = self.real_url(final or request.full_url, urlsplit(url).scheme or "https")
        return FetchedPage(real, status, seconds, _as_response(real, status, headers, body))


class _MirrorRedirects(urllib.request.HTTPRedirectHandler):
    """A redirect to the real site is followed inside the mirror, never out to the internet."""

    def __init__(self, fetcher: PageFetcher) -> None:
        self.fetcher = fetcher

    def redirect_request(self, req, fp, code, msg, headers, newurl):  # type: ignore[no-untyped-def]
        return super().redirect_request(req, fp, code, msg, headers, self.fetcher.wire_url(newurl))


def _as_response(url: str, status: int, headers: Message, body: bytes) -> Response:
    scrapy_headers = Headers({name: value for name, value in headers.items()})
    cls = responsetypes.from_args(headers=scrapy_headers, url=url, body=body)
    return cls(url=url, status=status, headers=scrapy_headers, body=body)
