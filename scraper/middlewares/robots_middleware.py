"""robots.txt for every request: one fetch per host, its parser handed to every waiting request.

Scrapy's RobotsTxtMiddleware (2.19) parks every request that arrives while robots.txt is being
fetched on one shared Deferred; a Deferred passes its result down its callback chain, so only
the first waiter gets the parser and the others get `None`, which Scrapy reads as "allowed".
A crawl's start URLs and revisits all arrive at once, so they went out unchecked. Here each
waiter gets a Deferred of its own, fired with the parser when it is ready, whatever the
Scrapy version. It replaces Scrapy's middleware in settings.py (same order, 100).

The check is against the real URL: the mirror middleware runs later (950) and marks its
rewritten requests `dont_obey_robotstxt`, because the mirror's own host has no robots.txt.
"""

from __future__ import annotations

import logging

from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.http import Response
from scrapy.http.request import NO_CALLBACK
from scrapy.robotstxt import RobotParser
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.httpobj import urlparse_cached
from scrapy.utils.misc import build_from_crawler, load_object
from twisted.internet.defer import Deferred

log = logging.getLogger(__name__)

#: The robots.txt request goes ahead of everything it holds up.
ROBOTS_PRIORITY = 1000


class RobotsTxtMiddleware:
    """Refuse (IgnoreRequest) every request robots.txt disallows, once its host's file is parsed."""

    def __init__(self, crawler: Crawler) -> None:
        if not crawler.settings.getbool("ROBOTSTXT_OBEY"):
            raise NotConfigured
        self.crawler = crawler
        self._user_agent: str = crawler.settings.get("ROBOTSTXT_USER_AGENT") or crawler.settings["USER_AGENT"]
        self._parser_class: type[RobotParser] = load_object(crawler.settings.get("ROBOTSTXT_PARSER"))
        #: host -> its parser (None: robots.txt could not be fetched, everything allowed)
        self._parsers: dict[str, RobotParser | None] = {}
        #: host -> one Deferred per request waiting for that host's robots.txt
        self._waiting: dict[str, list[Deferred[RobotParser | None]]] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RobotsTxtMiddleware:
        return cls(crawler)

    async def process_request(self, request: Request) -> None:
        if request.meta.get("dont_obey_robotstxt") or request.url.startswith(("data:", "file:")):
            return
        parser = await self._parser_for(request)
        if parser is None or parser.allowed(request.url, self._user_agent):
            return
        log.debug("refused by robots.txt: %s", request.url)
        self.crawler.stats.inc_value("robotstxt/forbidden")
        raise IgnoreRequest("Forbidden by robots.txt")

    async def _parser_for(self, request: Request) -> RobotParser | None:
        """The host's parser; the first request for a host fetches robots.txt, later ones wait."""
        url = urlparse_cached(request)
        host = url.netloc
        if host in self._parsers:
            return self._parsers[host]
        if host in self._waiting:
            mine: Deferred[RobotParser | None] = Deferred()
            self._waiting[host].append(mine)
            return await maybe_deferred_to_future(mine)
        self._waiting[host] = []
        try:
            parser = await self._fetch(f"{url.scheme}://{host}/robots.txt", request)
        except BaseException:  # cancelled (shutdown): the waiters are refused, not let through
            for waiter in self._waiting.pop(host):
                waiter.errback(IgnoreRequest(f"robots.txt of {host} was not fetched"))
            raise
        self._parsers[host] = parser
        for waiter in self._waiting.pop(host):
            waiter.callback(parser)
        return parser

    async def _fetch(self, robots_url: str, request: Request) -> RobotParser | None:
        stats = self.crawler.stats
        stats.inc_value("robotstxt/request_count")
        robots_request = Request(robots_url, priority=ROBOTS_PRIORITY, meta={"dont_obey_robotstxt": True}, callback=NO_CALLBACK)
        try:
            engine = self.crawler.engine
            if hasattr(engine, "download_async"):  # Scrapy >= 2.14
                response: Response = await engine.download_async(robots_request)
            else:
                response = await maybe_deferred_to_future(engine.download(robots_request))
        except IgnoreRequest:
            return None
        except Exception as exc:  # an unreachable robots.txt allows everything, as in Scrapy
            stats.inc_value(f"robotstxt/exception_count/{type(exc)}")
            log.warning("could not fetch %s (%s): every path of that host is allowed", robots_url, exc)
            return None
        stats.inc_value("robotstxt/response_count")
        stats.inc_value(f"robotstxt/response_status_count/{response.status}")
        parser = build_from_crawler(self._parser_class, self.crawler, response.body)
        manager = self.crawler.signals
        if hasattr(manager, "send_catch_log_async"):  # Scrapy >= 2.14
            await manager.send_catch_log_async(signal=signals.robots_parsed, robotparser=parser, request=request)
        else:
            await maybe_deferred_to_future(manager.send_catch_log_deferred(signal=signals.robots_parsed, robotparser=parser, request=request))
        return parser
