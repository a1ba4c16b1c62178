"""The diff's memory: per figure key, the reports a new figure is compared with (`standing_figures`).

`compare` (figure_rules.py) looks at the *standing* reports of a key (each article's reports
from its latest diffed version that states the key) and, among them, only at the newest one and
those published within `SAME_REPORT_WINDOW` before it. The newest report only ever moves
forward (a later version of an article is newer than the one it replaces), so a report that
falls out of the window can never matter again: the table keeps the standing reports inside
the window, a handful per key however big the store grows, and a new figure is compared after
one indexed lookup of its key instead of a read of every earlier figure of the key.

The table is derived from `figures` and kept by the diff stage as it diffs versions. It is
rebuilt from the figures (one linear pass) when `store_state` says it is stale: on first use
after migration 0008, and after an extraction rewrote the figures of versions already diffed
(`mark_stale`). One more event changes what the figures mean to the comparison: an article
without a published date that gets one with a revision (its reports were dated by the day it
was first seen); the keys of such an article are rebuilt before its new version is diffed.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from sqlalchemy import ColumnElement, Select, and_, delete, insert, or_, select, update
from sqlalchemy.orm import Session

from db.models import Article, ArticleVersion, Figure, StandingFigure, StoreState
from db.store import utcnow
from monitor.diff.figure_rules import FigureKey, Report, in_window, standing

#: The `store_state` row saying whether `standing_figures` matches the figures.
STATE = "standing_figures"
BUILT, STALE = "built", "stale"
#: Keys per lookup (bounds the bound parameters), rows per insert, rows per fetch of a rebuild.
KEYS_PER_QUERY = 150
ROWS_PER_INSERT = 2000
ROWS_PER_FETCH = 5000


def mark_stale(session: Session) -> None:
    """The figures of versions already diffed were rewritten: rebuild the table before the next diff."""
    session.execute(update(StoreState).where(StoreState.name == STATE).values(value=STALE, updated_at=utcnow()))


def lock_state(session: Session) -> str:
    """Take the state row for this transaction (serialising diff batches across processes: the
    first statement is a write, so SQLite takes its write lock and PostgreSQL locks the row)
    and return whether the table is built or stale."""
    touched = session.execute(
        update(StoreState).where(StoreState.name == STATE).values(updated_at=utcnow())
    ).rowcount
    if not touched:  # a schema made without migration 0008's row
        session.add(StoreState(name=STATE, value=STALE, updated_at=utcnow()))
        session.flush()
        return STALE
    return session.scalar(select(StoreState.value).where(StoreState.name == STATE)) or STALE


def key_matches(columns: type[Figure] | type[StandingFigure], key: FigureKey) -> ColumnElement[bool]:
    return and_(
        columns.park == key.park,
        columns.metric == key.metric,
        columns.period.is_(None) if key.period is None else columns.period == key.period,
        columns.qualifier == key.qualifier,
        columns.unit == key.unit,
    )


def standing_query(keys: Sequence[FigureKey]) -> Select[tuple[StandingFigure]]:
    """The standing reports of these keys (each key's term served by ix_standing_figures_key)."""
    return (
        select(StandingFigure)
        .where(or_(*(key_matches(StandingFigure, key) for key in keys)))
        .order_by(StandingFigure.id)
    )


def figures_query(keys: Sequence[FigureKey] | None = None) -> Select[tuple]:  # type: ignore[type-arg]
    """The figures of diffed versions (of these keys, or all) as the rebuild reads them, by key
    then figure order: only the columns a report needs (each key's term served by ix_figures_key)."""
    query = (
        select(
            Figure.park, Figure.metric, Figure.period, Figure.qualifier, Figure.unit,
            Figure.value, Figure.quote, Figure.binding, Figure.bound, Figure.version_id, Figure.article_id,
            ArticleVersion.number, Article.published, Article.first_seen,
        )
        .join(ArticleVersion, Figure.version_id == ArticleVersion.id)
        .join(Article, Figure.article_id == Article.id)
        .where(Figure.park.is_not(None), ArticleVersion.diffed_at.is_not(None))
    )
    if keys is not None:
        query = query.where(or_(*(key_matches(Figure, key) for key in keys)))
    return query.order_by(Figure.park, Figure.metric, Figure.period, Figure.qualifier, Figure.unit, Figure.id)


def rebuild(session: Session, keys: Sequence[FigureKey] | None = None) -> int:
    """Recompute the standing reports (of these keys, or of every key) from the figures of the
    versions already diffed; returns the rows written. Linear in the figures read."""
    if keys is None:
        session.execute(delete(StandingFigure))
        chunks: Iterable[Sequence[FigureKey] | None] = [None]
    else:
        chunks = [keys[start : start + KEYS_PER_QUERY] for start in range(0, len(keys), KEYS_PER_QUERY)]
        for chunk in chunks:
            session.execute(delete(StandingFigure).where(or_(*(key_matches(StandingFigure, key) for key in chunk))))
    kept: list[dict[str, object]] = []  # a few per key: written once the figures are read
    for chunk in chunks:
        rows = session.execute(figures_query(chunk).execution_options(yield_per=ROWS_PER_FETCH))
        for _, group in itertools.groupby(map(_report, rows), key=lambda report: report.key):
            kept.extend(_row(report) for report in in_window(standing(group)))
    for start in range(0, len(kept), ROWS_PER_INSERT):
        session.execute(insert(StandingFigure), kept[start : start + ROWS_PER_INSERT])
    if keys is None:
        session.execute(update(StoreState).where(StoreState.name == STATE).values(value=BUILT, updated_at=utcnow()))
    return len(kept)


def _report(row) -> Report:  # type: ignore[no-untyped-def]
    key = FigureKey(row.park, row.metric, row.period, row.qualifier, row.unit)
    published = row.published or row.first_seen.date()
    return Report(key, row.value, row.quote, published, row.number, row.version_id, row.article_id, row.binding,
                  row.bound)


def _row(report: Report) -> dict[str, object]:
    key = report.key
    return {
        "park": key.park, "metric": key.metric, "period": key.period, "qualifier": key.qualifier, "unit": key.unit,
        "value": report.value, "quote": report.quote, "binding": report.binding, "bound": report.bound,
        "published": report.published,
        "article_id": report.article_id, "version_id": report.version_id, "version_number": report.version_number,
    }


@dataclass
class _Entry:
    report: Report
    row_id: int | None = None


@dataclass
class StandingReports:
    """The standing reports of a batch's keys: loaded once, kept in memory while the batch's
    versions are diffed in order, written back (only what moved) at the end of the batch."""

    session: Session
    entries: dict[FigureKey, list[_Entry]] = field(default_factory=dict)
    loaded_ids: set[int] = field(default_factory=set)

    def load(self, keys: Iterable[FigureKey]) -> None:
        wanted = [key for key in dict.fromkeys(keys) if key not in self.entries]
        for key in wanted:
            self.entries[key] = []
        for start in range(0, len(wanted), KEYS_PER_QUERY):
            for row in self.session.scalars(standing_query(wanted[start : start + KEYS_PER_QUERY])):
                key = FigureKey(row.park, row.metric, row.period, row.qualifier, row.unit)
                report = Report(
                    key, row.value, row.quote, row.published, row.version_number, row.version_id, row.article_id, row.binding,
                    row.bound,
                )
                self.entries[key].append(_Entry(report, row.id))
                self.loaded_ids.add(row.id)

    def reports(self, key: FigureKey) -> list[Report]:
        """What `compare` is given as the key's earlier reports."""
        return [entry.report for entry in self.entries[key]]

    def stand(self, key: FigureKey, reports: Sequence[Report]) -> None:
        """A diffed version's reports of `key` replace its article's, unless a later version of
        the article already stands for the key; then the window is applied."""
        entries = self.entries[key]
        article_id, number = reports[0].article_id, reports[0].version_number
        if any(e.report.article_id == article_id and e.report.version_number > number for e in entries):
            return
        kept = [e for e in entries if e.report.article_id != article_id] + [_Entry(report) for report in reports]
        window = {id(report) for report in in_window([e.report for e in kept])}
        self.entries[key] = [e for e in kept if id(e.report) in window]

    def save(self) -> None:
        """Delete the rows that stopped standing, insert the new ones."""
        current = {entry.row_id for entries in self.entries.values() for entry in entries}
        gone = sorted(self.loaded_ids - current)
        for start in range(0, len(gone), 500):
            self.session.execute(delete(StandingFigure).where(StandingFigure.id.in_(gone[start : start + 500])))
        new = [_row(e.report) for entries in self.entries.values() for e in entries if e.row_id is None]
        for start in range(0, len(new), ROWS_PER_INSERT):
            self.session.execute(insert(StandingFigure), new[start : start + ROWS_PER_INSERT])


def redated_keys(session: Session, articles: Sequence[Article]) -> list[FigureKey]:
    """The keys to rebuild before these articles' new versions are diffed: those of articles whose
    date (published, else first seen) is not the one their standing reports were stored with,
    and of articles dated after the day they were first seen (their reports may have left the
    window under the earlier date). Only a revision can give an undated article a date."""
    dates = {article.id: article.published or article.first_seen.date() for article in articles}
    suspects = {a.id for a in articles if a.published is not None and a.published > a.first_seen.date()}
    ids = list(dates)
    for start in range(0, len(ids), 500):
        rows = session.execute(
            select(StandingFigure.article_id, StandingFigure.published)
            .where(StandingFigure.article_id.in_(ids[start : start + 500]))
            .distinct()
        )
        suspects.update(article_id for article_id, published in rows if published != dates[article_id])
    if not suspects:
        return []
    keys = session.execute(
        select(Figure.park, Figure.metric, Figure.period, Figure.qualifier, Figure.unit)
        .join(ArticleVersion, Figure.version_id == ArticleVersion.id)
        .where(ArticleVersion.article_id.in_(sorted(suspects)), ArticleVersion.diffed_at.is_not(None), Figure.park.is_not(None))
        .distinct()
    )
    return [FigureKey(*row) for row in keys]

