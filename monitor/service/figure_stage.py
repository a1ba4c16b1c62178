"""The cycle's extraction stage: figures for every stored version that lacks current ones.

A version is extracted once per extractor version (`article_versions.extracted_with`), so a
crash mid-stage is finished by the next cycle and `reextract` is the same stage over everything.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from sqlalchemy import Delete, Select, delete, or_, select

from db.models import Article, ArticleVersion, Figure
from db.store import Store
from monitor.extract import EXTRACTOR_VERSION, extract_figures

log = logging.getLogger(__name__)
BATCH = 50


def extract_pending(
    store: Store, *, everything: bool = False, progress: Callable[[int, int], None] | None = None
) -> int:
    """Extract figures for versions not yet done by this extractor version; returns figures written."""
    with store.session() as session:
        pending = sorted(session.scalars(pending_versions_query(everything=everything)))
    written = 0
    for start in range(0, len(pending), BATCH):
        written += _extract_batch(store, pending[start : start + BATCH])
        if progress:
            progress(min(start + BATCH, len(pending)), len(pending))
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


def old_figures_statement(version_id: int) -> Delete:
    """Drop a version's figures before writing new ones (served by ix_figures_version_id)."""
    return delete(Figure).where(Figure.version_id == version_id)


def _extract_batch(store: Store, version_ids: list[int]) -> int:
    written = 0
    with store.session() as session:
        rows = session.execute(
            select(ArticleVersion, Article).join(Article).where(ArticleVersion.id.in_(version_ids))
        )
        for version, article in rows:
            figures = extract_figures(
                f"{version.title}\n\n{version.text}", lang=article.language, published=article.published
            )
            session.execute(old_figures_statement(version.id))
            session.add_all(
                Figure(
                    version_id=version.id,
                    article_id=article.id,
                    park=figure.park,
                    metric=figure.metric,
                    value=figure.value,
                    unit=figure.unit,
                    qualifier=figure.qualifier,
                    bound=figure.bound,
                    period=figure.period,
                    quote=figure.quote,
                    binding=figure.binding,
                    extractor_version=EXTRACTOR_VERSION,
                )
                for figure in figures
            )
            version.extracted_with = EXTRACTOR_VERSION
            written += len(figures)
    return written
