"""Changes that one new article version brings: the article events and the figure events.

Each version is diffed exactly once (`article_versions.diffed_at`), in its own transaction that
both claims the version and writes its changes: a crash loses nothing and repeats nothing, and
a second process racing for the same version finds it already claimed.
Pending versions are diffed in the order they were published, so a batch of versions found in
one cycle reads as if the news had arrived one article at a time.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import date, datetime

from sqlalchemy import ColumnElement, Select, and_, or_, select, update
from sqlalchemy.orm import Session

from db.gazetteer import load_gazetteer
from db.models import Article, ArticleVersion, Change, Figure
from db.store import Store
from monitor.diff.figure_rules import FigureEvent, FigureKey, Report, compare
from monitor.diff.kinds import ARTICLE_REVISED, NEW_ARTICLE
from monitor.diff.wording import format_value, metric_label
from monitor.extract.parks import ALERTABLE_BINDINGS

QUOTE_CHARS = 240
#: Keys per prior-reports query: a version has a few dozen; this only bounds the bound parameters.
KEYS_PER_QUERY = 150


def pending_versions_query() -> Select[tuple[int, int, date | None, datetime]]:
    """Extracted versions not yet diffed (served by ix_article_versions_diffed_at)."""
    return (
        select(ArticleVersion.id, ArticleVersion.number, Article.published, Article.first_seen)
        .join(Article)
        .where(ArticleVersion.diffed_at.is_(None), ArticleVersion.extracted_with.is_not(None))
    )


def pending_versions(store: Store) -> list[int]:
    """Extracted versions not yet diffed, oldest news first."""
    with store.session() as session:
        rows = session.execute(pending_versions_query())
        ordered = sorted(rows, key=lambda row: (row.published or row.first_seen.date(), row.number, row.id))
    return [row.id for row in ordered]


def diff_version(store: Store, version_id: int, now: datetime) -> list[str]:
    """Write the changes of one version; returns their kinds (empty if another run claimed it)."""
    with store.session() as session:
        claimed = session.execute(
            update(ArticleVersion)
            .where(ArticleVersion.id == version_id, ArticleVersion.diffed_at.is_(None))
            .values(diffed_at=now)
        ).rowcount
        if not claimed:
            return []
        version = session.get(ArticleVersion, version_id)
        assert version is not None
        article = version.article
        figures = list(session.scalars(select(Figure).where(Figure.version_id == version.id).order_by(Figure.id)))
        changes = [_article_change(session, article, version, figures, now)]
        for event in _figure_events(session, article, version, figures):
            changes.append(_figure_change(event, article, now))
        session.add_all(changes)
        return [change.kind for change in changes]


def _article_change(
    session: Session, article: Article, version: ArticleVersion, figures: list[Figure], now: datetime
) -> Change:
    previous = None
    if version.number > 1:
        previous = session.scalar(
            select(ArticleVersion).where(
                ArticleVersion.article_id == article.id, ArticleVersion.number == version.number - 1
            )
        )
    return Change(
        kind=ARTICLE_REVISED if version.number > 1 else NEW_ARTICLE,
        park=_article_park(article, version, figures),
        quote=_first_new_line(previous.text, version.text) if previous else None,
        summary=version.title,
        article_id=article.id,
        version_id=version.id,
        old_article_id=article.id if previous else None,
        old_version_id=previous.id if previous else None,
        source_id=article.source_id,
        detected_at=now,
    )


def _figure_events(
    session: Session, article: Article, version: ArticleVersion, figures: list[Figure]
) -> list[FigureEvent]:
    published = published_date(article)
    by_key: dict[FigureKey, list[Report]] = {}
    for figure in figures:
        if figure.park is None:
            continue  # a figure no park owns cannot be compared with anything meaningful
        key = FigureKey(figure.park, figure.metric, figure.period, figure.qualifier, figure.unit)
        by_key.setdefault(key, []).append(
            Report(key, figure.value, figure.quote, published, version.number, version.id, article.id, figure.binding,
                   figure.bound)
        )
    events: list[FigureEvent] = []
    prior = _prior_reports(session, list(by_key), version.id)
    for key, reports in by_key.items():
        events.extend(compare(reports, prior.get(key, [])))
    return events


def _key_matches(key: FigureKey) -> ColumnElement[bool]:
    return and_(
        Figure.park == key.park,
        Figure.metric == key.metric,
        Figure.period.is_(None) if key.period is None else Figure.period == key.period,
        Figure.qualifier == key.qualifier,
        Figure.unit == key.unit,
    )


def prior_reports_query(keys: Sequence[FigureKey], version_id: int) -> Select[tuple]:  # type: ignore[type-arg]
    """The figures with any of these keys from versions already diffed, only the columns a
    Report needs, in figure order (each key's term is served by ix_figures_key)."""
    return (
        select(
            Figure.park, Figure.metric, Figure.period, Figure.qualifier, Figure.unit,
            Figure.value, Figure.quote, Figure.version_id, Figure.article_id, Figure.binding, Figure.bound,
            ArticleVersion.number, Article.published, Article.first_seen,
        )
        .join(ArticleVersion, Figure.version_id == ArticleVersion.id)
        .join(Article, Figure.article_id == Article.id)
        .where(or_(*(_key_matches(key) for key in keys)), ArticleVersion.diffed_at.is_not(None), ArticleVersion.id != version_id)
        .order_by(Figure.id)
    )


def _prior_reports(session: Session, keys: list[FigureKey], version_id: int) -> dict[FigureKey, list[Report]]:
    """Every figure with one of these keys from versions already diffed (the history the user
    has seen), by key: one query for all the keys of a version, not one per key."""
    prior: dict[FigureKey, list[Report]] = {}
    for start in range(0, len(keys), KEYS_PER_QUERY):
        for row in session.execute(prior_reports_query(keys[start : start + KEYS_PER_QUERY], version_id)):
            key = FigureKey(row.park, row.metric, row.period, row.qualifier, row.unit)
            prior.setdefault(key, []).append(
                Report(
                    key, row.value, row.quote, row.published or row.first_seen.date(),
                    row.number, row.version_id, row.article_id, row.binding, row.bound,
                )
            )
    return prior


def _figure_change(event: FigureEvent, article: Article, now: datetime) -> Change:
    new, old = event.new, event.old
    label = f"{metric_label(new.key.metric)}: "
    if old is None:
        summary = label + format_value(new.value, new.key.unit)
    else:
        summary = label + f"{format_value(old.value, new.key.unit)} → {format_value(new.value, new.key.unit)}"
    return Change(
        kind=event.kind,
        park=new.key.park,
        metric=new.key.metric,
        period=new.key.period,
        qualifier=new.key.qualifier,
        old_value=old.value if old else None,
        new_value=new.value,
        unit=new.key.unit,
        quote=new.quote,
        summary=summary,
        article_id=new.article_id,
        version_id=new.version_id,
        old_article_id=old.article_id if old else None,
        old_version_id=old.version_id if old else None,
        source_id=article.source_id,
        detected_at=now,
        possible=event.ambiguous
        or not all(report.binding in ALERTABLE_BINDINGS for report in (new, old) if report is not None),
    )


def published_date(article: Article) -> date:
    """The article's date for "newer than": published, else the day it was first seen."""
    return article.published or article.first_seen.date()


def _article_park(article: Article, version: ArticleVersion, figures: list[Figure]) -> str | None:
    """The park an article is about: the one most of its sure figures belong to (the first told
    on a tie), else the first park its text names; never the park that sorts first, which a
    story about Yangpu that compares it with "the key parks" would otherwise be filed under."""
    sure = Counter(figure.park for figure in figures if figure.park and figure.binding in ALERTABLE_BINDINGS)
    if sure:
        return max(sure, key=lambda park: (sure[park], -next(i for i, f in enumerate(figures) if f.park == park)))
    named = set(article.park_ids)
    in_text = [park for _, _, park in load_gazetteer().mentions(version.text) if park in named]
    return in_text[0] if in_text else next(iter(article.park_ids), None)


def _first_new_line(old: str, new: str) -> str | None:
    """The first line the revision added or changed, cut short: what the reader should look at."""
    old_lines = set(old.splitlines())
    for line in new.splitlines():
        if line.strip() and line not in old_lines:
            return line.strip()[:QUOTE_CHARS]
    return None
