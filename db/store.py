"""The store's write and lookup functions; every write is one transaction.

The crawler, the cycle and the CLI go through these functions rather than building their own
queries, so the rules (a new version only when the normalised text changed, first/last seen,
conditional-request validators) live in one place.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timezone

from sqlalchemy import Engine, select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from db import migrate
from db.engine import make_engine, resolve_url, session_factory
from db.models import Article, ArticleVersion, CrawlRun, SkippedUrl, Source
from db.normalise import content_hash, normalise_text


class StoreError(RuntimeError):
    """The database cannot be opened or written; the message says why in one line."""


def utcnow() -> datetime:
    """Naive UTC, the form every timestamp column holds."""
    return datetime.now(timezone.utc).replace(tzinfo=None)


@dataclass(frozen=True)
class FetchedArticle:
    """An article as one download saw it (the crawler's item, free of Scrapy types)."""

    url: str
    source: str
    host: str
    language: str
    title: str
    text: str
    html: str
    published: date | None = None
    publisher: str | None = None
    column_name: str | None = None
    relevance: str = ""
    etag: str | None = None
    last_modified: str | None = None
    fetched_at: datetime = field(default_factory=utcnow)


@dataclass(frozen=True)
class SaveResult:
    article_id: int
    version_id: int | None
    new_article: bool
    new_version: bool


@dataclass(frozen=True)
class KnownArticle:
    url: str
    published: date | None
    last_checked: datetime
    etag: str | None
    last_modified: str | None


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

    def known(self, urls: Iterable[str]) -> dict[str, KnownArticle]:
        """The stored articles among `urls`, with what a conditional re-check needs."""
        wanted = list(dict.fromkeys(urls))
        found: dict[str, KnownArticle] = {}
        with self.session() as session:
            for start in range(0, len(wanted), 500):
                chunk = wanted[start : start + 500]
                for article in session.scalars(select(Article).where(Article.url.in_(chunk))):
                    found[article.url] = _known(session, article)
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

    def articles_of(self, source: str) -> list[KnownArticle]:
        with self.session() as session:
            rows = session.scalars(
                select(Article).join(Source).where(Source.name == source).order_by(Article.id)
            )
            return [_known(session, article) for article in rows]

    def mark_checked(self, url: str, when: datetime | None = None) -> None:
        """Record a re-check that found nothing new (a 304, or an identical text)."""
        when = when or utcnow()
        with self.session() as session:
            article = session.scalar(select(Article).where(Article.url == url))
            if article is not None:
                article.last_checked = when
                article.last_seen = when

    def save(self, fetched: FetchedArticle) -> SaveResult:
        """Insert the article on first sight; add a version only when its normalised text changed."""
        text = normalise_text(fetched.text)
        digest = content_hash(text)
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
                    relevance=fetched.relevance,
                    last_seen=fetched.fetched_at,
                    last_checked=fetched.fetched_at,
                )
                session.add(article)
                session.flush()
            article.last_seen = article.last_checked = fetched.fetched_at
            latest = _latest_version(session, article.id)
            if latest is not None and latest.content_hash == digest:
                latest.etag = fetched.etag or latest.etag
                latest.last_modified = fetched.last_modified or latest.last_modified
                return SaveResult(article.id, latest.id, new_article, False)
            article.title = fetched.title
            article.published = article.published or fetched.published
            article.publisher = fetched.publisher or article.publisher
            article.relevance = fetched.relevance or article.relevance
            version = ArticleVersion(
                article_id=article.id,
                number=(latest.number + 1) if latest else 1,
                fetched_at=fetched.fetched_at,
                content_hash=digest,
                title=fetched.title,
                text=text,
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


def _known(session: Session, article: Article) -> KnownArticle:
    latest = _latest_version(session, article.id)
    return KnownArticle(
        url=article.url,
        published=article.published,
        last_checked=article.last_checked,
        etag=latest.etag if latest else None,
        last_modified=latest.last_modified if latest else None,
    )

