"""The cycle's extraction stage: figures for every stored version that lacks current ones.

A version is extracted once per extractor version (`article_versions.extracted_with`), so a
crash mid-stage is finished by the next cycle and `reextract` is the same stage over everything.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence

from sqlalchemy import Delete, Row, Select, delete, insert, or_, select, update

from db.models import Article, ArticleVersion, Figure
from db.store import Store
from monitor.diff.standing import mark_stale
from monitor.extract import EXTRACTOR_VERSION
from monitor.extract.figure import Figure as ExtractedFigure
from monitor.service.extract_workers import figure_mapper

log = logging.getLogger(__name__)
#: Versions per transaction.
BATCH = 200


def extract_pending(
    store: Store, *, everything: bool = False, progress: Callable[[int, int], None] | None = None,
    workers: int | None = None,
) -> int:
    """Extract figures for versions not yet done by this extractor version; returns figures written.

    Big jobs are extracted by worker processes (extract_workers.py), one batch ahead of the
    batch being written, so the store's reads and writes overlap the extraction."""
    with store.session() as session:
        pending = sorted(session.scalars(pending_versions_query(everything=everything)))
    written = done = 0
    batches = [pending[start : start + BATCH] for start in range(0, len(pending), BATCH)]
    with figure_mapper(len(pending), workers) as mapper:
        ahead: tuple[list[Row], Iterable[list[ExtractedFigure]]] | None = None
        for batch in [*batches, None]:  # a batch is written once the next one is being extracted
            rows = _read_batch(store, batch) if batch else []
            extracting = mapper([(f"{row.title}\n\n{row.text}", row.language, row.published) for row in rows])
            if ahead is not None:
                written += _write_batch(store, *ahead)
                done += len(ahead[0])
                if progress:
                    progress(done, len(pending))
            ahead = (rows, extracting) if batch else None
    if pending:
        log.info("extracted %d figures from %d article versions", written, len(pending))
    return written


def pending_versions_query(*, everything: bool = False) -> Select[tuple[int]]:
    """The versions to extract, by id. "Not this extractor version" is written as NULL, below
    or above it (the same rows as `!=`), so ix_article_versions_extracted_with serves each term
    instead of a scan of every version row; the caller sorts the ids (an ORDER BY here would make
    SQLite prefer walking the whole table in id order)."""
    query = select(ArticleVersion.id)
    if everything:
        return query
    done_with = ArticleVersion.extracted_with
    return query.where(or_(done_with.is_(None), done_with < EXTRACTOR_VERSION, done_with > EXTRACTOR_VERSION))


def old_figures_statement(version_ids: Sequence[int]) -> Delete:
    """Drop versions' figures before writing new ones (served by ix_figures_version_id)."""
    return delete(Figure).where(Figure.version_id.in_(version_ids))


def _read_batch(store: Store, version_ids: list[int]) -> list[Row]:
    """The batch's texts (not the HTML), with what extraction needs of their articles."""
    with store.session() as session:
        return list(session.execute(
            select(
                ArticleVersion.id, ArticleVersion.title, ArticleVersion.text, ArticleVersion.diffed_at,
                Article.id.label("article_id"), Article.language, Article.published,
            )
            .join(Article)
            .where(ArticleVersion.id.in_(version_ids))
        ).all())


def _write_batch(store: Store, rows: list[Row], extracted: Iterable[list[ExtractedFigure]]) -> int:
    """One transaction per batch: the old figures deleted in one statement, the new ones inserted
    in one, the versions marked in one."""
    figures = [
        {
            "version_id": row.id, "article_id": row.article_id, "park": figure.park, "metric": figure.metric,
            "value": figure.value, "unit": figure.unit, "qualifier": figure.qualifier, "bound": figure.bound,
            "period": figure.period, "quote": figure.quote, "binding": figure.binding,
            "extractor_version": EXTRACTOR_VERSION,
        }
        for row, found in zip(rows, extracted, strict=True)
        for figure in found
    ]
    done = [row.id for row in rows]
    with store.session() as session:
        session.execute(old_figures_statement(done))
        if figures:
            session.execute(insert(Figure), figures)
        session.execute(update(ArticleVersion).where(ArticleVersion.id.in_(done)).values(extracted_with=EXTRACTOR_VERSION))
        if any(row.diffed_at is not None for row in rows):
            mark_stale(session)  # the diff compared later figures with these: its memory is rebuilt
    return len(figures)
