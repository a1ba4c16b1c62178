"""The cycle's extraction stage: figures for every stored version that lacks current ones.

A version is extracted once per extractor version (`article_versions.extracted_with`), so a
crash mid-stage is finished by the next cycle and `reextract` is the same stage over everything.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from sqlalchemy import delete, or_, select

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
        query = select(ArticleVersion.id).order_by(ArticleVersion.id)
        if not everything:
            query = query.where(
                or_(ArticleVersion.extracted_with.is_(None), ArticleVersion.extracted_with != EXTRACTOR_VERSION)
            )
        pending = list(session.scalars(query))
    written = 0
    for start in range(0, len(pending), BATCH):
        written += _extract_batch(store, pending[start : start + BATCH])
        if progress:
            progress(min(start + BATCH, len(pending)), len(pending))
    if pending:
        log.info("extracted %d figures from %d article versions", written, len(pending))
    return written


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
            session.execute(delete(Figure).where(Figure.version_id == version.id))
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
