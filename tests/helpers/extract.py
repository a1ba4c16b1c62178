"""Helpers shared by the extraction tables: run one text, find a figure by metric and value."""

from __future__ import annotations

import datetime as dt

from monitor.extract import extract_figures


def run(text: str, lang: str = "auto", published: str = "2024-07-04") -> list[dict]:
    figures = extract_figures(text, lang=lang, published=dt.date.fromisoformat(published))
    return [figure.to_dict() for figure in figures]


def find(figures: list[dict], metric: str, value: float, park: str | None = None) -> dict | None:
    """The figure with this metric and value (within 0.5 %, like the benchmark), of `park`
    when one is given, else the first."""
    for figure in figures:
        if figure["metric"] == metric and abs(figure["value"] - value) <= 0.005 * abs(value) \
                and park in (None, figure["park"]):
            return figure
    return None
