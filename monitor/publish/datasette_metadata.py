"""The Datasette metadata `serve` writes for the store: titles, descriptions, column docs, facets,
canned queries and links to charts.

Datasette alone shows raw tables; this turns them into pages that answer what users ask
(latest figures per park, what moved this week, one park's metric over time …) and explain
every column in the README's words.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from monitor.publish.canned_queries import CANNED_QUERIES, PARK_METRIC_HISTORY
from monitor.publish.store_docs import TABLES

TITLE = "Hainan Park Monitor"
DESCRIPTION = (
    "Figures reported about the industrial parks of the Hainan Free Trade Port, the articles they "
    "come from, and what changed. Read-only."
)


@dataclass(frozen=True)
class ChartExample:
    """A park and metric worth a chart: shown as links on the database page."""

    park: str
    metric: str
    figures: int


def chart_examples(database: Path, limit: int = 6) -> list[ChartExample]:
    """The (park, metric) pairs with the most reports, moved figures first: the charts worth a look."""
    connection = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    try:
        rows = connection.execute(
            """
            SELECT f.park, f.metric, COUNT(*) AS reports,
                   EXISTS (SELECT 1 FROM changes AS c WHERE c.kind = 'figure_changed'
                           AND c.park = f.park AND c.metric = f.metric) AS moved
            FROM figures AS f WHERE f.park IS NOT NULL
            GROUP BY f.park, f.metric ORDER BY moved DESC, reports DESC, f.park, f.metric LIMIT ?
            """,
            (limit,),
        ).fetchall()
    except sqlite3.DatabaseError:
        return []  # not a store yet (no tables): the pages say so themselves
    finally:
        connection.close()
    return [ChartExample(park, metric, reports) for park, metric, reports, _moved in rows]


def chart_url(database_name: str, park: str, metric: str) -> str:
    """The history query of one park's metric, with the chart drawn (datasette-vega's fragment)."""
    query = urlencode({"park": park, "metric": metric})
    return f"/{database_name}/{PARK_METRIC_HISTORY.name}?{query}{PARK_METRIC_HISTORY.chart}"


def build_metadata(database_name: str, examples: Sequence[ChartExample] = ()) -> dict[str, Any]:
    """Datasette metadata (the `metadata.json` structure) for the store served as `database_name`."""
    tables: dict[str, Any] = {}
    for name, doc in TABLES.items():
        entry: dict[str, Any] = {"title": doc.title, "description": doc.description, "columns": dict(doc.columns)}
        if doc.facets:
            entry["facets"] = list(doc.facets)
        if doc.label_column:
            entry["label_column"] = doc.label_column
        if doc.sort_desc:
            entry["sort_desc"] = doc.sort_desc
        if doc.hidden:
            entry["hidden"] = True
        tables[name] = entry
    queries = {query.name: query.as_metadata() for query in CANNED_QUERIES}
    if examples:
        links = "".join(
            f'<li><a href="{escape(chart_url(database_name, e.park, e.metric))}">{escape(e.park)} · '
            f"{escape(e.metric)}</a> ({e.figures} reports)</li>"
            for e in examples
        )
        queries[PARK_METRIC_HISTORY.name]["description_html"] = (
            f"<p>{escape(PARK_METRIC_HISTORY.description)}</p><p>Charts worth a look:</p><ul>{links}</ul>"
        )
    return {
        "title": TITLE,
        "description_html": _home_html(database_name, examples),
        "databases": {
            database_name: {
                "title": TITLE,
                "description_html": _home_html(database_name, examples),
                "tables": tables,
                "queries": queries,
            }
        },
    }


def _home_html(database_name: str, examples: Sequence[ChartExample]) -> str:
    items = "".join(
        f'<li><a href="/{escape(database_name)}/{query.name}">{escape(query.title)}</a>: {escape(query.description)}</li>'
        for query in CANNED_QUERIES
    )
    charts = "".join(
        f'<li><a href="{escape(chart_url(database_name, e.park, e.metric))}">{escape(e.park)} · {escape(e.metric)}</a></li>'
        for e in examples[:3]
    )
    html = f"<p>{escape(DESCRIPTION)}</p><p>Start with a question:</p><ul>{items}</ul>"
    if charts:
        html += f"<p>Charts:</p><ul>{charts}</ul>"
    return html
