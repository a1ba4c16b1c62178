"""Hainan Daily (海南日报), the digital edition of the printed paper on news.hndaily.cn.

A paper is not a news list: each day's issue is a set of pages (`node_N.htm`, linked from one
another by `id="pageLink"` anchors), each page a set of articles (`content_A_B.htm`), and an
issue never changes once it is out (SITES.md §3.1). So the "list pages" of a cycle are
`paperindex.htm`, whose meta refresh names the current issue, and that issue's pages; known
articles are not re-fetched (REVISIT_POLICIES makes this spider's `due` policy empty), and
`-a days=N` (or HAINAN_DAILY_DAYS) walks back N issues by date, from `node_1.htm` of each date.
A start URL may also be an issue page itself, which is how the legacy host hnrb.hinews.cn
(same Founder templates, §3.2) is crawled: `[spiders.hainan_daily] start_urls`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from datetime import date, timedelta
from typing import Any
from urllib.parse import urlsplit

import scrapy
from scrapy.http import Response

from scraper.article_parser import ParsedArticle
from scraper.founder_parser import parse_founder_article
from scraper.spiders.article_spider import ArticleSpider
from scraper.urls import canonical_url

_ISSUE_PAGE = re.compile(r"^(?P<root>.*/html/)(?P<y>\d{4})-(?P<m>\d{2})/(?P<d>\d{2})/node_\d+\.htm$")
_REFRESH_TARGET = re.compile(r"url\s*=\s*['\"]?\s*([^'\"\s>;]+)", re.IGNORECASE)


class HainanDailySpider(ArticleSpider):
    name = "hainan_daily"
    site_title = "海南日报 (Hainan Daily, digital edition)"
    article_patterns = (r"^/html/\d{4}-\d{2}/\d{2}/content_\d+_\d+\.htm$",)
    default_start_urls = ("http://news.hndaily.cn/paperindex.htm",)

    def __init__(self, *args: Any, days: str | int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.days_argument = parse_days(days) if days is not None else None

    def issues_to_walk(self) -> int:
        if self.days_argument is not None:
            return self.days_argument
        return parse_days(self.settings.get("HAINAN_DAILY_DAYS", 1))

    # -- issue discovery ------------------------------------------------------------------

    def start_list_requests(self) -> Iterable[scrapy.Request]:
        for url in self.list_urls():
            if _ISSUE_PAGE.match(url):
                yield from self.issue_requests(url, include_current=True)
            else:
                # Scrapy follows the meta refresh (or an HTTP redirect) to today's node_1.htm;
                # parse_paper_index also reads the refresh itself when it was not followed.
                yield scrapy.Request(url, callback=self.parse_paper_index, errback=self.on_error)

    def parse_paper_index(self, response: Response, **_: Any) -> Iterator[scrapy.Request]:
        if _ISSUE_PAGE.match(response.url):
            yield from self.parse_issue_page(response)
            yield from self.issue_requests(response.url, include_current=False)
            return
        target = refresh_target(response)
        if target is None:
            self.crawler.stats.inc_value("monitor/list_pages")
            self.crawler.stats.inc_value("monitor/empty_lists")
            self.logger.warning("%s: names no current issue (no meta refresh to node_N.htm)", response.url)
            return
        yield from self.issue_requests(target, include_current=True)

    def issue_requests(self, issue_url: str, include_current: bool) -> Iterator[scrapy.Request]:
        """node_1.htm of the issue of `issue_url` and of the dates before it, newest first."""
        match = _ISSUE_PAGE.match(issue_url)
        if not match:
            return
        current = date(int(match["y"]), int(match["m"]), int(match["d"]))
        for back in range(0 if include_current else 1, self.issues_to_walk()):
            day = current - timedelta(days=back)
            yield scrapy.Request(
                f"{match['root']}{day:%Y-%m}/{day:%d}/node_1.htm",
                callback=self.parse_issue_page,
                errback=self.on_error,
                meta={"handle_httpstatus_list": [404]},
            )

    # -- an issue's pages -----------------------------------------------------------------

    def parse_issue_page(self, response: Response, **_: Any) -> Iterator[scrapy.Request]:
        if response.status == 404:
            self.crawler.stats.inc_value("monitor/missing_issues")
            self.logger.info("%s: no issue on this date", response.url)
            return
        self.crawler.stats.inc_value("monitor/list_pages")
        pages = self.page_links(response)
        articles = self.article_links(response)
        if not articles and not pages:
            self.crawler.stats.inc_value("monitor/empty_lists")
            self.logger.warning("%s: no pages or articles found on this issue page", response.url)
            return
        for url in pages:
            yield scrapy.Request(url, callback=self.parse_issue_page, errback=self.on_error)
        seen = self.store.seen(articles)
        for url in articles:
            if url not in seen and url not in self._scheduled:
                self._scheduled.add(url)
                yield self.article_request(url)

    def page_links(self, response: Response) -> list[str]:
        """The issue's other pages (`<a id="pageLink" href="node_N.htm">第 N 版：…</a>`)."""
        here = canonical_url(response.url)
        links = (response.urljoin(href) for href in response.css("a#pageLink::attr(href)").getall())
        return [
            url for url in dict.fromkeys(canonical_url(link) for link in links)
            if url != here and _ISSUE_PAGE.match(url) and urlsplit(url).netloc == urlsplit(here).netloc
        ]

    def parse_document(self, url: str, html: str) -> ParsedArticle:
        return parse_founder_article(url, html)


def refresh_target(response: Response) -> str | None:
    """The issue page `paperindex.htm` points to, by its meta refresh or, failing that, a link."""
    for content in response.xpath(
        "//meta[translate(@http-equiv, 'REFSH', 'refsh')='refresh']/@content"
    ).getall():
        match = _REFRESH_TARGET.search(content)
        if match:
            target = response.urljoin(match[1])
            if _ISSUE_PAGE.match(target):
                return target
    for href in response.css("a::attr(href)").getall():
        target = response.urljoin(href)
        if _ISSUE_PAGE.match(target):
            return target
    return None


def parse_days(value: str | int) -> int:
    try:
        days = int(value)
    except (TypeError, ValueError):
        raise ValueError(f"days must be a whole number of issues, not {value!r}") from None
    if days < 1:
        raise ValueError(f"days must be at least 1, not {days}")
    return days
