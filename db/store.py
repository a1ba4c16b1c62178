"""The store's write and lookup functions; every write is one transaction.

The crawler, the cycle and the CLI go through these functions rather than building their own
queries, so the rules (a new version only when the normalised text changed, first/last seen,
conditional-request validators) live in one place.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timezone
from typing import Protocol

from sqlalchemy import Engine, Row, Select, and_, func, select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from db import migrate
from db.engine import make_engine, resolve_url, session_factory
from db.models import Article, ArticlePark, ArticleVersion, CrawlRun, SkippedUrl, Source


class StoreError(RuntimeError):
    """The database cannot be opened or written; the message says why in one line."""


def utcnow() -> datetime:
    """Naive UTC, the form every timestamp column holds."""
    return datetime.now(timezone.utc).replace(tzinfo=None)


class ArticleDownload(Protocol):
    """What the store persists of one download: the crawler's item (`scraper.items.ArticleItem`)
    has these fields. The text is already normalised and hashed by the crawl, which knows what
    on a page is noise; the store only compares hashes."""

    url: str
    source: str
    host: str
    language: str
    title: str
    text: str
    content_hash: str
    html: str
    published: date | None
    publisher: str | None
    column_name: str | None
    parks: Sequence[str]
    etag: str | None
    last_modified: str | None
    fetched_at: datetime


@dataclass(frozen=True)
class SaveResult:
    article_id: int
    version_id: int | None
    new_article: bool
    new_version: bool


class Store:
    """One database, opened and migrated to the current schema."""

    def __init__(self, engine: Engine, url: str | None = None) -> None:
        self.engine = engine
        #: The URL it was opened with (password included): a crawl child and the cycle lock
        #: need the same database, and `engine.url` would hide the password.
        self.url = url or engine.url.render_as_string(hide_password=False)
        self._sessions: sessionmaker[Session] = session_factory(engine)

    @classmethod
    def open(cls, url: str | None = None, *, upgrade: bool = True) -> Store:
        """Open the database at `url` and apply pending migrations (first use creates it)."""
        url = resolve_url(url)
        engine = make_engine(url)
        if upgrade:
            try:
                migrate.upgrade(engine)
            except OperationalError as exc:
                raise StoreError(f"cannot open the database {engine.url!r}: {exc.orig}") from exc
        return cls(engine, url)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session whose work is committed as one transaction, or rolled back whole."""
        with self._sessions() as session:
            try:
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                raise

    def close(self) -> None:
        self.engine.dispose()

    # -- sources --------------------------------------------------------------------------

    def ensure_source(self, name: str, host: str, title: str = "") -> int:
        with self.session() as session:
            return _source_id(session, name, host, title)

    # -- articles -------------------------------------------------------------------------

    def known(self, urls: Iterable[str]) -> dict[str, Row]:
        """The stored articles among `urls`, as rows of what a conditional re-check needs:
        url, published, last_checked, and the newest version's etag and last_modified."""
        wanted = list(dict.fromkeys(urls))
        found: dict[str, Row] = {}
        with self.session() as session:
            for start in range(0, len(wanted), 500):
                chunk = wanted[start : start + 500]
                found.update((row.url, row) for row in session.execute(_recheck_rows().where(Article.url.in_(chunk))))
        return found

    def seen(self, urls: Iterable[str]) -> set[str]:
        """The URLs among `urls` that are stored articles or were already judged not about parks."""
        wanted = list(dict.fromkeys(urls))
        found: set[str] = set()
        with self.session() as session:
            for start in range(0, len(wanted), 500):
                chunk = wanted[start : start + 500]
                found.update(session.scalars(select(Article.url).where(Article.url.in_(chunk))))
                found.update(session.scalars(select(SkippedUrl.url).where(SkippedUrl.url.in_(chunk))))
        return found

    def skip(self, url: str, source: str, host: str, reason: str) -> None:
        with self.session() as session:
            if session.get(SkippedUrl, url) is None:
                session.add(
                    SkippedUrl(url=url, source_id=_source_id(session, source, host), reason=reason, first_seen=utcnow())
                )

    def articles_of(self, source: str) -> list[Row]:
        """Every article of `source` as `known` rows, oldest first (one query)."""
        with self.session() as session:
            query = _recheck_rows().join(Source, Article.source_id == Source.id).where(Source.name == source)
            return list(session.execute(query.order_by(Article.id)))

    def mark_checked(self, url: str, when: datetime | None = None) -> None:
        """Record a re-check that found nothing new (a 304, or an identical text)."""
        when = when or utcnow()
        with self.session() as session:
            article = session.scalar(select(Article).where(Article.url == url))
            if article is not None:
                article.last_checked = when
                article.last_seen = when

    def save(self, fetched: ArticleDownload) -> SaveResult:
        """Insert the article on first sight; add a version only when its content hash changed."""
        with self.session() as session:
            source_id = _source_id(session, fetched.source, fetched.host)
            article = session.scalar(select(Article).where(Article.url == fetched.url))
            new_article = article is None
            if article is None:
                article = Article(
                    url=fetched.url,
                    source_id=source_id,
                    first_seen=fetched.fetched_at,
                    language=fetched.language,
                    title=fetched.title,
                    published=fetched.published,
                    publisher=fetched.publisher,
                    column_name=fetched.column_name,
                    last_seen=fetched.fetched_at,
                    last_checked=fetched.fetched_at,
                )
                session.add(article)
                session.flush()
            article.last_seen = article.last_checked = fetched.fetched_at
            latest = _latest_version(session, article.id)
            if latest is not None and latest.content_hash == fetched.content_hash:
                latest.etag = fetched.etag or latest.etag
                latest.last_modified = fetched.last_modified or latest.last_modified
                return SaveResult(article.id, latest.id, new_article, False)
            article.title = fetched.title
            article.published = article.published or fetched.published
            article.publisher = fetched.publisher or article.publisher
            if fetched.parks:  # a revision that names no park keeps the parks the article named
                article.parks = [ArticlePark(park=park) for park in dict.fromkeys(fetched.parks)]
            version = ArticleVersion(
                article_id=article.id,
                number=(latest.number + 1) if latest else 1,
                fetched_at=fetched.fetched_at,
                content_hash=fetched.content_hash,
                title=fetched.title,
                text=fetched.text,
                html_zlib=zlib.compress(fetched.html.encode("utf-8"), 6),
                etag=fetched.etag,
                last_modified=fetched.last_modified,
            )
            session.add(version)
            session.flush()
            return SaveResult(article.id, version.id, new_article, True)

    # -- crawl runs -----------------------------------------------------------------------

    def start_run(self, cycle_id: str, spider: str) -> int:
        with self.session() as session:
            run = CrawlRun(cycle_id=cycle_id, spider=spider, started_at=utcnow(), outcome="running")
            session.add(run)
            session.flush()
            return run.id

    def finish_run(self, run_id: int, outcome: str, counts: dict[str, int], detail: str = "") -> None:
        with self.session() as session:
            run = session.get(CrawlRun, run_id)
            if run is None:
                return
            for name, value in counts.items():
                if hasattr(CrawlRun, name) and name not in {"id", "cycle_id", "spider"}:
                    setattr(run, name, int(value))
            run.finished_at = utcnow()
            run.outcome = outcome
            run.detail = detail


def _source_id(session: Session, name: str, host: str, title: str = "") -> int:
    source = session.scalar(select(Source).where(Source.name == name))
    if source is None:
        source = Source(name=name, host=host, title=title)
        session.add(source)
        session.flush()
    elif title and source.title != title:
        source.title = title
    return source.id


def _latest_version(session: Session, article_id: int) -> ArticleVersion | None:
    return session.scalar(
        select(ArticleVersion)
        .where(ArticleVersion.article_id == article_id)
        .order_by(ArticleVersion.number.desc())
        .limit(1)
    )


def _recheck_rows() -> Select:
    """url, published, last_checked of each article with its newest version's validators."""
    newest = (
        select(ArticleVersion.article_id, func.max(ArticleVersion.number).label("number"))
        .group_by(ArticleVersion.article_id)
        .subquery()
    )
    return (
        select(Article.url, Article.published, Article.last_checked, ArticleVersion.etag, ArticleVersion.last_modified)
        .outerjoin(newest, newest.c.article_id == Article.id)
        .outerjoin(
            ArticleVersion,
            and_(ArticleVersion.article_id == Article.id, ArticleVersion.number == newest.c.number),
        )
    )
