"""The generic main-content layer, for pages whose body sits in no known container.

First the densest paragraph block: the element whose `<p>` children hold the most non-link
text (paragraphs split over sibling wrappers count towards their common parent). It copes
with the table layouts of the legacy /englishgov/ pages, where trafilatura returns the whole
page as table rows or nothing. trafilatura is the fallback for bodies without `<p>` tags.
"""

from __future__ import annotations

import trafilatura
from lxml import html as lxml_html

from scraper.html_text import DROP_TAGS, node_text

#: Non-link characters a block's paragraphs need before it is believed to be the article.
MIN_BLOCK_CHARS = 40
_SKIP_ANCESTORS = {"header", "footer", "nav", "aside"}


def main_content(html: str, url: str) -> str:
    block = densest_block(html)
    if block:
        return block
    generic = trafilatura.extract(html, url=url, include_comments=False, include_tables=True, favor_precision=True)
    return (generic or "").strip()


def densest_block(html: str) -> str:
    try:
        root = lxml_html.document_fromstring(html)
    except (ValueError, lxml_html.etree.ParserError):
        return ""
    for tag in DROP_TAGS:
        for element in root.iter(tag):
            element.drop_tree()
    scores: dict[lxml_html.HtmlElement, float] = {}
    for paragraph in root.iter("p"):
        if any(ancestor.tag in _SKIP_ANCESTORS for ancestor in paragraph.iterancestors()):
            continue
        text = paragraph.text_content().strip()
        links = sum(len(link.text_content().strip()) for link in paragraph.iter("a"))
        length = len(text) - links
        if length <= 0:
            continue
        parent = paragraph.getparent()
        if parent is None:
            continue
        scores[parent] = scores.get(parent, 0.0) + length
        grandparent = parent.getparent()
        if grandparent is not None:
            scores[grandparent] = scores.get(grandparent, 0.0) + 0.75 * length
    if not scores:
        return ""
    best = max(scores, key=lambda element: scores[element])
    if scores[best] < MIN_BLOCK_CHARS:
        return ""
    return node_text(best)
