"""A declared source's own field rules, laid over the shared article parser.

The shared parser (scraper/article_parser.py) already reads every page by meta tags, then
template selectors, then the generic main-content extractor, then the URL's date. A declaration
only adds what it knows of its site in front of that: its meta names and selectors are tried
first (recorded as the `meta` and `selectors` layers, as the coded spiders' are), and the
shared layers answer for whatever they do not find. A title separator cuts "Headline --
Column -- Site" to the headline, whichever layer found it, and names the column.
"""

from __future__ import annotations

import re
from datetime import date, datetime

from parsel import Selector

from scraper.article_parser import ParsedArticle, element_text, join_lines, parse_article
from scraper.body_cleanup import clean_body
from scraper.dates import parse_date
from scraper.source_declaration import SourceDeclaration

MIN_BODY = 20


def parse_declared(declaration: SourceDeclaration, url: str, html: str) -> ParsedArticle:
    article = parse_article(url, html)
    selector = Selector(text=html)
    title = _declared_text(selector, declaration.title_meta, declaration.title_selectors)
    if title:
        article.title, article.layers["title"] = title
    if declaration.title_split:
        _split_title(article, declaration.title_split, selector.css("title::text").get() or "")
    body = _declared_body(selector, declaration.body_selectors, article.title)
    if body:
        article.text, article.layers["text"] = body, "selectors"
    published = _declared_date(selector, declaration)
    if published:
        article.published, article.layers["published"] = published
    publisher = _declared_text(selector, declaration.publisher_meta, declaration.publisher_selectors)
    if publisher:
        article.publisher, article.layers["publisher"] = _strip_label(publisher[0]), publisher[1]
    if declaration.language:
        article.language = declaration.language
    return article


def declared_date_missed(declaration: SourceDeclaration, html: str) -> bool:
    """Whether the declaration names where the date is and none of those places holds one."""
    if not declaration.date_meta and not declaration.date_selectors:
        return False
    return _declared_date(Selector(text=html), declaration) is None


def _meta(selector: Selector, names: tuple[str, ...]) -> str:
    for name in names:
        for attribute in ("name", "property", "http-equiv"):
            value = selector.xpath(f"//meta[@{attribute}=$name]/@content", name=name).get()
            if value and value.strip():
                return " ".join(value.split())
    return ""


def _declared_text(selector: Selector, metas: tuple[str, ...], selectors: tuple[str, ...]) -> tuple[str, str] | None:
    value = _meta(selector, metas)
    if value:
        return value, "meta"
    for css in selectors:
        for element in selector.css(css):
            text = join_lines(element_text(element.get()).split("\n"))
            if text:
                return text, "selectors"
    return None


def _declared_body(selector: Selector, selectors: tuple[str, ...], title: str) -> str:
    for css in selectors:
        element = selector.css(css)
        if element:
            text = clean_body(element_text(element[0].get()), title)
            if len(text) >= MIN_BODY:
                return text
    return ""


def _declared_date(selector: Selector, declaration: SourceDeclaration) -> tuple[date, str] | None:
    found = _read_date(_meta(selector, declaration.date_meta), declaration.date_format)
    if found:
        return found, "meta"
    for css in declaration.date_selectors:
        for text in selector.css(css).css("::text").getall():
            found = _read_date(text, declaration.date_format)
            if found:
                return found, "selectors"
    return None


def _read_date(text: str, date_format: str | None) -> date | None:
    """The date in `text`: by the declared strptime format (the whole text, or one of its
    words), else as the shared parser reads dates (ISO, Chinese, English)."""
    if date_format and text.strip():
        for candidate in (text.strip(), *re.split(r"[\s：:]+", text)):
            try:
                return datetime.strptime(candidate.strip(), date_format).date()
            except ValueError:
                continue
        return None
    return parse_date(text)


def _split_title(article: ParsedArticle, separator: str, page_title: str) -> None:
    head = article.title.split(separator)[0].strip()
    if head:
        article.title = head
    parts = [part.strip() for part in page_title.split(separator)]
    if len(parts) >= 3 and parts[1] and not article.column_name:
        article.column_name = parts[1]  # "Headline -- Column -- Site"


def _strip_label(text: str) -> str:
    for label in ("来源：", "来源:", "Source:", "Source："):
        if text.startswith(label):
            return text[len(label):].strip()
    return text
