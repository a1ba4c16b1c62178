"""Visible text of HTML fragments, one line per block element, and headlines joined from lines.

Kept apart from the parsers because every layer (template selectors, the generic main-content
extractor, the Founder parser) must turn markup into the same lines: the cleanup that drops
info lines and boilerplate works line by line.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from lxml import html as lxml_html

from scraper.normalise import fold_spaces

if TYPE_CHECKING:
    from scraper.article_parser import ParsedArticle

_BLOCK_TAGS = {
    "p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "table",
    "section", "article", "blockquote", "ul", "ol", "dl", "dt", "dd", "header", "footer", "main",
    "founder-content", "ucapcontent",
}
#: Table cells are separated by a space: "发布机构：</td><td>海南省人民政府办公厅" is two words.
_CELL_TAGS = {"td", "th"}
DROP_TAGS = ("script", "style", "noscript", "iframe", "form", "button", "select", "template")
_CJK_OR_PUNCT = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")


def element_text(fragment: str) -> str:
    """Visible text of an HTML fragment with one line per block element (paragraph structure kept)."""
    if not fragment.strip():
        return ""
    try:
        root = lxml_html.fromstring(fragment)
    except (ValueError, lxml_html.etree.ParserError):
        return ""
    return node_text(root)


def node_text(root: lxml_html.HtmlElement) -> str:
    chunks: list[str] = []
    _walk(root, chunks)
    # one substitution over the whole text (the class has no newline), then the lines
    lines = (line.strip() for line in fold_spaces("".join(chunks)).split("\n"))
    return "\n".join(line for line in lines if line)


def _walk(element: lxml_html.HtmlElement, chunks: list[str]) -> None:
    tag = element.tag.lower() if isinstance(element.tag, str) else ""
    if tag in DROP_TAGS:
        return
    block = tag in _BLOCK_TAGS
    if block:
        chunks.append("\n")
    elif tag in _CELL_TAGS:
        chunks.append(" ")
    if tag and element.text:
        chunks.append(element.text)
    for child in element:
        _walk(child, chunks)
        if child.tail:
            chunks.append(child.tail)
    if block:
        chunks.append("\n")
    elif tag in _CELL_TAGS:
        chunks.append(" ")


def join_lines(lines: Iterable[str]) -> str:
    """Lines joined by a space, except where both sides are Chinese (CJK text has no spaces)."""
    title = ""
    for line in (line.strip() for line in lines):
        if not line:
            continue
        if title and not (_CJK_OR_PUNCT.match(title[-1]) and _CJK_OR_PUNCT.match(line[0])):
            title += " "
        title += line
    return title


def decode_page(data: bytes, url: str = "file:///document.html") -> str:
    """Bytes of a saved page decoded as the crawl decodes a response (scraper.encoding):
    a BOM, the declared charset (meta), UTF-8, then GB18030 — so a GBK page reads as Chinese."""
    from scrapy.http import HtmlResponse

    from scraper.encoding import decode_body

    return decode_body(HtmlResponse(url=url, body=data))


def read_page(html: str, url: str = "") -> ParsedArticle:
    """A page as the crawl reads it: headline, body (template selectors, then the main content,
    then trafilatura), published date, publisher. `hainan-monitor extract` reads HTML here, so a
    saved page and a crawled one give the same text and the same figures.

    Founder e-paper pages (Hainan Daily) get their own reader, as their spider gives them.
    """
    from scraper.article_parser import parse_article
    from scraper.founder_parser import parse_founder_article

    if "<founder-content" in html.lower():
        return parse_founder_article(url, html)
    return parse_article(url, html)
