"""Changes as the user reads them: one flat record per change, with its article and source.

The `changes` command, the log channel and the email digest all show these records, so the
JSON a script reads and the alert a person reads carry the same fields.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import asdict, dataclass
from datetime import date, datetime

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, aliased, selectinload

from db.models import Change, ChangeDelivery, Source
from db.store import Store
from monitor.diff.kinds import ARTICLE_REVISED, FIGURE_CHANGED, FIGURE_NEW, NEW_ARTICLE
from monitor.diff.wording import format_delta, format_value, metric_label
from monitor.extract.figure import value_number


@dataclass(frozen=True)
class ChangeView:
    id: int
    kind: str
    park: str | None
    metric: str | None
    period: str | None
    qualifier: str | None
    old_value: float | int | None
    new_value: float | int | None
    delta: float | int | None
    unit: str | None
    quote: str | None
    summary: str
    article_url: str | None
    title: str | None
    published: str | None
    publisher: str | None
    source: str | None
    old_article_url: str | None
    detected_at: str
    possible: bool

    @classmethod
    def of(cls, change: Change) -> ChangeView:
        article, old_article = change.article, change.old_article
        delta = None
        if change.old_value is not None and change.new_value is not None:
            delta = value_number(change.new_value - change.old_value)
        return cls(
            id=change.id,
            kind=change.kind,
            park=change.park,
            metric=change.metric,
            period=change.period,
            qualifier=change.qualifier,
            old_value=value_number(change.old_value),
            new_value=value_number(change.new_value),
            delta=delta,
            unit=change.unit,
            quote=change.quote,
            summary=change.summary,
            article_url=article.url if article else None,
            title=article.title if article else None,
            published=article.published.isoformat() if article and article.published else None,
            publisher=article.publisher if article else None,
            source=change.source.name if change.source else None,
            old_article_url=old_article.url if old_article and old_article is not article else None,
            detected_at=change.detected_at.isoformat(timespec="seconds") + "Z",
            possible=change.possible,
        )

    def record(self) -> dict[str, object]:
        """The `changes --json` object (DESIGN.md, Public contracts)."""
        return asdict(self)

    @property
    def headline(self) -> str:
        """One line: "projects landed 27 → 49 (+22, +81%)", "new article: <title>", …"""
        if self.kind == FIGURE_CHANGED:
            return (
                f"{metric_label(self.metric)} {format_value(self.old_value, self.unit)} → "
                f"{format_value(self.new_value, self.unit)} ({format_delta(self.old_value, self.new_value, self.unit)})"
            )
        if self.kind == FIGURE_NEW:
            return f"{metric_label(self.metric)} {format_value(self.new_value, self.unit)} (first report)"
        if self.kind == NEW_ARTICLE:
            return f"new article: {self.title}"
        if self.kind == ARTICLE_REVISED:
            return f"article revised: {self.title}"
        return f"source {self.source} failing: {self.summary}"

    @property
    def context(self) -> str:
        """Period, qualifier and where it was reported: "period 2024, target · Hainan Daily 2024-09-12"."""
        parts = []
        if self.metric:
            parts.append(f"period {self.period or 'cumulative'}" + (", target" if self.qualifier == "target" else ""))
        origin = " ".join(part for part in (self.publisher or self.source, self.published) if part)
        if origin:
            parts.append(origin)
        return " · ".join(parts)


@dataclass(frozen=True)
class ChangeFilter:
    since: date | None = None
    park: str | None = None
    kind: str | None = None
    metric: str | None = None
    source: str | None = None
    #: Only changes not yet delivered on this alert channel.
    undelivered_on: str | None = None
    #: Also the "possible" changes (a figure whose park the sentence did not name).
    include_possible: bool = False
    #: Only the newest this many (by detection order); None: all.
    newest: int | None = None
    #: Detected at or after this moment (UTC): delivery's bound, finer than the day of `since`.
    detected_from: datetime | None = None


def count_possible(store: Store, since: datetime) -> int:
    """The possible changes detected from `since` on (those no channel is ever sent)."""
    with store.session() as session:
        query = select(func.count()).select_from(Change).where(Change.possible.is_(True), Change.detected_at >= since)
        return session.scalar(query) or 0


def load_changes(session: Session, wanted: ChangeFilter = ChangeFilter()) -> list[ChangeView]:
    """The changes matching the filter, oldest first."""
    changes = sorted(session.scalars(changes_query(wanted)), key=lambda change: change.id)
    return [ChangeView.of(change) for change in changes]


def iter_changes(session: Session, wanted: ChangeFilter = ChangeFilter(), rows_per_fetch: int = 1000) -> Iterator[list[ChangeView]]:
    """`load_changes`, streamed in lists of up to `rows_per_fetch` (an export of every change)."""
    query = changes_query(wanted)
    if wanted.since or wanted.detected_from or wanted.newest is not None:
        yield load_changes(session, wanted)  # bounded queries: not ordered by id in SQL
        return
    for changes in session.scalars(query.execution_options(yield_per=rows_per_fetch)).partitions():
        yield [ChangeView.of(change) for change in changes]


def changes_query(wanted: ChangeFilter = ChangeFilter()) -> Select[tuple[Change]]:
    """The query behind `load_changes`. With a lower bound on the detection time,
    ix_changes_detected_at finds the rows and
    they are not ordered here (an ORDER BY id makes SQLite walk every change in id order);
    "undelivered on" is served by ix_change_deliveries_channel_change."""
    query: Select[tuple[Change]] = select(Change).options(
        selectinload(Change.article), selectinload(Change.old_article), selectinload(Change.source)
    )
    if wanted.since:
        query = query.where(Change.detected_at >= datetime.combine(wanted.since, datetime.min.time()))
    if wanted.detected_from:
        query = query.where(Change.detected_at >= wanted.detected_from)
    if wanted.park:
        query = query.where(Change.park == wanted.park)
    if wanted.kind:
        query = query.where(Change.kind == wanted.kind)
    if wanted.metric:
        query = query.where(Change.metric == wanted.metric)
    if wanted.source:
        source = aliased(Source)
        query = query.join(source, Change.source_id == source.id).where(source.name == wanted.source)
    if not wanted.include_possible:
        query = query.where(Change.possible.is_(False))
    if wanted.undelivered_on:
        # "baseline": recorded by a first cycle instead of alerted (monitor/service/baseline.py)
        delivered = select(ChangeDelivery.change_id).where(ChangeDelivery.channel.in_((wanted.undelivered_on, "baseline")))
        query = query.where(Change.id.not_in(delivered))
    if wanted.newest is not None:
        return query.order_by(Change.id.desc()).limit(wanted.newest)
    return query if wanted.since or wanted.detected_from else query.order_by(Change.id)

