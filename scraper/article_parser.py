"""One article parser for every site: meta tags first, then template selectors, then a generic
main-content extractor, then the URL's date.

The sites' templates are known only from other people's crawlers (SITES.md), so every selector
list is a setting-free constant *list* tried in order, and each field records which layer found
it: `sources check` reports that, and a template change shows up as a layer falling back.
"""

from __future__ import annotations

import re
import weakref
from dataclasses import dataclass, field
from datetime import date

import htmldate
from parsel import Selector

from scraper.body_cleanup import clean_body
from scraper.dates import parse_date
from scraper.html_text import element_text, join_lines, node_text
from scraper.language import detect_language
from scraper.main_content import main_content
from scraper.urls import date_from_url

__all__ = ["ParsedArticle", "element_text", "guess_language", "join_lines", "parse_article"]

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
SOURCE_SELECTORS = ("#ly", ".source", "#source", "#xxgkfbjg", "founder-author")
#: The source field of the portal's templates: present but empty means "no other source"
#: (the portal itself, DEFAULT_PUBLISHERS), not "look for one elsewhere on the page".
OWN_SOURCE_FIELDS = ("#ly",)
DATE_SELECTORS = ("publishtime", "#fbsj", ".pubtime", ".date", ".time", "span.default", "li.f14")

_SOURCE_LINE = re.compile(
    r"(?:^|\s)(?:Source|News source|来源|來源|文章来源|稿源|信息来源|发布机构)\s*[:：]\s*(?P<name>[^\s|｜/【\[].*?)\s*"
    r"(?=$|\s{2,}|\||｜|【|(?:Date|Time|Updated|Author|Editor|Views|Hits|Print|Share|发布时间|时间|日期|作者|编辑"
    r"|责任编辑|浏览|点击|阅读|字号|字体|打印|分享)\s*[:：次量]?)",
    re.IGNORECASE | re.MULTILINE,
)
_CJK_START = re.compile(r"^[\u3400-\u9fff]")
_DATE_LABEL = re.compile(r"(?:发布时间|发布日期|发稿时间|发文日期|\b(?:Published|Publication\s+date|Release\s+date|Date))\s*[:：]\s*",
                         re.IGNORECASE)
_HEADER_LABEL_ONLY = re.compile(r"(?:来源|來源|Source)\s*[:：]?", re.IGNORECASE)
_PAGE_TITLE_SEPARATOR = re.compile(r"\s+[-–—|]{1,2}\s+|\s*[_｜]\s*")


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
    """The URL folder decides on the portals; otherwise the text does (scraper.language)."""
    if "/englishsite" in url or "/englishgov" in url or "/englishsitem" in url:
        return "en"
    if "/hainan/" in url:
        return "zh"
    return detect_language(text)


#: The meta tags of the documents being parsed (gone with their selector).
_METAS: weakref.WeakKeyDictionary[Selector, dict[tuple[str, str], str]] = weakref.WeakKeyDictionary()


def _meta(selector: Selector, names: tuple[str, ...]) -> str:
    """The first of `names` (by `name`, then `property`, case-insensitive) whose first meta tag
    has a content. The page's meta tags are read once per document and kept on the selector."""
    metas = _metas(selector)
    for name in names:
        for attribute in ("name", "property"):
            value = metas.get((attribute, name.lower()))
            if value and value.strip():
                return value.strip()
    return ""


def _metas(selector: Selector) -> dict[tuple[str, str], str]:
    """(attribute, lower-cased value) -> content of the first meta tag with it."""
    cached = _METAS.get(selector)
    if cached is not None:
        return cached
    metas: dict[tuple[str, str], str] = {}
    for meta in selector.root.iter("meta"):  # lxml's own elements: no Selector per tag
        content = meta.get("content")
        if content is None:
            continue
        for attribute in ("name", "property"):
            key = meta.get(attribute)
            if key is not None:
                metas.setdefault((attribute, key.lower()), content)
    _METAS[selector] = metas
    return metas


def _title(selector: Selector, article: ParsedArticle) -> None:
    meta = _meta(selector, TITLE_META)
    if meta:
        article.title, article.layers["title"] = _one_line(meta), "meta"
        return
    for css in TITLE_SELECTORS:
        element = selector.css(css)
        if element:
            # a headline broken over lines (<br>) is one headline, with no space between Chinese lines
            text = join_lines(node_text(element[0].root).split("\n"))
            if text:
                article.title, article.layers["title"] = text, "selectors"
                return
    page_title = _one_line(selector.css("title::text").get() or "")
    if page_title:
        # "Headline - Site", "Headline_Column_海南省人民政府网", "Headline -- Column -- Site"
        article.title, article.layers["title"] = _PAGE_TITLE_SEPARATOR.split(page_title)[0].strip(), "generic"


def _body(selector: Selector, html: str, url: str, article: ParsedArticle) -> None:
    for css in BODY_SELECTORS:
        element = selector.css(css)
        if not element:
            continue
        text = clean_body(node_text(element[0].root), article.title)  # the parsed element, not its HTML parsed again
        if len(text) >= 20:
            article.text, article.layers["text"] = text, "selectors"
            return
        if css in AUTHORITATIVE_BODIES:
            # The CMS's own body tag is there but empty: the article has no text (a stub, a
            # page still being edited). Falling back to the generic extractor would store the
            # breadcrumb and the footer as the article.
            article.text, article.layers["text"] = text, "selectors"
            return
    generic = clean_body(main_content(html, url), article.title)
    if generic:
        article.text, article.layers["text"] = generic, "generic"


def _published(selector: Selector, html: str, url: str, article: ParsedArticle) -> None:
    found = parse_date(_meta(selector, DATE_META))
    if found:
        article.published, article.layers["published"] = found, "meta"
        return
    for css in DATE_SELECTORS:
        for text in selector.css(css).css("::text").getall():
            found = parse_date(text)
            if found:
                article.published, article.layers["published"] = found, "selectors"
                return
    from_url = date_from_url(url)
    if from_url and from_url[2]:
        article.published, article.layers["published"] = date(*from_url), "url"  # a dated folder: exact
        return
    found = _labelled_date(selector, from_url)
    if found:
        article.published, article.layers["published"] = found, "label"
        return
    found = _generic_date(html, from_url)
    if found:
        article.published, article.layers["published"] = found, "generic"
        return
    if from_url:
        year, month, _ = from_url
        article.published, article.layers["published"] = date(year, month, 1), "url"


def _labelled_date(selector: Selector, from_url: tuple[int, int, int | None] | None) -> date | None:
    """A date the page labels as its own ("发布时间：2024-10-25", "Published: July 5, 2024") in a
    template no selector knows: before htmldate, which may take a period in the headline for one.
    Like htmldate's, it must agree with the month in the URL."""
    for text in selector.css("body ::text").getall():
        match = _DATE_LABEL.search(text)
        if match and (found := parse_date(text[match.end():])):
            return found if not from_url or (found.year, found.month) == from_url[:2] else None
    return None


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
        elements = selector.css(css)
        text = _clean_source(" ".join(elements.css("::text").getall()))
        if text:
            article.publisher, article.layers["publisher"] = text, "selectors"
            return
        if elements and css in OWN_SOURCE_FIELDS:
            return  # the template's source field is there and empty: no source is named
    page_text = element_text(selector.css("body").get() or "")
    for match in _SOURCE_LINE.finditer(page_text):
        name = _clean_source(match["name"])
        if name:
            article.publisher, article.layers["publisher"] = name, "generic"
            return


def _clean_source(text: str) -> str:
    """The name in a source field: its label dropped, cut where the next field starts."""
    text = _one_line(text)
    match = _SOURCE_LINE.search(text)
    name = match["name"] if match else text
    if _HEADER_LABEL_ONLY.fullmatch(name):
        return ""
    if _CJK_START.match(name):
        name = name.split(" ")[0]  # Chinese names have no spaces: "省商务厅 浏览量：2316"
    return name.strip("：:|｜ ")


def _one_line(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()
