"""Changes that one new article version brings: the article events and the figure events.

Each version is diffed exactly once (`article_versions.diffed_at`). A batch of versions is one
transaction that both claims them and writes their changes and the standing reports they leave
(monitor/diff/standing.py): a crash loses nothing and repeats nothing, and a second process racing
for the same versions waits for the batch, then finds them already claimed.
Pending versions are diffed in the order they were published, so a batch of versions found in
one cycle reads as if the news had arrived one article at a time.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import date, datetime

from sqlalchemy import Select, and_, or_, select, update
from sqlalchemy.orm import Session, defer, joinedload

from db.gazetteer import load_gazetteer
from db.models import Article, ArticleVersion, Change, Figure
from db.store import Store
from monitor.diff.figure_rules import FigureEvent, FigureKey, Report, compare
from monitor.diff.standing import BUILT, StandingReports, lock_state, rebuild, redated_keys
from monitor.diff.kinds import ARTICLE_REVISED, NEW_ARTICLE
from monitor.diff.wording import format_value, metric_label
from monitor.extract.parks import ALERTABLE_BINDINGS

QUOTE_CHARS = 240


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
    return diff_versions(store, [version_id], now)


def diff_versions(store: Store, version_ids: Sequence[int], now: datetime) -> list[str]:
    """Write the changes of these versions, in this order, in one transaction; returns their kinds.

    Versions another run already claimed are left out. The standing reports of every key the
    batch states are read once and written back once (monitor/diff/standing.py)."""
    with store.session() as session:
        if lock_state(session) != BUILT:
            rebuild(session)
        versions = _unclaimed(session, version_ids)
        if not versions:
            return []
        redated = redated_keys(session, list({version.article.id: version.article for version in versions}.values()))
        if redated:
            rebuild(session, redated)
        claimed = set(
            session.scalars(
                update(ArticleVersion)
                .where(ArticleVersion.id.in_([version.id for version in versions]), ArticleVersion.diffed_at.is_(None))
                .values(diffed_at=now)
                .returning(ArticleVersion.id),
                execution_options={"synchronize_session": False},
            )
        )
        versions = [version for version in versions if version.id in claimed]
        figures = _figures_of(session, [version.id for version in versions])
        previous = _previous_texts(session, [version for version in versions if version.number > 1])
        memory = StandingReports(session)
        memory.load(_key(figure) for batch in figures.values() for figure in batch if figure.park is not None)
        changes: list[Change] = []
        for version in versions:
            article, own = version.article, figures.get(version.id, [])
            changes.append(_article_change(article, version, previous.get((article.id, version.number - 1)), own, now))
            by_key = _by_key(own, version.id, published_date(article), version.number, article.id)
            for key, reports in by_key.items():
                for event in compare(reports, memory.reports(key)):
                    changes.append(_figure_change(event, article, now))
                memory.stand(key, reports)
        memory.save()
        session.add_all(changes)
        return [change.kind for change in changes]


def _unclaimed(session: Session, version_ids: Sequence[int]) -> list[ArticleVersion]:
    """The versions not yet diffed, in the order given, with their articles (not their HTML)."""
    rows = session.scalars(
        select(ArticleVersion)
        .where(ArticleVersion.id.in_(version_ids), ArticleVersion.diffed_at.is_(None))
        .options(defer(ArticleVersion.html_zlib), joinedload(ArticleVersion.article))
    )
    found = {version.id: version for version in rows}
    return [found[version_id] for version_id in version_ids if version_id in found]


def _figures_of(session: Session, version_ids: list[int]) -> dict[int, list[Figure]]:
    """Each version's figures in figure order (served by ix_figures_version_id)."""
    by_version: dict[int, list[Figure]] = {}
    if version_ids:
        for figure in session.scalars(select(Figure).where(Figure.version_id.in_(version_ids)).order_by(Figure.id)):
            by_version.setdefault(figure.version_id, []).append(figure)
    return by_version


def _previous_texts(session: Session, revisions: list[ArticleVersion]) -> dict[tuple[int, int], tuple[int, str]]:
    """(article id, number) → (id, text) of the version before each revision (by the unique index)."""
    found: dict[tuple[int, int], tuple[int, str]] = {}
    for start in range(0, len(revisions), 200):
        chunk = revisions[start : start + 200]
        rows = session.execute(
            select(ArticleVersion.id, ArticleVersion.article_id, ArticleVersion.number, ArticleVersion.text).where(
                or_(*(and_(ArticleVersion.article_id == v.article_id, ArticleVersion.number == v.number - 1) for v in chunk))
            )
        )
        found.update(((row.article_id, row.number), (row.id, row.text)) for row in rows)
    return found


def _article_change(
    article: Article, version: ArticleVersion, previous: tuple[int, str] | None, figures: list[Figure], now: datetime
) -> Change:
    previous = previous if version.number > 1 else None
    return Change(
        kind=ARTICLE_REVISED if version.number > 1 else NEW_ARTICLE,
        park=_article_park(article, version, figures),
        quote=_first_new_line(previous[1], version.text) if previous else None,
        summary=version.title,
        article_id=article.id,
        version_id=version.id,
        old_article_id=article.id if previous else None,
        old_version_id=previous[0] if previous else None,
        source_id=article.source_id,
        detected_at=now,
    )


def _by_key(
    figures: list[Figure], version_id: int, published: date, number: int, article_id: int
) -> dict[FigureKey, list[Report]]:
    """A version's figures as reports, by key; a figure no park owns cannot be compared with anything meaningful."""
    by_key: dict[FigureKey, list[Report]] = {}
    for figure in figures:
        if figure.park is None:
            continue
        key = _key(figure)
        by_key.setdefault(key, []).append(
            Report(key, figure.value, figure.quote, published, number, version_id, article_id, figure.binding, figure.bound)
        )
    return by_key


def _key(figure: Figure) -> FigureKey:
    assert figure.park is not None
    return FigureKey(figure.park, figure.metric, figure.period, figure.qualifier, figure.unit)


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
