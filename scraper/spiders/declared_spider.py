"""The one spider that runs every declared source (`[sources.<id>]`, scraper/source_declaration.py).

It is the coded spiders' base with the site's particulars read from a declaration instead of
written as a class: the start URLs, the article-URL pattern, how lists paginate, and the field
rules laid over the shared parser. Everything else (robots.txt, politeness, conditional
revisits by age, canonical URLs, the relevance gate, the anti-bot verdict, crawl-run statistics,
`--mirror`) is the base's and the project's middlewares', unchanged.

Declared sources are registered by scraper/declared_loader.py, which makes one subclass per
declaration, named by the source id, so `scrapy crawl hnftp` and `hainan-monitor crawl --spider
hnftp` work like any coded spider.

Two things a declaration can get wrong only show on real pages, so they are counted where the
crawl statistics (and so `source_failing`) see them: a list page where the pattern matches no
link (the base's empty list), and an article no layer finds a date for (a problem, `undated`:
without a date the change detector cannot tell which report is newer, so it is not stored).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any, ClassVar
from urllib.parse import urlsplit

import scrapy
from scrapy.http import Response
from scrapy.linkextractors import LinkExtractor

from scraper.article_parser import ParsedArticle
from scraper.declared_fields import declared_date_missed, parse_declared
from scraper.items import ArticleItem
from scraper.source_declaration import SourceDeclaration
from scraper.spiders.article_spider import ArticleSpider
from scraper.urls import canonical_url

#: TRS lists: page 1 is index.html, page N is index_{N-1}.html (SITES.md §4.1).
TRS_PAGE_URL = "index_{index}.html"


class DeclaredSpider(ArticleSpider):
    declaration: ClassVar[SourceDeclaration]

    @classmethod
    def for_declaration(cls, declaration: SourceDeclaration) -> type[DeclaredSpider]:
        """A spider class for one declared source, named by its id."""
        return type(
            f"Declared_{declaration.id}",
            (cls,),
            {
                "__module__": __name__,
                "__doc__": f"The declared source {declaration.id!r} ({declaration.origin}).",
                "name": declaration.id,
                "declaration": declaration,
                "site_title": declaration.title,
                "article_patterns": (declaration.article_pattern,),
                "default_start_urls": declaration.start_urls,
            },
        )

    # -- configuration ------------------------------------------------------------------

    def max_list_pages(self) -> int:
        return self.declaration.max_list_pages or super().max_list_pages()

    def hosts(self) -> frozenset[str]:
        """Hosts whose links are this source's articles: declared, or those of its lists."""
        if self.declaration.hosts:
            return frozenset(self.declaration.hosts)
        # Without a crawler (`sources check` parses with a bare instance) only the declaration speaks.
        lists = self.list_urls() if hasattr(self, "settings") else list(self.declaration.start_urls)
        urls = [*lists, *self.declaration.hubs]
        return frozenset(urlsplit(url).hostname or "" for url in urls)

    def is_article_url(self, url: str) -> bool:
        return urlsplit(url).hostname in self.hosts() and super().is_article_url(url)

    # -- list discovery -----------------------------------------------------------------

    def start_list_requests(self) -> Iterable[scrapy.Request]:
        yield from super().start_list_requests()
        for url in self.declaration.hubs:
            yield scrapy.Request(url, callback=self.parse_hub, errback=self.on_error)

    def list_links(self, response: Response) -> list[str]:
        """The list pages a hub links to (park topics under `yshj/yqzt/`), by `list_pattern`."""
        pattern = re.compile(self.declaration.list_pattern or r"(?!)")
        links = (link.url for link in LinkExtractor(unique=True).extract_links(response))
        return list(dict.fromkeys(
            canonical_url(url) for url in links
            if urlsplit(url).hostname in self.hosts() and pattern.search(urlsplit(url).path)
        ))

    def parse_hub(self, response: Response, **_: Any) -> Iterator[scrapy.Request]:
        self.crawler.stats.inc_value("monitor/list_pages")
        already_read = {canonical_url(url) for url in self.list_urls()}
        lists = [url for url in self.list_links(response) if url not in already_read]
        articles = self.article_links(response)
        if not lists and not articles:
            self.crawler.stats.inc_value("monitor/empty_lists")
            self.logger.warning("%s: no list pages match list_pattern on this hub", response.url)
            return
        self.crawler.stats.inc_value("monitor/discovered_lists", len(lists))
        for url in lists:
            yield scrapy.Request(url, callback=self.parse_list, errback=self.on_error, meta={"page": 1})
        seen = self.store.seen(articles)
        for url in articles:
            if url not in seen and url not in self._scheduled:
                self._scheduled.add(url)
                yield self.article_request(url)

    def next_list_page(self, response: Response, page: int) -> str | None:
        kind = self.declaration.pagination
        if kind == "none":
            return None
        if kind == "suffix":
            return super().next_list_page(response, page)
        template = TRS_PAGE_URL if kind == "trs" else self.declaration.page_url or ""
        total = self.page_count(response)
        if total is None or page >= total:
            return None
        return response.urljoin(template.format(page=page + 1, index=page))

    def page_count(self, response: Response) -> int | None:
        """How many pages the list has, as its script pager says (`createPageHTML(5, 0, …)`)."""
        match = re.search(self.declaration.pager_pattern, response.text)
        if not match:
            return None
        total = match.groupdict().get("total") or match.group(1)
        return int(total) if total and total.isdigit() else None

    # -- articles -----------------------------------------------------------------------

    def parse_document(self, url: str, html: str) -> ParsedArticle:
        parsed = parse_declared(self.declaration, url, html)
        if not parsed.publisher:
            parsed.publisher, parsed.layers["publisher"] = self.declaration.publisher, "default"
        return parsed

    def parse_article(self, response: Response, **_: Any) -> Iterator[ArticleItem]:
        for item in super().parse_article(response):
            if item.published is None:
                self.crawler.stats.inc_value("monitor/problems")
                self.crawler.stats.inc_value("monitor/problems/undated")
                self.logger.warning("%s: no date found (declared: %s; not in the URL either), not stored",
                                    response.url, self.date_rules())
                continue
            yield item

    def date_rules(self) -> str:
        rules = [f"meta {name}" for name in self.declaration.date_meta]
        rules += [f"selector {css}" for css in self.declaration.date_selectors]
        return ", ".join(rules) or "no date_meta or date_selectors"

    def declared_findings(self, url: str, html: str, parsed: ParsedArticle) -> tuple[list[str], list[str]]:
        """(problems, warnings) a declaration shows on one sample article, for `sources check`."""
        problems: list[str] = []
        warnings: list[str] = []
        if parsed.published is None:
            problems.append(f"sample article: no date found ({self.date_rules()}; none in the URL): such articles are not stored")
        elif declared_date_missed(self.declaration, html):
            warnings.append(f"sample article: the declared date rules found no date ({self.date_rules()}); "
                            f"the {parsed.layers.get('published')} layer did")
        return problems, warnings
