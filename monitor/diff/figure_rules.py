"""Whether a new article version moves a figure: the comparison rules, free of the database.

A figure is identified by its key (park, metric, period, qualifier, and unit, so that a
foreign-capital figure in US$ is never compared with one in yuan). Every article *stands* for
the values of its latest version that states the key; a figure that vanishes from a later
version (a page that parsed badly, a sentence cut) keeps standing, so vanishing is never a change.

Rules, applied to each value the new version states for a key:

- nothing ever stood for the key → `figure_new`;
- the new version is older (published date, then version) than the newest report → nothing:
  an old article found late never overrides a newer figure. Except a *revision*: when the
  article itself stated another value before and is one of the current reports (published
  within `SAME_REPORT_WINDOW` of the newest), its correction is news, compared with what the
  article said before (e.g. two outlets report 61.25 billion the same week, one corrects to 62.15);
- the value is among those reported by the newest report or by any report published within
  `SAME_REPORT_WINDOW` before it → nothing (the same value re-reported, or two outlets
  reporting it the same week);
- otherwise → `figure_changed`, the old value being the newest report's value closest to it.

A `figure_changed` read from a version that states several values for the key, or compared with
one that did ("新增市场主体1.2万户，其中外资企业87家": a whole and its part share a key), is
`ambiguous`: it is stored as a possible change, never alerted, since which value moved is a guess.
So is a running total (no period, actual) that falls to less than half of what was reported: a
park's landed projects or registered enterprises do not halve, and "11,000 → 1,200" is far more
often a period's count read as the total than news.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from monitor.diff.kinds import FIGURE_CHANGED, FIGURE_NEW

SAME_REPORT_WINDOW = timedelta(days=7)


@dataclass(frozen=True)
class FigureKey:
    park: str
    metric: str
    period: str | None
    qualifier: str
    unit: str


@dataclass(frozen=True)
class Report:
    """One stored figure as the comparison sees it: its value and how new its article is."""

    key: FigureKey
    value: float
    quote: str
    published: date
    version_number: int
    version_id: int
    article_id: int
    #: how the park was bound (figures.binding): a change is "possible" unless both sides are alertable
    binding: str = "named"

    @property
    def order(self) -> tuple[date, int, int]:
        """"Newer" is by published date, then version number, then storage order."""
        return (self.published, self.version_number, self.version_id)


@dataclass(frozen=True)
class FigureEvent:
    kind: str  # FIGURE_NEW or FIGURE_CHANGED
    new: Report
    old: Report | None = None
    ambiguous: bool = False


def same_value(a: float, b: float) -> bool:
    """Equal up to float noise (8.3 billion parsed as 8300000000.000001)."""
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


def standing(reports: Iterable[Report]) -> list[Report]:
    """The reports of each article's latest version that states the key."""
    latest: dict[int, int] = {}
    rows = list(reports)
    for report in rows:
        latest[report.article_id] = max(latest.get(report.article_id, 0), report.version_number)
    return [report for report in rows if report.version_number == latest[report.article_id]]


def compare(new: Sequence[Report], prior: Sequence[Report]) -> list[FigureEvent]:
    """Events for one key: `new` are the new version's values, `prior` every earlier report."""
    values = _distinct(new)
    reports = standing(prior)
    if not reports:
        return [FigureEvent(FIGURE_NEW, report) for report in values]
    newest = max(reports, key=lambda report: report.order)
    recent = [r for r in reports if r.published >= newest.published - SAME_REPORT_WINDOW]
    reference = [r for r in reports if r.version_id == newest.version_id]
    if values and values[0].order < newest.order:
        before = [r for r in recent if r.article_id == values[0].article_id]
        if not before:
            return []
        reference = before
    events = []
    ambiguous = len(values) > 1 or len(_distinct(reference)) > 1
    for report in values:
        if any(same_value(report.value, known.value) for known in recent):
            continue
        replaced = [r for r in reference if not any(same_value(r.value, n.value) for n in values)]
        old = min(replaced or reference, key=lambda r: abs(r.value - report.value))
        events.append(FigureEvent(FIGURE_CHANGED, report, old, ambiguous or _total_halved(report, old)))
    return events


def _total_halved(new: Report, old: Report) -> bool:
    """A running total reported to fall below half of its earlier value."""
    return new.key.period is None and new.key.qualifier == "actual" and new.value < 0.5 * old.value


def _distinct(reports: Sequence[Report]) -> list[Report]:
    """One report per value: the same figure stated twice in an article is one figure."""
    kept: list[Report] = []
    for report in reports:
        if not any(same_value(report.value, other.value) for other in kept):
            kept.append(report)
    return kept
