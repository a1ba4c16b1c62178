"""Read-only queries behind the query commands, the exports, the chart and the demo.

One place builds the records users see (`figures --json`, the CSV columns, the chart's points),
so the CLI, the exports and the demo always agree on what a figure, an article or a change is.
Unknown names (park, metric, source) are `UnknownNameError`s that list what exists, because a
typo should cost the user one look at the message, not a trip to the documentation.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, func, or_, select, union
from sqlalchemy.orm import Session, aliased

from db.models import Article, ArticlePark, ArticleVersion, Change, Figure, Park, Source
from monitor.extract.figure import value_number
from monitor.query.quotes import whole_words
from db.gazetteer import load_gazetteer
from monitor.extract.registry import load_registry

#: The metrics of the registry, in its order (the store is asked too, for metrics an older extractor wrote).
METRICS: tuple[str, ...] = load_registry().ids
#: `--period cumulative` selects the figures with no period (totals to the article's date).
CUMULATIVE = "cumulative"


class UnknownNameError(LookupError):
    """A park, metric, source or URL the store does not know; the message lists the known ones."""

    def __init__(self, kind: str, name: str, known: Iterable[str], hint: str = "") -> None:
        names = list(known)
        listed = ", ".join(names[:20]) + (", …" if len(names) > 20 else "")
        super().__init__(f"unknown {kind} {name!r} (known: {listed or 'none yet'}){hint}")


# -- names ------------------------------------------------------------------------------------


def known_parks(session: Session) -> list[str]:
    """The gazetteer's park ids, then any other park id the figures use (slugs, `zh:` names)."""
    ids = [park.id for park in load_gazetteer().parks]
    stored = session.scalars(select(Figure.park).where(Figure.park.is_not(None)).distinct())
    return ids + sorted(set(stored) - set(ids))


def known_metrics(session: Session) -> list[str]:
    stored = set(session.scalars(select(Figure.metric).distinct()))
    return list(METRICS) + sorted(stored - set(METRICS))


def known_sources(session: Session) -> list[str]:
    return list(session.scalars(select(Source.name).order_by(Source.name)))


def check_park(session: Session, park: str | None) -> None:
    if park is not None and park not in known_parks(session):
        raise UnknownNameError("park", park, known_parks(session))


def check_metric(session: Session, metric: str | None) -> None:
    if metric is not None and metric not in known_metrics(session):
        raise UnknownNameError("metric", metric, known_metrics(session))


def check_source(session: Session, source: str | None) -> None:
    if source is not None and source not in known_sources(session):
        raise UnknownNameError("source", source, known_sources(session))


def park_names() -> dict[str, str]:
    """Park id → English name, for tables and charts (the store's ids stay the key)."""
    return {park.id: park.name_en for park in load_gazetteer().parks}


# -- figures ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class FigureFilter:
    park: str | None = None
    metric: str | None = None
    period: str | None = None
    source: str | None = None
    since: date | None = None
    #: False: only each article's latest version (what the article says now); True: every version.
    all_versions: bool = False
    #: Only the newest this many figures (by published date, then fetch); None: all.
    newest: int | None = None


#: Rows fetched at a time by the streaming queries (`export` of a whole store, `parks`).
ROWS_PER_FETCH = 1000


def figure_records(session: Session, wanted: FigureFilter = FigureFilter()) -> list[dict[str, Any]]:
    """Figures as docs/metrics.md records plus the article behind each value, oldest first."""
    return list(iter_figure_records(session, wanted))


def iter_figure_records(session: Session, wanted: FigureFilter = FigureFilter()) -> Iterator[dict[str, Any]]:
    """`figure_records`, streamed a thousand rows at a time (`export` of a whole store)."""
    check_park(session, wanted.park)
    check_metric(session, wanted.metric)
    check_source(session, wanted.source)
    rows = session.execute(_figure_query(wanted, FIGURE_COLUMNS).execution_options(yield_per=ROWS_PER_FETCH))
    return (_figure_record(row) for row in rows)


#: What a figure record shows: no ORM objects, no compressed HTML; the text is read for the quote's whole words.
FIGURE_COLUMNS = (
    Figure.park, Figure.metric, Figure.value, Figure.unit, Figure.qualifier, Figure.bound, Figure.period, Figure.quote,
    ArticleVersion.text, ArticleVersion.number, ArticleVersion.fetched_at,
    Article.url, Article.published, Article.title, Source.name.label("source"),
)


def _figure_query(wanted: FigureFilter, columns: Sequence[Any]) -> Select[Any]:
    """The figures `wanted` asks for, with `columns`, in figure_records order."""
    query = (
        select(*columns)
        .select_from(Figure)
        .join(ArticleVersion, Figure.version_id == ArticleVersion.id)
        .join(Article, Figure.article_id == Article.id)
        .join(Source, Article.source_id == Source.id)
    )
    if not wanted.all_versions:
        newest = aliased(ArticleVersion)
        latest_number = (
            select(func.max(newest.number)).where(newest.article_id == Article.id).scalar_subquery()
        )
        query = query.where(ArticleVersion.number == latest_number)
    if wanted.park:
        query = query.where(Figure.park == wanted.park)
    if wanted.metric:
        query = query.where(Figure.metric == wanted.metric)
    if wanted.period == CUMULATIVE:
        query = query.where(Figure.period.is_(None))
    elif wanted.period:
        query = query.where(Figure.period == wanted.period)
    if wanted.source:
        query = query.where(Source.name == wanted.source)
    if wanted.since:
        query = query.where(Article.published >= wanted.since)
    if wanted.newest is not None:
        newest_ids = (
            query.with_only_columns(Figure.id)
            .order_by(Article.published.desc().nulls_last(), ArticleVersion.fetched_at.desc(), Figure.id.desc())
            .limit(wanted.newest)
        )
        query = query.where(Figure.id.in_(newest_ids.scalar_subquery()))
    return query.order_by(
        Figure.park, Figure.metric, Article.published, ArticleVersion.fetched_at, ArticleVersion.number, Figure.id
    )


def _figure_record(row: Any) -> dict[str, Any]:
    return {
        "park": row.park,
        "metric": row.metric,
        "value": value_number(row.value),
        "unit": row.unit,
        "qualifier": row.qualifier,
        "bound": row.bound,
        "period": row.period,
        "quote": whole_words(row.quote, row.text),
        "article_url": row.url,
        "published": row.published.isoformat() if row.published else None,
        "source": row.source,
        "title": row.title,
        "version": row.number,
        "fetched_at": iso(row.fetched_at),
    }


#: Backends whose ascending order puts NULL last (SQLite puts it first): figure_records' order
#: then makes an undated article the newest of all, and this must pick the figure it picks.
NULLS_LAST_ASCENDING = frozenset({"postgresql", "oracle"})
#: Publication dates read by the first step of `latest_figure_records`; each step reads twice as many.
FIRST_DATES = 16


def latest_figure_records(session: Session) -> list[dict[str, Any]]:
    """`latest_records(figure_records(session))`, reading the current versions' figures newest
    article first and stopping once every key has its figure, instead of reading every figure.

    The keys are those of the figures table (one index-only read); a key's last figure in
    figure_records order is its newest by publication date, then fetch, version and figure id.
    Dates are read newest first in growing steps: the first step that holds a key holds its
    newest figure. Undated articles come first or last as each backend sorts NULL."""
    keys = {tuple(row) for row in session.execute(select(Figure.park, Figure.metric, Figure.period, Figure.qualifier).distinct())}
    newest: dict[tuple[Any, ...], tuple[Any, ...]] = {}

    def take(articles: ColumnElement[bool]) -> None:
        found: dict[tuple[Any, ...], tuple[Any, ...]] = {}
        for row in session.execute(_current_figures(articles)):
            key = (row.park, row.metric, row.period, row.qualifier)
            order = (row.published, row.fetched_at, row.number, row.id)  # one step: all dated, or all undated
            if key not in newest and (key not in found or order > found[key]):
                found[key] = order
        newest.update(found)

    undated_newest = session.get_bind().dialect.name in NULLS_LAST_ASCENDING
    if undated_newest:
        take(Article.published.is_(None))
    before, step = None, FIRST_DATES
    while len(newest) < len(keys):
        dates = select(Article.published).where(Article.published.is_not(None)).distinct()
        if before is not None:
            dates = dates.where(Article.published < before)
        found = list(session.scalars(dates.order_by(Article.published.desc()).limit(step)))
        if not found:
            break
        take(Article.published.between(found[-1], found[0]))
        before, step = found[-1], step * 2
    if not undated_newest and len(newest) < len(keys):
        take(Article.published.is_(None))
    ids = sorted(order[-1] for order in newest.values())
    records = []
    for start in range(0, len(ids), 500):
        query = _figure_query(FigureFilter(all_versions=True), FIGURE_COLUMNS).where(Figure.id.in_(ids[start : start + 500]))
        records.extend(_figure_record(row) for row in session.execute(query))
    return records


def _current_figures(articles: ColumnElement[bool]) -> Select[Any]:
    """Key and order of the figures of these articles' current versions (from ix_articles_published)."""
    latest = aliased(ArticleVersion)
    current = select(func.max(latest.number)).where(latest.article_id == Article.id).scalar_subquery()
    return (
        select(
            Figure.park, Figure.metric, Figure.period, Figure.qualifier,
            Article.published, ArticleVersion.fetched_at, ArticleVersion.number, Figure.id,
        )
        .select_from(Article)
        .join(ArticleVersion, and_(ArticleVersion.article_id == Article.id, ArticleVersion.number == current))
        .join(Figure, Figure.version_id == ArticleVersion.id)
        .where(articles)
    )


def latest_records(records: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """The newest record per (park, metric, period, qualifier): by published date, then fetch.

    `records` must be in `figure_records` order (oldest first), so the last one of a key wins;
    this is the same rule as the `latest_figures` view and the change detector (DESIGN.md).
    """
    newest: dict[tuple[Any, ...], dict[str, Any]] = {}
    for record in records:
        newest[(record["park"], record["metric"], record["period"], record["qualifier"])] = record
    return list(newest.values())


# -- changes ----------------------------------------------------------------------------------


def change_bounds(session: Session, change_ids: Iterable[int]) -> dict[int, str]:
    """change id → the bound ("at_least" …) of the figure it reports, for the figure changes.

    The change row keeps the value; the bound stays on the figure of the version it points to,
    so `changes` can print "≥1,200" as `parks` and `figures` do.
    """
    wanted = list(change_ids)
    if not wanted:
        return {}
    query = (
        select(Change.id, Figure.bound)
        .join(
            Figure,
            and_(
                Figure.version_id == Change.version_id,
                Figure.park == Change.park,
                Figure.metric == Change.metric,
                Figure.qualifier == Change.qualifier,
                Figure.period.is_not_distinct_from(Change.period),
            ),
        )
        .where(Change.id.in_(wanted), Change.new_value.is_not(None))
    )
    return {change_id: bound for change_id, bound in session.execute(query)}


# -- articles ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ArticleFilter:
    park: str | None = None
    source: str | None = None
    since: date | None = None
    search: str | None = None
    #: Only the newest this many articles; None: all.
    newest: int | None = None


def article_records(session: Session, wanted: ArticleFilter = ArticleFilter()) -> list[dict[str, Any]]:
    """Stored articles, newest first, with how many versions each has."""
    return list(iter_article_records(session, wanted))


def iter_article_records(session: Session, wanted: ArticleFilter = ArticleFilter()) -> Iterator[dict[str, Any]]:
    """`article_records`, streamed: the columns a record shows, a thousand rows at a time, each
    fetch's parks read in one query."""
    check_park(session, wanted.park)
    check_source(session, wanted.source)
    # counted per article shown (not grouped over every version), so `--limit` makes it cheap
    versions = select(func.count()).where(ArticleVersion.article_id == Article.id).scalar_subquery()
    has_version = select(ArticleVersion.id).where(ArticleVersion.article_id == Article.id).exists()
    query = (
        select(
            Article.id, Article.url, Source.name.label("source"), Article.title, Article.published, Article.language,
            Article.publisher, Article.first_seen, Article.last_checked, versions.label("versions"),
        )
        .join(Source)
        .where(has_version)
    )
    if wanted.source:
        query = query.where(Source.name == wanted.source)
    if wanted.park:
        # The relevance filter lists the parks an article names; the extractor may attribute
        # figures to a park the article names only in passing: either makes it the park's.
        with_figures = select(Figure.article_id).where(Figure.park == wanted.park)
        naming = select(ArticlePark.article_id).where(ArticlePark.park == wanted.park)
        query = query.where(or_(Article.id.in_(naming), Article.id.in_(with_figures)))
    if wanted.since:
        query = query.where(Article.published >= wanted.since)
    if wanted.search:
        # autoescape: `%` and `_` are the characters searched for, not LIKE wildcards
        matching = select(ArticleVersion.article_id).where(ArticleVersion.text.contains(wanted.search, autoescape=True))
        query = query.where(or_(Article.title.contains(wanted.search, autoescape=True), Article.id.in_(matching)))
    query = query.order_by(Article.published.desc().nulls_last(), Article.id.desc()).limit(wanted.newest)
    result = session.execute(query.execution_options(yield_per=ROWS_PER_FETCH))
    for rows in result.partitions():
        parks: dict[int, list[str]] = {}
        named = select(ArticlePark.article_id, ArticlePark.park).where(ArticlePark.article_id.in_([row.id for row in rows]))
        for article_id, park in session.execute(named.order_by(ArticlePark.park)):
            parks.setdefault(article_id, []).append(park)
        for row in rows:
            yield _article_row_record(row, parks.get(row.id, []))


def _article_row_record(row: Any, parks: list[str]) -> dict[str, Any]:
    return {
        "url": row.url,
        "source": row.source,
        "title": row.title,
        "published": row.published.isoformat() if row.published else None,
        "language": row.language,
        "versions": row.versions,
        "publisher": row.publisher,
        "parks": parks,
        "first_seen": iso(row.first_seen),
        "last_checked": iso(row.last_checked),
    }


def article_record(article: Article, versions: int) -> dict[str, Any]:
    return {
        "url": article.url,
        "source": article.source.name,
        "title": article.title,
        "published": article.published.isoformat() if article.published else None,
        "language": article.language,
        "versions": versions,
        "publisher": article.publisher,
        "parks": article.park_ids,
        "first_seen": iso(article.first_seen),
        "last_checked": iso(article.last_checked),
    }


# -- parks ------------------------------------------------------------------------------------


def park_rows(session: Session) -> list[dict[str, Any]]:
    """Each gazetteer park (and any other park with figures) with its latest figures."""
    latest = latest_figure_records(session)
    by_park: dict[str | None, list[dict[str, Any]]] = {}
    for record in latest:
        by_park.setdefault(record["park"], []).append(record)
    stored = {park.id: park for park in session.scalars(select(Park))}
    articles = articles_per_park(session)
    rows = []
    for park_id in known_parks(session):
        park = load_gazetteer().get(park_id) or stored.get(park_id)
        figures = sorted(by_park.get(park_id, []), key=lambda r: (_metric_rank(r["metric"]), r["period"] or "", r["qualifier"]))
        rows.append(
            {
                "id": park_id,
                "name_en": park.name_en if park else park_id,
                "name_zh": park.name_zh if park else "",
                "articles": articles.get(park_id, 0),
                "latest_figures": figures,
            }
        )
    return rows


def articles_per_park(session: Session) -> dict[str, int]:
    """Park id → how many articles are the park's (`articles --park` counts the same ones: the
    article names the park, or has a figure about it), in one query for all parks."""
    pairs = union(
        select(ArticlePark.article_id, ArticlePark.park),
        select(Figure.article_id, Figure.park).where(Figure.park.is_not(None)),
    ).subquery()
    query = select(pairs.c.park, func.count(pairs.c.article_id.distinct())).group_by(pairs.c.park)
    return {park: count for park, count in session.execute(query)}


def _metric_rank(metric: str) -> int:
    return METRICS.index(metric) if metric in METRICS else len(METRICS)


# -- formatting -------------------------------------------------------------------------------


def iso(moment: Any) -> str | None:
    """A naive-UTC timestamp as ISO 8601 with its zone written out."""
    return moment.isoformat(timespec="seconds") + "Z" if moment else None
