"""The questions people ask of the store, as Datasette canned queries (named, parameterised SQL).

Each query returns the article's URL and the quote with every figure and change, so a reader can
check the number at its source with one click. Parameters left empty mean "all" (Datasette passes
a missing parameter as an empty string), so every query also works as a plain listing.
"""

from __future__ import annotations

from dataclasses import dataclass


def _number(column: str) -> str:
    """A REAL shown without a trailing ".0" when it is whole (27.0 → 27), as the CLI shows it."""
    return f"(CASE WHEN {column} = CAST({column} AS INTEGER) THEN CAST({column} AS INTEGER) ELSE {column} END)"


#: datasette-vega reads its chart settings from the URL fragment: a line of value over time,
#: one colour per period, so a cumulative total and a year's flow are never joined by a line.
CHART_FRAGMENT = (
    "#g.mark=line&g.x_column=published&g.x_type=temporal&g.y_column=value&g.y_type=quantitative&g.color_column=period"
)


@dataclass(frozen=True)
class CannedQuery:
    name: str
    title: str
    description: str
    sql: str
    #: Fragment appended to the query's links to draw a chart (datasette-vega), if any.
    chart: str | None = None

    def as_metadata(self) -> dict[str, object]:
        return {"title": self.title, "description": self.description, "sql": self.sql.strip(), "hide_sql": True}


LATEST_PER_PARK = CannedQuery(
    "latest_per_park",
    "Latest figures per park",
    "Each park's newest value per metric, period and qualifier, with the article and the quote it "
    "comes from. Type a park id (e.g. gd-hn-manufacturing) to see one park; leave it empty for all.",
    f"""
SELECT l.park, p.name_zh AS park_name, l.metric,
       COALESCE(l.period, 'cumulative') || CASE WHEN l.qualifier = 'target' THEN ' (target)' ELSE '' END AS period,
       {_number('l.value')} AS value, l.unit, l.published, l.quote, l.article_url, l.source
FROM latest_figures AS l LEFT JOIN parks AS p ON p.id = l.park
WHERE :park = '' OR l.park = :park
ORDER BY l.park, l.metric, l.period
""",
)

MOVED_THIS_WEEK = CannedQuery(
    "moved_this_week",
    "What moved this week",
    "Figures that moved, new figures and revised articles detected in the last 7 days (or the "
    "number of days you type), moved figures first: old → new, the period, the quote and the article.",
    f"""
SELECT substr(c.detected_at, 1, 16) AS detected, c.kind, c.park, c.metric,
       CASE WHEN c.metric IS NULL THEN NULL
            ELSE COALESCE(c.period, 'cumulative') || CASE WHEN c.qualifier = 'target' THEN ' (target)' ELSE '' END
       END AS period,
       CASE
           WHEN c.old_value IS NOT NULL THEN {_number('c.old_value')} || ' → ' || {_number('c.new_value')}
           WHEN c.new_value IS NOT NULL THEN 'new: ' || {_number('c.new_value')}
       END AS old_to_new,
       c.unit, c.quote, a.url AS article_url, a.published, a.title AS article_title
FROM changes AS c
LEFT JOIN articles AS a ON a.id = c.article_id
LEFT JOIN parks AS p ON p.id = c.park
WHERE c.kind IN ('figure_changed', 'figure_new', 'article_revised') AND NOT c.possible
  AND c.detected_at >= datetime('now', '-' || CAST(COALESCE(NULLIF(:days, ''), '7') AS INTEGER) || ' days')
ORDER BY c.kind = 'figure_changed' DESC, c.detected_at DESC, c.id DESC
""",
)

PARK_METRIC_HISTORY = CannedQuery(
    "park_metric_history",
    "History of one park's metric",
    "Every report of one park's metric over time (e.g. park gd-hn-manufacturing, metric "
    "projects_landed), each with its article, version and quote; drawn as a chart above the table.",
    f"""
SELECT h.published, {_number('h.value')} AS value, h.unit,
       COALESCE(h.period, 'cumulative') || CASE WHEN h.qualifier = 'target' THEN ' (target)' ELSE '' END AS period,
       h.source, h.quote, h.article_url, h.version, h.is_current_version AS current
FROM figure_history AS h
WHERE h.park = :park AND h.metric = :metric
ORDER BY h.published, h.fetched_at, h.figure_id
""",
    chart=CHART_FRAGMENT,
)

PARK_ARTICLES = CannedQuery(
    "park_articles",
    "Articles of one park",
    "The articles that name a park (e.g. yangpu), newest first, with how many versions each has.",
    """
SELECT a.published, a.title, s.name AS source, a.language,
       (SELECT COUNT(*) FROM article_versions AS v WHERE v.article_id = a.id) AS versions,
       a.publisher, a.url
FROM articles AS a JOIN sources AS s ON s.id = a.source_id
WHERE a.id IN (SELECT ap.article_id FROM article_parks AS ap WHERE ap.park = :park)
ORDER BY a.published DESC, a.id DESC
""",
)

SOURCES_HEALTH = CannedQuery(
    "sources_health",
    "Sources' health",
    "Each site: whether it is failing, its last crawl's outcome and counts, and its newest article.",
    """
SELECT s.name AS source, s.host,
       CASE WHEN s.failing_since IS NULL THEN 'ok' ELSE 'failing since ' || s.failing_since END AS health,
       r.outcome AS last_outcome, r.finished_at AS last_crawl, r.requests, r.new_articles, r.new_versions,
       r.errors, r.detail,
       (SELECT COUNT(*) FROM articles AS a WHERE a.source_id = s.id) AS articles,
       (SELECT MAX(a.published) FROM articles AS a WHERE a.source_id = s.id) AS newest_article
FROM sources AS s
LEFT JOIN crawl_runs AS r ON r.id = (
    SELECT MAX(id) FROM crawl_runs WHERE spider = s.name
)
ORDER BY s.name
""",
)

CANNED_QUERIES: tuple[CannedQuery, ...] = (LATEST_PER_PARK, MOVED_THIS_WEEK, PARK_METRIC_HISTORY, PARK_ARTICLES, SOURCES_HEALTH)
