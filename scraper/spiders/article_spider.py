"""The behaviour every site's spider shares.

A cycle asks the site for three things: its list pages (page 1, and further pages only while
they still hold unknown articles, up to MAX_LIST_PAGES), the new articles those lists link to
(found by the site's article-URL pattern, not one template's selectors), and conditional
re-checks of the known articles the revisit policy says are due.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Iterable, Iterator
from datetime import date, datetime
from typing import Any, ClassVar
from urllib.parse import urlsplit

import scrapy
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response
from scrapy.linkextractors import LinkExtractor
from scrapy.settings import BaseSettings
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from db.store import Store, utcnow
from scraper.article_parser import ParsedArticle, parse_article
from scraper.encoding import decode_body
from scraper.extensions.store_extension import store_for
from scraper.items import ArticleItem, KnownArticle
from scraper.middlewares.antibot_middleware import AntiBotError
from scraper.middlewares.conditional_get_middleware import NOT_MODIFIED, VALIDATORS
from scraper.revisit import DEFAULT_POLICY, due_clause
from scraper.urls import canonical_url, page_number

_SCRIPT_PAGER = re.compile(
    r"createPageHTML\(\s*(?:['\"][^'\"]*['\"]\s*,\s*)?(?P<total>\d+)\s*,\s*\d+\s*,\s*"
    r"['\"](?P<name>[^'\"]+)['\"]\s*,\s*['\"](?P<ext>\w+)['\"]"
)


class ArticleSpider(scrapy.Spider):
    #: The site's article-URL pattern(s); links matching one of them are articles.
    article_patterns: ClassVar[tuple[str, ...]] = ()
    #: Human name of the site, stored in `sources.title`.
    site_title: ClassVar[str] = ""
    #: Default list pages; the START_URLS setting (a dict keyed by spider name) overrides them.
    default_start_urls: ClassVar[tuple[str, ...]] = ()

    @classmethod
    def update_settings(cls, settings: BaseSettings) -> None:
        super().update_settings(settings)
        if settings.get("MIRROR_ORIGIN"):
            # The mirror is a local folder: politeness delays only slow the offline run down.
            settings.set("DOWNLOAD_DELAY", 0, priority="spider")
            settings.set("AUTOTHROTTLE_ENABLED", False, priority="spider")

    # -- configuration ------------------------------------------------------------------

    @property
    def store(self) -> Store:
        return store_for(self.crawler)

    def list_urls(self) -> list[str]:
        configured = self.settings.getdict("START_URLS").get(self.name)
        return list(configured or self.default_start_urls)

    def max_list_pages(self) -> int:
        return self.settings.getint("MAX_LIST_PAGES", 5)

    def today(self) -> date:
        """The date articles' ages are measured to (REVISIT_NOW freezes it for tests)."""
        fixed = self.settings.get("REVISIT_NOW")
        return datetime.fromisoformat(fixed).date() if fixed else utcnow().date()

    def revisit_policy(self) -> list[list[float]]:
        per_spider = self.settings.getdict("REVISIT_POLICIES")
        if self.name in per_spider:
            return list(per_spider[self.name])
        return self.settings.getlist("REVISIT_POLICY") or [list(rule) for rule in DEFAULT_POLICY]

    def source_for(self, url: str) -> str:
        """The source an article belongs to: its host's owner when another spider owns that host."""
        owners = self.settings.getdict("CANONICAL_SOURCES")
        return owners.get(urlsplit(url).hostname or "", self.name)

    def host(self) -> str:
        first = (self.list_urls() or ["https://unknown/"])[0]
        return urlsplit(first).hostname or ""

    def is_article_url(self, url: str) -> bool:
        path = urlsplit(url).path
        return any(re.search(pattern, path) for pattern in self.article_patterns)

    # -- requests -----------------------------------------------------------------------

    async def start(self) -> AsyncIterator[scrapy.Request]:
        self.store.ensure_source(self.name, self.host(), self.site_title)
        self._scheduled: set[str] = set()
        for request in self.revisit_requests():
            yield request
        for request in self.start_list_requests():
            yield request

    def start_list_requests(self) -> Iterable[scrapy.Request]:
        for url in self.list_urls():
            yield scrapy.Request(url, callback=self.parse_list, errback=self.on_error, meta={"page": 1})

    def revisit_requests(self) -> Iterator[scrapy.Request]:
        for known in self.revisit_candidates():
            self._scheduled.add(known.url)
            yield self.article_request(known.url, known)

    def revisit_candidates(self) -> list[KnownArticle]:
        """The known articles to re-check, read in one query that returns only them (the revisit
        policy is a condition of that query): `--revisit none` and an empty policy read nothing."""
        mode = self.settings.get("REVISIT_MODE", "due")
        if mode == "none":
            return []
        if mode == "all":
            return [KnownArticle(*row) for row in self.store.articles_of(self.name)]
        policy = self.revisit_policy()
        if not policy:
            return []
        due = due_clause(self.today(), utcnow(), policy)
        return [KnownArticle(*row) for row in self.store.articles_of(self.name, where=due)]

    def article_request(self, url: str, known: KnownArticle | None = None) -> scrapy.Request:
        """A new article, or a conditional re-check of a known one (ConditionalGetMiddleware)."""
        meta: dict[str, Any] = {"revisit": known is not None, "article": True}
        if known is not None:
            meta[VALIDATORS] = {"etag": known.etag, "last_modified": known.last_modified}
        return scrapy.Request(
            url, callback=self.parse_article, errback=self.on_error, meta=meta, dont_filter=known is not None
        )

    # -- list pages ---------------------------------------------------------------------

    def article_links(self, response: Response) -> list[str]:
        links = (link.url for link in LinkExtractor(unique=True).extract_links(response))
        return list(dict.fromkeys(canonical_url(url) for url in links if self.is_article_url(url)))

    def parse_list(self, response: Response, **_: Any) -> Iterator[scrapy.Request]:
        links = self.article_links(response)
        self.crawler.stats.inc_value("monitor/list_pages")
        if not links:
            self.crawler.stats.inc_value("monitor/empty_lists")
            self.logger.warning("%s: no article links found on this list page", response.url)
            return
        seen = self.store.seen(links)
        fresh = [url for url in links if url not in seen and url not in self._scheduled]
        for url in fresh:
            self._scheduled.add(url)
            yield self.article_request(url)
        page = response.meta.get("page", 1)
        if not fresh:
            self.logger.info("%s: only known articles, paging stops", response.url)
            return
        if page >= self.max_list_pages():
            return
        next_page = self.next_list_page(response, page)
        if next_page:
            yield scrapy.Request(
                next_page, callback=self.parse_list, errback=self.on_error, meta={"page": page + 1}
            )

    def next_list_page(self, response: Response, page: int) -> str | None:
        """The link to page `page + 1` of the same list (`list_2.shtml`), when the page has one."""
        here = page_number(response.url)
        if here is None:
            return None
        stem, _ = here
        for href in response.css("a::attr(href)").getall():
            candidate = response.urljoin(href)
            numbered = page_number(candidate)
            if numbered and numbered == (stem, page + 1) and urlsplit(candidate).hostname == urlsplit(response.url).hostname:
                return candidate
        return self.scripted_next_page(response, stem, page)

    def scripted_next_page(self, response: Response, stem: str, page: int) -> str | None:
        """Pagers drawn by the CMS's script: `createPageHTML(total, current, name, ext)` or the
        UCAP form `createPageHTML('page_div', total, current, name, ext, records)`. Whether
        `current` counts from 0 or 1 differs between the two, so only the total is read."""
        match = _SCRIPT_PAGER.search(response.text if hasattr(response, "text") else "")
        if not match or int(match["total"]) <= page:
            return None
        return response.urljoin(f"{match['name']}_{page + 1}.{match['ext']}")

    # -- articles -----------------------------------------------------------------------

    def parse_article(self, response: Response, **_: Any) -> Iterator[ArticleItem]:
        url = canonical_url(response.url)
        if response.meta.get(NOT_MODIFIED):
            self.store.mark_checked(url)
            return
        html = decode_body(response)
        parsed = self.parse_document(url, html)
        if not parsed.ok:
            self.crawler.stats.inc_value("monitor/problems")
            self.crawler.stats.inc_value("monitor/problems/unparsed")
            self.logger.warning("%s: page yields no article text, not stored", response.url)
            return
        if not parsed.publisher:
            default = self.settings.getdict("DEFAULT_PUBLISHERS").get(urlsplit(url).hostname or "")
            if default:
                parsed.publisher, parsed.layers["publisher"] = default, "default"
        for layer_field, layer in parsed.layers.items():
            self.crawler.stats.inc_value(f"monitor/layer/{layer_field}/{layer}")
        yield ArticleItem(
            url=url,
            source=self.source_for(url),
            host=urlsplit(url).hostname or "",
            language=parsed.language,
            title=parsed.title,
            published=parsed.published,
            publisher=parsed.publisher,
            column_name=parsed.column_name,
            text=parsed.text,
            html=html,
            etag=_header(response, b"ETag"),
            last_modified=_header(response, b"Last-Modified"),
            layers=dict(parsed.layers),
            stored=_stored(response),
        )

    def parse_document(self, url: str, html: str) -> ParsedArticle:
        """The site's article parser; sites with their own template family override it."""
        return parse_article(url, html)

    def on_error(self, failure: Failure) -> None:
        request = getattr(failure, "request", None)
        if failure.check(AntiBotError):
            return  # already counted as a source problem by the anti-bot middleware
        if failure.check(IgnoreRequest) and not failure.check(HttpError):
            self.on_ignored(request)
            return
        self.crawler.stats.inc_value("monitor/errors")
        self.logger.warning("%s: %s", request.url if request else "?", failure.getErrorMessage())

    def on_ignored(self, request: scrapy.Request | None) -> None:
        """A request a middleware refused (robots.txt): remembered, so paging is not kept alive by it."""
        self.crawler.stats.inc_value("monitor/ignored")
        if request is None or not request.meta.get("article"):
            return
        url = canonical_url(request.meta.get("mirror_real_url") or request.url)
        self.store.skip(url, self.source_for(url), urlsplit(url).hostname or "", "refused by robots.txt")
        self.logger.info("%s: refused by robots.txt, not fetched", url)


def _stored(response: Response) -> bool | None:
    """Whether the page's article was in the store when it was requested (`ArticleItem.stored`):
    a re-check's was, a new link's was not (the list page asked the store); a redirect may have
    led to another URL, whose state is not known."""
    revisit = response.meta.get("revisit")
    if revisit is None or response.meta.get("redirect_urls"):
        return None
    return bool(revisit)


def _header(response: Response, name: bytes) -> str | None:
    value = response.headers.get(name)
    return value.decode("latin-1") if value else None
