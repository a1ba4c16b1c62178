"""One article parser for every site: meta tags first, then template selectors, then a generic
main-content extractor, then the URL's date.

The sites' templates are known only from other people's crawlers (SITES.md), so every selector
list is a setting-free constant *list* tried in order, and each field records which layer found
it: `sources check` reports that, and a template change shows up as a layer falling back.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

import htmldate
import trafilatura
from lxml import html as lxml_html
from parsel import Selector

from scraper.urls import date_from_url

TITLE_META = ("ArticleTitle", "og:title", "twitter:title")
DATE_META = ("PubDate", "pubdate", "publishdate", "article:published_time", "Date")
SOURCE_META = ("ContentSource", "source", "article:author")
COLUMN_META = ("ColumnName",)

TITLE_SELECTORS = (
    "ucaptitle",
    "founder-title",
    ".title_cen",
    "h1",
    "#xw_biaot",
    ".article-title",
    ".title",
    "h2",
)
BODY_SELECTORS = (
    "ucapcontent",
    "founder-content",
    "#zoom",
    ".xgleft",
    ".dbj-nr-m",
    "#bs_content",
    ".article-content",
    ".TRS_Editor",
    "article",
)
#: Body tags of the sites' own CMSes: when one is present but empty, the page has no text.
AUTHORITATIVE_BODIES = ("ucapcontent", "founder-content", ".TRS_Editor")
SOURCE_SELECTORS = ("#ly", ".source", "#source", "founder-author")
DATE_SELECTORS = ("publishtime", "#fbsj", ".pubtime", ".date", ".time", "span.default", "li.f14")

_DATE = re.compile(r"(20\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")
_SOURCE_LINE = re.compile(
    r"(?:^|\s)(?:Source|来源|來源|文章来源|稿源)\s*[:：]\s*(?P<name>[^\s|｜/].*?)\s*"
    r"(?=$|\s{2,}|\||｜|(?:Date|Time|Updated|Author|Editor|发布时间|时间|日期|作者|编辑|责任编辑)\s*[:：])",
    re.IGNORECASE | re.MULTILINE,
)
#: A labelled field ("来源：", "发布时间：") on a line with a date: the info line under a
#: headline, not body text (a first paragraph "2024年7月4日，省统计局发布…" has no label).
_HEADER_LABEL = re.compile(r"(?:来源|來源|发布时间|發佈時間|发布日期|Source|Date|Updated)\s*[:：]", re.IGNORECASE)
_BLOCK_TAGS = {
    "p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "table",
    "section", "article", "blockquote", "ul", "ol", "founder-content", "ucapcontent",
}
_DROP_TAGS = ("script", "style", "noscript", "iframe", "form", "button", "select", "template")
_CJK = re.compile(r"[\u3400-\u9fff]")


@dataclass
class ParsedArticle:
    title: str = ""
    text: str = ""
    published: date | None = None
    publisher: str | None = None
    column_name: str | None = None
    language: str = "en"
    layers: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """Whether the page parsed into something worth storing."""
        return bool(self.title) and len(self.text) >= 20


def parse_article(url: str, html: str) -> ParsedArticle:
    selector = Selector(text=html)
    article = ParsedArticle()
    _title(selector, article)
    _body(selector, html, url, article)
    _published(selector, html, url, article)
    _publisher(selector, article)
    column = _meta(selector, COLUMN_META)
    article.column_name = column or None
    article.language = guess_language(url, article.title + "\n" + article.text[:2000])
    return article


def guess_language(url: str, text: str) -> str:
    """The URL folder decides on the portals; otherwise the share of CJK characters does."""
    if "/englishsite" in url or "/englishgov" in url or "/englishsitem" in url:
        return "en"
    if "/hainan/" in url:
        return "zh"
    letters = [ch for ch in text if not ch.isspace()]
    if not letters:
        return "en"
    return "zh" if sum(1 for ch in letters if _CJK.match(ch)) / len(letters) > 0.15 else "en"


def _meta(selector: Selector, names: tuple[str, ...]) -> str:
    for name in names:
        for attribute in ("name", "property"):
            value = selector.xpath(
                f"//meta[translate(@{attribute}, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', "
                f"'abcdefghijklmnopqrstuvwxyz')='{name.lower()}']/@content"
            ).get()
            if value and value.strip():
                return value.strip()
    return ""


def _title(selector: Selector, article: ParsedArticle) -> None:
    meta = _meta(selector, TITLE_META)
    if meta:
        article.title, article.layers["title"] = _one_line(meta), "meta"
        return
    for css in TITLE_SELECTORS:
        element = selector.css(css)
        if element:
            text = _one_line(" ".join(element[0].css("::text").getall()))
            if text:
                article.title, article.layers["title"] = text, "selectors"
                return
    page_title = _one_line(selector.css("title::text").get() or "")
    if page_title:
        article.title, article.layers["title"] = re.split(r"\s+[-_|]{1,2}\s+", page_title)[0], "generic"


def _body(selector: Selector, html: str, url: str, article: ParsedArticle) -> None:
    for css in BODY_SELECTORS:
        element = selector.css(css)
        if not element:
            continue
        text = _without_header_lines(element_text(element[0].get()), article.title)
        if len(text) >= 20:
            article.text, article.layers["text"] = text, "selectors"
            return
        if css in AUTHORITATIVE_BODIES:
            # The CMS's own body tag is there but empty: the article has no text (a stub, a
            # page still being edited). Falling back to the generic extractor would store the
            # breadcrumb and the footer as the article.
            article.text, article.layers["text"] = text, "selectors"
            return
    generic = trafilatura.extract(
        html, url=url, include_comments=False, include_tables=True, favor_precision=True
    )
    if generic and generic.strip():
        article.text, article.layers["text"] = generic.strip(), "generic"


def _without_header_lines(text: str, title: str) -> str:
    """Drop the headline and the date/source line that wrapper containers (`.xgleft`) repeat."""
    lines = text.split("\n")
    while lines and (_one_line(lines[0]) == title or _is_header_line(lines[0])):
        lines.pop(0)
    return "\n".join(lines)


def _is_header_line(line: str) -> bool:
    return len(line) <= 80 and bool(_HEADER_LABEL.search(line)) and bool(_DATE.search(line))


def _published(selector: Selector, html: str, url: str, article: ParsedArticle) -> None:
    found = _parse_date(_meta(selector, DATE_META))
    if found:
        article.published, article.layers["published"] = found, "meta"
        return
    for css in DATE_SELECTORS:
        for text in selector.css(css).css("::text").getall():
            found = _parse_date(text)
            if found:
                article.published, article.layers["published"] = found, "selectors"
                return
    from_url = date_from_url(url)
    if from_url and from_url[2]:
        article.published, article.layers["published"] = date(*from_url), "url"  # a dated folder: exact
        return
    found = _generic_date(html, from_url)
    if found:
        article.published, article.layers["published"] = found, "generic"
        return
    if from_url:
        year, month, _ = from_url
        article.published, article.layers["published"] = date(year, month, 1), "url"


def _generic_date(html: str, from_url: tuple[int, int, int | None] | None) -> date | None:
    """htmldate's reading of the page (visible dates, "July 5, 2024", scripts' JSON-LD …), kept
    only when it agrees with the month in the URL: a copyright year or a clock widget must not
    become the publication date."""
    try:
        found = htmldate.find_date(html, original_date=True, outputformat="%Y-%m-%d", extensive_search=True)
    except (ValueError, TypeError):
        return None
    if not found:
        return None
    day = date.fromisoformat(found)
    if from_url and (day.year, day.month) != from_url[:2]:
        return None
    return day


def _publisher(selector: Selector, article: ParsedArticle) -> None:
    meta = _meta(selector, SOURCE_META)
    if meta:
        article.publisher, article.layers["publisher"] = _clean_source(meta), "meta"
        return
    for css in SOURCE_SELECTORS:
        text = _one_line(" ".join(selector.css(css).css("::text").getall()))
        if text:
            article.publisher, article.layers["publisher"] = _clean_source(text), "selectors"
            return
    page_text = element_text(selector.css("body").get() or "")
    match = _SOURCE_LINE.search(page_text)
    if match:
        article.publisher, article.layers["publisher"] = _clean_source(match["name"]), "generic"


def _clean_source(text: str) -> str:
    match = _SOURCE_LINE.search(text)
    name = match["name"] if match else text
    return _one_line(name).strip("：:|｜ ")


def _parse_date(text: str) -> date | None:
    match = _DATE.search(text or "")
    if not match:
        return None
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


def _one_line(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def element_text(fragment: str) -> str:
    """Visible text of an HTML fragment with one line per block element (paragraph structure kept)."""
    if not fragment.strip():
        return ""
    try:
        root = lxml_html.fromstring(fragment)
    except (ValueError, lxml_html.etree.ParserError):
        return ""
    chunks: list[str] = []
    _walk(root, chunks)
    lines = (re.sub(r"[ \t\u3000\xa0]+", " ", line).strip() for line in "".join(chunks).split("\n"))
    return "\n".join(line for line in lines if line)


def _walk(element: lxml_html.HtmlElement, chunks: list[str]) -> None:
    tag = element.tag.lower() if isinstance(element.tag, str) else ""
    if tag in _DROP_TAGS:
        return
    block = tag in _BLOCK_TAGS
    if block:
        chunks.append("\n")
    if tag and element.text:
        chunks.append(element.text)
    for child in element:
        _walk(child, chunks)
        if child.tail:
            chunks.append(child.tail)
    if block:
        chunks.append("\n")
