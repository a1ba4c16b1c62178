"""Articles of Founder (方正) e-papers: Hainan Daily on news.hndaily.cn and on the legacy host
hnrb.hinews.cn (SITES.md §3).

The shared parser already finds `<founder-title>` and `<founder-content>`; what differs is what
those pages mean. `<founder-author>` is the reporter's byline, not the article's source (the
source is the paper itself), a title broken over lines with `<br>` or `<p>` is one headline, and
the issue date is in the URL (`/html/YYYY-MM/DD/`), the only date the pages carry reliably.
"""

from __future__ import annotations

from datetime import date

from parsel import Selector

from scraper.article_parser import ParsedArticle, parse_article
from scraper.html_text import element_text, join_lines
from scraper.urls import date_from_url

__all__ = ["PAPER_NAME", "founder_title", "join_lines", "parse_founder_article"]

PAPER_NAME = "海南日报"


def parse_founder_article(url: str, html: str) -> ParsedArticle:
    article = parse_article(url, html)
    title = founder_title(Selector(text=html))
    if title:
        article.title, article.layers["title"] = title, "selectors"
    from_url = date_from_url(url)
    if from_url and from_url[2]:
        year, month, day = from_url
        article.published, article.layers["published"] = date(year, month, day), "url"
    article.publisher, article.layers["publisher"] = PAPER_NAME, "url"
    article.language = "zh"
    return article


def founder_title(selector: Selector) -> str:
    """The headline of `<founder-title>`: its lines joined, with no space between Chinese lines."""
    element = selector.css("founder-title")
    if not element:
        return ""
    return join_lines(element_text(element[0].get()).split("\n"))
