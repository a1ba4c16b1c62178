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

from sqlalchemy import ColumnElement, Connection, Engine, Row, ScalarSelect, Select, and_, bindparam, delete, func, insert, select, update
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
        #: source name -> id: sources are never renamed or deleted, so one lookup per process.
        self._source_ids: dict[str, int] = {}

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
            source_id = _source_id(session, name, host, title)
        self._source_ids[name] = source_id
        return source_id

    def _cached_source_id(self, connection: Connection, name: str, host: str) -> int:
        """The source's id, looked up (or created) once per Store and then cached."""
        source_id = self._source_ids.get(name)
        if source_id is not None:
            return source_id
        source_id = connection.scalar(select(Source.id).where(Source.name == name))
        if source_id is not None:
            self._source_ids[name] = source_id  # committed already: safe to keep
            return source_id
        # created in this transaction: cached only once it is committed (a later lookup finds it)
        return connection.execute(insert(Source).values(name=name, host=host, title="")).inserted_primary_key[0]

    # -- articles -------------------------------------------------------------------------

    def seen(self, urls: Iterable[str]) -> set[str]:
        """The URLs among `urls` that are stored articles or were already judged not about parks."""
        wanted = list(dict.fromkeys(urls))
        found: set[str] = set()
        with self.engine.connect() as connection:  # a read: no ORM session, nothing to commit
            for start in range(0, len(wanted), 500):
                chunk = wanted[start : start + 500]
                found.update(connection.scalars(select(Article.url).where(Article.url.in_(chunk))))
                found.update(connection.scalars(select(SkippedUrl.url).where(SkippedUrl.url.in_(chunk))))
        return found

    def has_article(self, url: str) -> bool:
        """Whether `url` is a stored article (one indexed read, no transaction to commit)."""
        with self.engine.connect() as connection:
            return connection.scalar(select(Article.id).where(Article.url == url)) is not None

    def skip(self, url: str, source: str, host: str, reason: str) -> None:
        """Remember a URL judged not worth storing (not about parks, refused by robots.txt)."""
        self.skip_many([(url, source, host, reason)])

    def skip_many(self, skipped: Sequence[tuple[str, str, str, str]]) -> None:
        """`skip` of each (url, source, host, reason) not remembered yet, in one transaction."""
        urls = list(dict.fromkeys(url for url, _, _, _ in skipped))
        with self.engine.begin() as connection:
            known = {
                url
                for start in range(0, len(urls), 500)
                for url in connection.scalars(select(SkippedUrl.url).where(SkippedUrl.url.in_(urls[start : start + 500])))
            }
            rows, now = [], utcnow()
            for url, source, host, reason in skipped:
                if url not in known:
                    known.add(url)
                    source_id = self._cached_source_id(connection, source, host)
                    rows.append({"url": url, "source_id": source_id, "reason": reason, "first_seen": now})
            if rows:
                connection.execute(insert(SkippedUrl), rows)

    def articles_of(self, source: str, where: ColumnElement[bool] | None = None) -> list[Row]:
        """The articles of `source` as `known` rows (url, published, last_checked, the newest
        version's etag and last_modified), oldest first, in one query. `where`, a condition on
        `Article`'s columns (the revisit policy's, scraper/revisit.py), keeps only the articles
        it holds for, so a spider's start reads only the articles it will re-check."""
        query = _recheck_rows().join(Source, Article.source_id == Source.id).where(Source.name == source)
        if where is not None:
            query = query.where(where)
        with self.engine.connect() as connection:
            return list(connection.execute(query.order_by(Article.id)))

    def mark_checked(self, url: str, when: datetime | None = None) -> None:
        """Record a re-check that found nothing new (a 304, or an identical text)."""
        when = when or utcnow()
        with self.engine.begin() as connection:
            connection.execute(update(Article).where(Article.url == url).values(last_checked=when, last_seen=when))

    def save(self, fetched: ArticleDownload) -> SaveResult:
        """Insert the article on first sight; add a version only when its content hash changed."""
        return self.save_many([fetched])[0]

    def save_many(self, items: Sequence[ArticleDownload]) -> list[SaveResult]:
        """`save` of each item, all in one transaction (the crawl commits in batches), set-based:
        one query finds which URLs are stored and their newest versions (only the columns the
        comparison needs), then one multi-row statement per kind of write (new articles, new
        versions, parks, re-check times). A URL never seen costs no version lookup of its own.
        A URL met again in the batch starts a new sub-batch, so the items are saved in order."""
        results: list[SaveResult] = []
        with self.engine.begin() as connection:
            run: list[ArticleDownload] = []
            urls: set[str] = set()
            for item in items:
                if item.url in urls:
                    results += self._save_batch(connection, run)
                    run, urls = [], set()
                run.append(item)
                urls.add(item.url)
            if run:
                results += self._save_batch(connection, run)
        return results

    def _save_batch(self, connection: Connection, items: Sequence[ArticleDownload]) -> list[SaveResult]:
        newest = _newest_number()
        stored = {
            row.url: row
            for start in range(0, len(items), 500)
            for row in connection.execute(
                select(Article.url, Article.id, Article.published, Article.publisher, ArticleVersion.id.label("version_id"),
                       ArticleVersion.number, ArticleVersion.content_hash, ArticleVersion.etag, ArticleVersion.last_modified)
                .outerjoin(ArticleVersion, and_(ArticleVersion.article_id == Article.id, ArticleVersion.number == newest))
                .where(Article.url.in_([item.url for item in items[start : start + 500]]))
            )
        }
        fresh = [item for item in items if item.url not in stored]
        article_ids: dict[str, int] = {}
        if fresh:
            rows = [
                {"url": item.url, "source_id": self._cached_source_id(connection, item.source, item.host),
                 "first_seen": item.fetched_at, "language": item.language, "title": item.title,
                 "published": item.published, "publisher": item.publisher, "column_name": item.column_name,
                 "last_seen": item.fetched_at, "last_checked": item.fetched_at}
                for item in fresh
            ]
            # executemany, then the new ids by URL: a RETURNING in parameter order would be sent
            # row by row on SQLite
            connection.execute(insert(Article), rows)
            article_ids = _ids_by_url(connection, [item.url for item in fresh])
        unchanged, revised = [], []
        for item in items:
            row = stored.get(item.url)
            if row is not None:
                (unchanged if row.version_id is not None and row.content_hash == item.content_hash else revised).append(item)
        if unchanged:
            connection.execute(
                update(Article).where(Article.id == bindparam("article_id")).values(last_seen=bindparam("when"), last_checked=bindparam("when")),
                [{"article_id": stored[item.url].id, "when": item.fetched_at} for item in unchanged],
            )
            validators = [
                {"version_id": stored[item.url].version_id, "new_etag": item.etag or stored[item.url].etag,
                 "new_last_modified": item.last_modified or stored[item.url].last_modified}
                for item in unchanged
                if (item.etag and item.etag != stored[item.url].etag)
                or (item.last_modified and item.last_modified != stored[item.url].last_modified)
            ]
            if validators:
                connection.execute(
                    update(ArticleVersion).where(ArticleVersion.id == bindparam("version_id"))
                    .values(etag=bindparam("new_etag"), last_modified=bindparam("new_last_modified")),
                    validators,
                )
        if revised:
            connection.execute(
                update(Article).where(Article.id == bindparam("article_id")).values(
                    last_seen=bindparam("when"), last_checked=bindparam("when"), title=bindparam("new_title"),
                    published=bindparam("new_published"), publisher=bindparam("new_publisher"),
                ),
                [{"article_id": stored[item.url].id, "when": item.fetched_at, "new_title": item.title,
                  "new_published": stored[item.url].published or item.published,
                  "new_publisher": item.publisher or stored[item.url].publisher} for item in revised],
            )
        versioned = [(article_ids[item.url], 1, item) for item in fresh] + [
            (stored[item.url].id, (stored[item.url].number or 0) + 1, item) for item in revised
        ]
        version_ids: dict[str, int] = {}
        if versioned:
            connection.execute(insert(ArticleVersion), [_version_row(article_id, number, item) for article_id, number, item in versioned])
            numbered = {
                (row.article_id, row.number): row.id
                for row in connection.execute(
                    select(ArticleVersion.id, ArticleVersion.article_id, ArticleVersion.number).where(
                        ArticleVersion.article_id.in_([article_id for article_id, _, _ in versioned])
                    )
                )
            }
            version_ids = {item.url: numbered[(article_id, number)] for article_id, number, item in versioned}
        # a revision that names no park keeps the parks the article named
        reparked = [(stored[item.url].id, item) for item in revised if item.parks]
        if reparked:
            connection.execute(delete(ArticlePark).where(ArticlePark.article_id.in_([article_id for article_id, _ in reparked])))
        park_rows = [
            {"article_id": article_id, "park": park}
            for article_id, item in [*((article_ids[item.url], item) for item in fresh), *reparked]
            for park in dict.fromkeys(item.parks)
        ]
        if park_rows:
            connection.execute(insert(ArticlePark), park_rows)
        results = []
        for item in items:
            if item.url in article_ids:
                results.append(SaveResult(article_ids[item.url], version_ids[item.url], True, True))
            elif item.url in version_ids:
                results.append(SaveResult(stored[item.url].id, version_ids[item.url], False, True))
            else:
                results.append(SaveResult(stored[item.url].id, stored[item.url].version_id, False, False))
        return results

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


def _ids_by_url(connection: Connection, urls: Sequence[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for start in range(0, len(urls), 500):
        rows = connection.execute(select(Article.url, Article.id).where(Article.url.in_(urls[start : start + 500])))
        found.update((url, article_id) for url, article_id in rows)
    return found


def _version_row(article_id: int, number: int, fetched: ArticleDownload) -> dict[str, object]:
    return {
        "article_id": article_id, "number": number, "fetched_at": fetched.fetched_at, "content_hash": fetched.content_hash,
        "title": fetched.title, "text": fetched.text, "html_zlib": zlib.compress(fetched.html.encode("utf-8"), 6),
        "etag": fetched.etag, "last_modified": fetched.last_modified,
    }


def _source_id(session: Session, name: str, host: str, title: str = "") -> int:
    source = session.scalar(select(Source).where(Source.name == name))
    if source is None:
        source = Source(name=name, host=host, title=title)
        session.add(source)
        session.flush()
    elif title and source.title != title:
        source.title = title
    return source.id


def _newest_number() -> ScalarSelect[int]:
    """The newest version number of the article of the enclosing query (through the unique
    (article_id, number) index)."""
    return (
        select(func.max(ArticleVersion.number))
        .where(ArticleVersion.article_id == Article.id)
        .correlate(Article)
        .scalar_subquery()
    )


def _recheck_rows() -> Select:
    """url, published, last_checked of each article with its newest version's validators; the
    newest version found through the (article_id, number) index, article by article, not by
    grouping the whole version table."""
    newest = _newest_number()
    return select(
        Article.url, Article.published, Article.last_checked, ArticleVersion.etag, ArticleVersion.last_modified
    ).outerjoin(ArticleVersion, and_(ArticleVersion.article_id == Article.id, ArticleVersion.number == newest))
