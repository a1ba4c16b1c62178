"""What each table, view and column of the store means, in the README's words.

Shown by `serve` as Datasette titles, descriptions and column tooltips, so a person browsing the
store reads the same documentation as the README's "Where the data goes" table.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class TableDoc:
    title: str
    description: str
    columns: dict[str, str] = field(default_factory=dict)
    #: Datasette facets shown by default (park, metric, kind, source …).
    facets: tuple[str, ...] = ()
    #: The column that names a row where another table points to it.
    label_column: str | None = None
    sort_desc: str | None = None
    hidden: bool = False


_FIGURE_COLUMNS = {
    "park": "Park id of the gazetteer (PARKS.md), e.g. gd-hn-manufacturing",
    "metric": "What is counted (METRICS.md), e.g. projects_landed, investment_total",
    "value": "The number, in CNY, km² or a count (see unit)",
    "unit": "CNY, USD, km2 or count",
    "qualifier": "actual (reported as done) or target (planned)",
    "bound": "exact, approx, at_least or at_most",
    "period": "Empty = cumulative; YYYY = a year; YYYY-MM..YYYY-MM = part of a year",
    "quote": "The sentence of the article the figure comes from",
    "extractor_version": "Version of the extractor that found the figure",
    "binding": "How the park was found: named in the sentence, an anaphor (the zone, 园区), or carried from earlier sentences",
}

TABLES: dict[str, TableDoc] = {
    "latest_figures": TableDoc(
        "Latest figures",
        "The newest value per park, metric, period and qualifier: only what articles say now, "
        "newest by the article's published date, then by fetch time (the rule the change detector uses).",
        {**_FIGURE_COLUMNS, "article_url": "The article reporting the value", "article_title": "Its title",
         "published": "The article's published date", "source": "The site (spider) it came from",
         "version": "The article version (1, 2, …) the figure comes from", "fetched_at": "When that version was fetched (UTC)"},
        facets=("park", "metric", "source"),
    ),
    "figure_history": TableDoc(
        "Figure history",
        "Every figure ever extracted, one row each, with its article. is_current_version is 1 for "
        "figures of an article's newest version, 0 for figures of superseded versions.",
        {**_FIGURE_COLUMNS, "figure_id": "Row id in figures", "article_url": "The article reporting the value",
         "article_title": "Its title", "published": "The article's published date", "language": "en or zh",
         "source": "The site (spider) it came from", "version": "The article version (1, 2, …)",
         "fetched_at": "When that version was fetched (UTC)",
         "is_current_version": "1 when the figure comes from the article's newest version"},
        facets=("park", "metric", "source"),
        sort_desc="published",
    ),
    "changes": TableDoc(
        "Changes",
        "The events the monitor detected: new and revised articles, new and moved figures, failing sources.",
        {"kind": "new_article, article_revised, figure_new, figure_changed or source_failing",
         "park": "Park id", "metric": "Metric, for figure changes", "period": "Period of the figure (empty = cumulative)",
         "qualifier": "actual or target", "old_value": "The value before (figure_changed)", "new_value": "The value now",
         "unit": "CNY, USD, km2 or count", "quote": "The sentence that proves the change", "summary": "One line for people",
         "article_id": "The article that proves the change", "version_id": "Its version",
         "old_article_id": "The article of the replaced value", "old_version_id": "Its version",
         "source_id": "The site", "detected_at": "When the monitor saw it (UTC)",
         "possible": "1 when the figure's park was only carried from earlier sentences: kept, not alerted"},
        facets=("kind", "park", "metric", "source_id"),
        sort_desc="detected_at",
    ),
    "articles": TableDoc(
        "Articles",
        "One row per canonical article URL (tracking queries removed); its texts are in article_versions.",
        {"url": "Canonical URL", "source_id": "The site", "language": "en or zh", "title": "Latest title",
         "published": "Published date", "publisher": "The source line (海南日报, Hainan Daily …)",
         "column_name": "The site's column",
         "first_seen": "First crawled (UTC)", "last_seen": "Last seen on a list page (UTC)",
         "last_checked": "Last re-checked (UTC)"},
        facets=("source_id", "language"),
        label_column="title",
        sort_desc="published",
    ),
    "article_versions": TableDoc(
        "Article versions",
        "Every distinct text of an article: a new row only when the normalised text changed.",
        {"article_id": "The article", "number": "1, 2, …", "fetched_at": "When fetched (UTC)",
         "content_hash": "Hash of the normalised text", "title": "Title of this version", "text": "Clean text",
         "html_zlib": "Raw page, zlib-compressed", "etag": "HTTP ETag", "last_modified": "HTTP Last-Modified",
         "extracted_with": "Extractor version that read it", "diffed_at": "When changes were computed (UTC)"},
        facets=("article_id",),
    ),
    "figures": TableDoc(
        "Figures",
        "Every number an article version reports about a park (see figure_history for the joined view).",
        {**_FIGURE_COLUMNS, "version_id": "The article version", "article_id": "The article"},
        facets=("park", "metric", "qualifier"),
    ),
    "parks": TableDoc(
        "Parks",
        "The park gazetteer (PARKS.md): ids, English and Chinese names, aliases.",
        {"id": "Park id", "name_en": "English name", "name_zh": "Chinese name", "aliases": "Other names it goes by"},
        label_column="name_en",
    ),
    "sources": TableDoc(
        "Sources",
        "The sites the monitor polls, one row per spider.",
        {"name": "Spider name, e.g. hainan_gov_zh", "host": "Site host", "title": "Site title",
         "failing_since": "Set while the site is broken"},
        label_column="name",
    ),
    "crawl_runs": TableDoc(
        "Crawl runs",
        "One row per spider in a cycle: what it fetched, found and how it ended.",
        {"cycle_id": "The cycle", "spider": "Spider name", "started_at": "UTC", "finished_at": "UTC",
         "requests": "HTTP requests", "pages": "Pages parsed", "articles_seen": "Article links seen",
         "new_articles": "Articles stored for the first time", "new_versions": "New versions stored",
         "not_modified": "304 answers", "unchanged": "Re-checked, text unchanged",
         "irrelevant": "Not about parks", "problems": "Pages that did not parse", "errors": "Errors",
         "outcome": "ok, failed, interrupted …", "detail": "What went wrong"},
        facets=("spider", "outcome"),
        sort_desc="started_at",
    ),
    "change_deliveries": TableDoc(
        "Change deliveries",
        "A change delivered on an alert channel (no row = still pending).",
        {"change_id": "The change", "channel": "log, email, apprise, feed", "delivered_at": "UTC"},
        facets=("channel",),
    ),
    "skipped_urls": TableDoc(
        "Skipped URLs",
        "Article URLs not to fetch again (not about parks, refused by robots.txt).",
        {"url": "The URL", "source_id": "The site", "reason": "Why it is skipped", "first_seen": "UTC"},
        facets=("reason", "source_id"),
    ),
    "article_parks": TableDoc(
        "Articles' parks",
        "One row per park an article names (the crawl's relevance check): what `articles --park` reads.",
        {"article_id": "The article", "park": "Park id of the gazetteer"},
        facets=("park",),
    ),
    "standing_figures": TableDoc(
        "Standing figures",
        "What the change detector compares a new figure with: per key (park, metric, period, qualifier, unit), "
        "each article's figures from its latest diffed version that states the key, while within a week of "
        "the key's newest report. Derived from figures.",
        {**{name: _FIGURE_COLUMNS[name] for name in ("park", "metric", "value", "unit", "qualifier", "period", "quote", "binding")},
         "published": "The article's date (else the day it was first seen)", "article_id": "The article",
         "version_id": "The version", "version_number": "1, 2, …"},
        facets=("park", "metric"),
    ),
    "store_state": TableDoc(
        "Store state", "Markers of derived data: standing_figures is built, or stale until the next diff rebuilds it.",
        hidden=True,
    ),
    "alembic_version": TableDoc("Schema version", "The migration the schema is at.", hidden=True),
}
