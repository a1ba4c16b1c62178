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
A value that only restates another loosely ("more than 1,000 enterprises" after 1,046; "about 3
billion" after 3.1 billion) moves nothing; one that narrows a loose one (1,046 or "more than 1,200"
after "more than 1,000") is news.
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
    #: how exact the value is (figures.bound): "more than 1,000" holds 1,046 and moves nothing
    bound: str = "exact"

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
    recent = in_window(reports)
    reference = [r for r in reports if r.version_id == newest.version_id]
    if values and values[0].order < newest.order:
        before = [r for r in recent if r.article_id == values[0].article_id]
        if not before:
            return []
        reference = before
    events = []
    ambiguous = len(values) > 1 or len(_distinct(reference)) > 1
    for report in values:
        if any(same_value(report.value, known.value) or _holds(report, known) for known in recent):
            continue  # the same value, or a looser statement of it ("more than 1,000" after 1,046)
        replaced = [r for r in reference if not any(same_value(r.value, n.value) for n in values)]
        old = min(replaced or reference, key=lambda r: abs(r.value - report.value))
        events.append(FigureEvent(FIGURE_CHANGED, report, old, ambiguous or _total_halved(report, old)))
    return events


#: How far "about" reaches either side of its value.
APPROX = 0.1


def _span(report: Report) -> tuple[float, float]:
    """The values a report allows: "more than 1,000" is [1,000, ∞), "about 3 billion" ±10 %."""
    value = report.value
    return {
        "at_least": (value, math.inf),
        "at_most": (-math.inf, value),
        "approx": (value * (1 - APPROX), value * (1 + APPROX)),
    }.get(report.bound, (value, value))


def _holds(wide: Report, narrow: Report) -> bool:
    """Whether every value `narrow` allows is one `wide` allows too: `wide`, a looser statement
    ("more than 1,000"), then says nothing `narrow` (1,046) had not said."""
    if wide.bound == "exact":
        return False
    (wide_low, wide_high), (low, high) = _span(wide), _span(narrow)
    return wide_low <= low and high <= wide_high


def _total_halved(new: Report, old: Report) -> bool:
    """A running total reported to fall below half of its earlier value."""
    return new.key.period is None and new.key.qualifier == "actual" and new.value < 0.5 * old.value


def in_window(reports: list[Report]) -> list[Report]:
    """The reports the comparison can still use: the newest and those within the window before it."""
    if not reports:
        return reports
    newest = max(reports, key=lambda report: report.order)
    return [report for report in reports if report.published >= newest.published - SAME_REPORT_WINDOW]


def _distinct(reports: Sequence[Report]) -> list[Report]:
    """One report per value: the same figure stated twice in an article is one figure."""
    kept: list[Report] = []
    for report in reports:
        if not any(same_value(report.value, other.value) for other in kept):
            kept.append(report)
    return kept
