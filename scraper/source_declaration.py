"""Sources declared in TOML instead of code: the schema, its validation, and where tables come from.

A news site whose list pages link to articles by a recognisable URL is a few lines of
configuration (`[sources.<id>]`), run by one generic spider (scraper/spiders/declared_spider.py).
The project bundles its own declarations in `scraper/sources.toml`; a user adds or amends them in
the configuration file (a user table with a bundled id replaces the keys it names). Every
mistake in a declaration is found here, before any crawl, and reported in one line that names
the table, the key and what is wrong with it.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import resources
from typing import Any
from urllib.parse import urlsplit

from cssselect import SelectorError
from parsel import Selector

#: How list pages continue: not at all; `list.shtml` → `list_2.shtml` linked from the page (or
#: named by a UCAP script pager); TRS `index.html` → `index_1.html` with the page count in
#: `createPageHTML(count, current, "index", "html")`; any other script pager (`pager_pattern`
#: finds the page count, `page_url` names the next page).
PAGINATIONS = ("none", "suffix", "trs", "script")
#: The TRS pager call (SITES.md §4.1), also the default page-count pattern of a script pager.
DEFAULT_PAGER_PATTERN = r"createPageHTML\(\s*(?:['\"][^'\"]*['\"]\s*,\s*)?(?P<total>\d+)"
MAX_LIST_PAGES_LIMIT = 100
#: Where the project's own declarations come from (SourceDeclaration.origin).
BUNDLED_ORIGIN = "scraper/sources.toml"
_ID = re.compile(r"^[a-z][a-z0-9_]{1,40}$")
_LANGUAGES = ("zh", "en")
_LISTS = (
    "start_urls", "hubs", "hosts", "title_meta", "date_meta", "publisher_meta",
    "title_selectors", "date_selectors", "publisher_selectors", "body_selectors",
)
_STRINGS = ("name", "publisher", "language", "article_pattern", "list_pattern", "pagination",
            "page_url", "pager_pattern", "title_split", "date_format")
KNOWN_KEYS = frozenset(_LISTS + _STRINGS + ("max_list_pages",))


class DeclarationError(ValueError):
    """A declared source cannot be used; the message names the table, the key and the problem."""


@dataclass(frozen=True)
class SourceDeclaration:
    """One declared source: where its lists are, what its article URLs look like, how to read them."""

    id: str
    publisher: str
    article_pattern: str
    name: str = ""
    language: str | None = None
    start_urls: tuple[str, ...] = ()
    #: Index pages whose links matching `list_pattern` are further list pages (park topics).
    hubs: tuple[str, ...] = ()
    list_pattern: str | None = None
    #: Hosts whose article links count; by default those of the start URLs and hubs.
    hosts: tuple[str, ...] = ()
    pagination: str = "none"
    page_url: str | None = None
    pager_pattern: str = DEFAULT_PAGER_PATTERN
    max_list_pages: int | None = None
    title_meta: tuple[str, ...] = ()
    date_meta: tuple[str, ...] = ()
    publisher_meta: tuple[str, ...] = ()
    title_selectors: tuple[str, ...] = ()
    date_selectors: tuple[str, ...] = ()
    publisher_selectors: tuple[str, ...] = ()
    body_selectors: tuple[str, ...] = ()
    #: "Headline -- Column -- Site": the headline is what comes before the first separator.
    title_split: str | None = None
    #: strptime format of the declared date places, for dates no shared layer reads ("08.07.24").
    date_format: str | None = None
    origin: str = field(default="", compare=False)

    @property
    def title(self) -> str:
        """The `sources.title` of the store."""
        return self.name or self.publisher

    @property
    def all_hosts(self) -> frozenset[str]:
        return frozenset(self.hosts or (urlsplit(url).hostname or "" for url in self.start_urls + self.hubs))


def parse_declaration(source_id: str, table: Mapping[str, Any], where: str = "config") -> SourceDeclaration:
    """The declaration of `[sources.<source_id>]`, or a DeclarationError naming what is wrong."""
    label = f"{where}: [sources.{source_id}]"
    if not _ID.match(source_id):
        raise DeclarationError(f"{label}: the id must be lower-case letters, digits and _ (e.g. dongfang_park)")
    if not isinstance(table, Mapping):
        raise DeclarationError(f"{label} must be a table")
    unknown = sorted(set(table) - KNOWN_KEYS)
    if unknown:
        raise DeclarationError(f"{label}: unknown key {unknown[0]!r} (known: {', '.join(sorted(KNOWN_KEYS))})")
    values: dict[str, Any] = {"id": source_id, "origin": where}
    for key in _STRINGS:
        if key in table:
            if not isinstance(table[key], str) or not table[key].strip():
                raise DeclarationError(f"{label}: {key} must be a non-empty string")
            values[key] = table[key] if key == "title_split" else table[key].strip()
    for key in _LISTS:
        if key in table:
            values[key] = _string_list(table[key], f"{label}: {key}")
    if "max_list_pages" in table:
        pages = table["max_list_pages"]
        if isinstance(pages, bool) or not isinstance(pages, int) or not 1 <= pages <= MAX_LIST_PAGES_LIMIT:
            raise DeclarationError(f"{label}: max_list_pages must be a whole number from 1 to {MAX_LIST_PAGES_LIMIT}")
        values["max_list_pages"] = pages
    for required in ("publisher", "article_pattern"):
        if required not in values:
            raise DeclarationError(f"{label}: {required} is missing")
    if not values.get("start_urls") and not values.get("hubs"):
        raise DeclarationError(f"{label}: start_urls is missing (the list pages to read)")
    for key in ("start_urls", "hubs"):
        for url in values.get(key, ()):
            parts = urlsplit(url)
            if parts.scheme not in ("http", "https") or not parts.hostname:
                raise DeclarationError(f"{label}: {key}: {url!r} is not an http(s) URL")
    if values.get("language") not in (None, *_LANGUAGES):
        raise DeclarationError(f"{label}: language must be one of {', '.join(_LANGUAGES)} (or left out to guess)")
    _check_regex(values, "article_pattern", label)
    _check_regex(values, "list_pattern", label)
    _check_regex(values, "pager_pattern", label)
    if values.get("hubs") and not values.get("list_pattern"):
        raise DeclarationError(f"{label}: hubs needs list_pattern (which of a hub's links are list pages)")
    _check_pagination(values, label)
    if "date_format" in values:
        if not values.get("date_meta") and not values.get("date_selectors"):
            raise DeclarationError(f"{label}: date_format needs date_meta or date_selectors (where the date is)")
        if "%" not in values["date_format"]:
            raise DeclarationError(f"{label}: date_format must be a strptime format such as \"%d.%m.%Y\"")
    for key in ("title_selectors", "date_selectors", "publisher_selectors", "body_selectors"):
        for css in values.get(key, ()):
            try:
                Selector(text="<html></html>").css(css)
            except (SelectorError, ValueError) as exc:
                raise DeclarationError(f"{label}: {key}: {css!r} is not a CSS selector ({exc})") from None
    return SourceDeclaration(**values)


def parse_declarations(tables: Mapping[str, Any], where: str = "config") -> dict[str, SourceDeclaration]:
    if not isinstance(tables, Mapping):
        raise DeclarationError(f"{where}: [sources] must be a table of [sources.<id>] tables")
    return {source_id: parse_declaration(source_id, table, where) for source_id, table in tables.items()}


def bundled_tables() -> dict[str, dict[str, Any]]:
    """The project's own `[sources.*]` tables (scraper/sources.toml)."""
    text = resources.files("scraper").joinpath("sources.toml").read_text(encoding="utf-8")
    return dict(tomllib.loads(text).get("sources", {}))


def declared_sources(user_tables: Mapping[str, Any] | None = None) -> dict[str, SourceDeclaration]:
    """Bundled declarations amended and extended by the user's: a user table with a bundled id
    replaces only the keys it names (`[sources.hnftp] max_list_pages = 2`)."""
    merged: dict[str, tuple[dict[str, Any], str]] = {
        source_id: (dict(table), BUNDLED_ORIGIN) for source_id, table in bundled_tables().items()
    }
    for source_id, table in (user_tables or {}).items():
        if not isinstance(table, Mapping):
            raise DeclarationError(f"config: [sources.{source_id}] must be a table")
        base, origin = merged.get(source_id, ({}, "config"))
        merged[source_id] = ({**base, **table}, "config")
    return {source_id: parse_declaration(source_id, table, origin) for source_id, (table, origin) in merged.items()}


def _string_list(value: Any, label: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(item, str) and item.strip() for item in value):
        raise DeclarationError(f"{label} must be a list of non-empty strings")
    return tuple(item.strip() for item in value)


def _check_regex(values: dict[str, Any], key: str, label: str) -> None:
    pattern = values.get(key)
    if pattern is None:
        return
    try:
        compiled = re.compile(pattern)
    except re.error as exc:
        raise DeclarationError(f"{label}: {key} is not a regular expression ({exc})") from None
    if key == "pager_pattern" and "total" not in compiled.groupindex and compiled.groups < 1:
        raise DeclarationError(f"{label}: pager_pattern needs a group that captures the page count")


def _check_pagination(values: dict[str, Any], label: str) -> None:
    kind = values.setdefault("pagination", "none")
    if kind not in PAGINATIONS:
        raise DeclarationError(f"{label}: pagination must be one of {', '.join(PAGINATIONS)}, not {kind!r}")
    page_url = values.get("page_url")
    if kind == "script" and not page_url:
        raise DeclarationError(f"{label}: pagination = \"script\" needs page_url (e.g. \"list_{{page}}.html\")")
    if page_url is not None:
        if kind != "script":
            raise DeclarationError(f"{label}: page_url is only read with pagination = \"script\"")
        if "{page}" not in page_url and "{index}" not in page_url:
            raise DeclarationError(f"{label}: page_url must contain {{page}} (1, 2, …) or {{index}} (0, 1, …)")
        try:
            page_url.format(page=2, index=1)
        except (KeyError, IndexError, ValueError) as exc:
            raise DeclarationError(f"{label}: page_url may name only {{page}} and {{index}} ({exc!r})") from None
