"""Typed SQLAlchemy 2 models of the store.

Table and column names are part of the user interface (people query the SQLite file directly),
so they are plain words and documented in the README.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    false as sa_false,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class Source(Base):
    """A site the monitor polls, one row per spider."""

    __tablename__ = "sources"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    host: Mapped[str] = mapped_column(String(255))
    title: Mapped[str] = mapped_column(String(255), default="")
    # -- change tracking (migration 0002, owned by monitor.diff) --
    #: Set while the source is broken (source_failing alerted once), cleared on recovery.
    failing_since: Mapped[datetime | None] = mapped_column(DateTime)
    # -- end change tracking --


class Article(Base):
    """One canonical URL; its text lives in `ArticleVersion` rows."""

    __tablename__ = "articles"

    id: Mapped[int] = mapped_column(primary_key=True)
    url: Mapped[str] = mapped_column(String(1024), unique=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id"))
    language: Mapped[str] = mapped_column(String(8))
    title: Mapped[str] = mapped_column(Text)
    published: Mapped[date | None] = mapped_column(Date, index=True)
    publisher: Mapped[str | None] = mapped_column(String(255))
    column_name: Mapped[str | None] = mapped_column(String(255))
    first_seen: Mapped[datetime] = mapped_column(DateTime)
    last_seen: Mapped[datetime] = mapped_column(DateTime)
    last_checked: Mapped[datetime] = mapped_column(DateTime, index=True)  # the revisit query (migration 0010)

    source: Mapped[Source] = relationship()
    versions: Mapped[list[ArticleVersion]] = relationship(
        back_populates="article", order_by="ArticleVersion.number"
    )
    #: The gazetteer parks the article names (the crawl's relevance filter), one row each.
    parks: Mapped[list[ArticlePark]] = relationship(
        cascade="all, delete-orphan", order_by="ArticlePark.park", lazy="selectin"
    )

    @property
    def park_ids(self) -> list[str]:
        return [row.park for row in self.parks]


class ArticlePark(Base):
    """An article names a park (migration 0005): `articles --park` and the diff's park come from here."""

    __tablename__ = "article_parks"

    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True)
    park: Mapped[str] = mapped_column(String(64), primary_key=True, index=True)


class ArticleVersion(Base):
    """A distinct normalised text of an article; a new row only when the hash changes."""

    __tablename__ = "article_versions"
    __table_args__ = (
        UniqueConstraint("article_id", "number"),
        # the pending-work queries of extraction and diff (migration 0007)
        Index("ix_article_versions_extracted_with", "extracted_with"),
        Index("ix_article_versions_diffed_at", "diffed_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    fetched_at: Mapped[datetime] = mapped_column(DateTime)
    content_hash: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    html_zlib: Mapped[bytes] = mapped_column(LargeBinary)
    etag: Mapped[str | None] = mapped_column(String(255))
    last_modified: Mapped[str | None] = mapped_column(String(64))
    extracted_with: Mapped[str | None] = mapped_column(String(32))
    # -- change tracking (migration 0002, owned by monitor.diff) --
    #: When change detection handled this version; NULL = not yet diffed.
    diffed_at: Mapped[datetime | None] = mapped_column(DateTime)
    # -- end change tracking --

    article: Mapped[Article] = relationship(back_populates="versions")


class Figure(Base):
    """One number an article version reports about a park (METRICS.md)."""

    __tablename__ = "figures"
    __table_args__ = (
        Index("ix_figures_key", "park", "metric", "period", "qualifier"),
        # a version's figures: replaced on every (re)extraction, read by the diff (migration 0007)
        Index("ix_figures_version_id", "version_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("article_versions.id", ondelete="CASCADE"))
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    park: Mapped[str | None] = mapped_column(String(128))
    metric: Mapped[str] = mapped_column(String(64))
    value: Mapped[float] = mapped_column(Float)
    unit: Mapped[str] = mapped_column(String(16))
    qualifier: Mapped[str] = mapped_column(String(16))
    bound: Mapped[str] = mapped_column(String(16))
    period: Mapped[str | None] = mapped_column(String(32))
    quote: Mapped[str] = mapped_column(Text)
    extractor_version: Mapped[str] = mapped_column(String(32))
    #: how the park was bound: "named" in the sentence, a resolved "anaphor", or "carried" from
    #: earlier sentences (the article's guess; its changes are "possible", not alerted by default)
    binding: Mapped[str] = mapped_column(String(16), default="named", server_default="named")

    version: Mapped[ArticleVersion] = relationship()
    article: Mapped[Article] = relationship()


class StandingFigure(Base):
    """A report the diff still compares new figures with (migration 0008, owned by monitor.diff).

    Per figure key, each article's reports from its latest diffed version that states the key,
    kept only while they are published within a week of the key's newest report: what a new
    figure is compared with, read by key in one indexed lookup instead of every earlier figure.
    Derived from `figures`; the diff rebuilds it when `store_state` says it is stale.
    """

    __tablename__ = "standing_figures"
    __table_args__ = (
        Index("ix_standing_figures_key", "park", "metric", "period", "qualifier", "unit"),
        Index("ix_standing_figures_article_id", "article_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    park: Mapped[str] = mapped_column(String(128))
    metric: Mapped[str] = mapped_column(String(64))
    period: Mapped[str | None] = mapped_column(String(32))
    qualifier: Mapped[str] = mapped_column(String(16))
    unit: Mapped[str] = mapped_column(String(16))
    value: Mapped[float] = mapped_column(Float)
    quote: Mapped[str] = mapped_column(Text)
    binding: Mapped[str] = mapped_column(String(16))
    #: how exact the value is (figures.bound): a looser restatement moves nothing
    bound: Mapped[str] = mapped_column(String(16))
    #: the article's date as the diff orders reports: published, else the day first seen
    published: Mapped[date] = mapped_column(Date)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    version_id: Mapped[int] = mapped_column(ForeignKey("article_versions.id", ondelete="CASCADE"))
    version_number: Mapped[int] = mapped_column(Integer)


class StoreState(Base):
    """Named markers of derived data (migration 0008): `standing_figures` is "built" or "stale"."""

    __tablename__ = "store_state"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(String(64))
    updated_at: Mapped[datetime | None] = mapped_column(DateTime)


class Park(Base):
    """The gazetteer as the store knows it, so SQL users can join park ids to names."""

    __tablename__ = "parks"

    id: Mapped[str] = mapped_column(String(128), primary_key=True)
    name_en: Mapped[str] = mapped_column(String(255))
    name_zh: Mapped[str] = mapped_column(String(255))
    aliases: Mapped[str] = mapped_column(Text, default="")


class Change(Base):
    """An event worth telling the user about (DESIGN.md, Changes)."""

    __tablename__ = "changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(32), index=True)
    park: Mapped[str | None] = mapped_column(String(128), index=True)
    metric: Mapped[str | None] = mapped_column(String(64))
    period: Mapped[str | None] = mapped_column(String(32))
    qualifier: Mapped[str | None] = mapped_column(String(16))
    old_value: Mapped[float | None] = mapped_column(Float)
    new_value: Mapped[float | None] = mapped_column(Float)
    unit: Mapped[str | None] = mapped_column(String(16))
    quote: Mapped[str | None] = mapped_column(Text)
    summary: Mapped[str] = mapped_column(Text, default="")
    #: a figure change whose park the sentence did not name (figures.binding "carried"): kept and
    #: listed by `changes --all`, not alerted unless a channel asks for possible changes
    possible: Mapped[bool] = mapped_column(Boolean, default=False, server_default=sa_false())
    article_id: Mapped[int | None] = mapped_column(ForeignKey("articles.id", ondelete="SET NULL"))
    version_id: Mapped[int | None] = mapped_column(
        ForeignKey("article_versions.id", ondelete="SET NULL")
    )
    old_article_id: Mapped[int | None] = mapped_column(
        ForeignKey("articles.id", ondelete="SET NULL")
    )
    old_version_id: Mapped[int | None] = mapped_column(
        ForeignKey("article_versions.id", ondelete="SET NULL")
    )
    source_id: Mapped[int | None] = mapped_column(ForeignKey("sources.id", ondelete="SET NULL"))
    detected_at: Mapped[datetime] = mapped_column(DateTime, index=True)

    article: Mapped[Article | None] = relationship(foreign_keys=[article_id])
    old_article: Mapped[Article | None] = relationship(foreign_keys=[old_article_id])
    source: Mapped[Source | None] = relationship()
    deliveries: Mapped[list[ChangeDelivery]] = relationship(back_populates="change")


class ChangeDelivery(Base):
    """Delivery state of one change on one alert channel: a row means the channel accepted it."""

    __tablename__ = "change_deliveries"
    __table_args__ = (
        UniqueConstraint("change_id", "channel"),
        # "what has this channel accepted": the undelivered-changes query (migration 0007)
        Index("ix_change_deliveries_channel_change", "channel", "change_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    change_id: Mapped[int] = mapped_column(ForeignKey("changes.id", ondelete="CASCADE"))
    channel: Mapped[str] = mapped_column(String(64))
    delivered_at: Mapped[datetime] = mapped_column(DateTime)

    change: Mapped[Change] = relationship(back_populates="deliveries")


class AlertChannelStart(Base):
    """When an alert channel was first seen: it is sent the changes detected from then on
    (`alerts backfill CHANNEL --since DATE` moves the start back), not the store's history."""

    __tablename__ = "alert_channels"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    first_seen: Mapped[datetime] = mapped_column(DateTime)


class CrawlRun(Base):
    """One spider's part of one cycle, with the counts a user needs to trust the crawl."""

    __tablename__ = "crawl_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    cycle_id: Mapped[str] = mapped_column(String(64), index=True)
    spider: Mapped[str] = mapped_column(String(64))
    started_at: Mapped[datetime] = mapped_column(DateTime)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime)
    requests: Mapped[int] = mapped_column(Integer, default=0)
    pages: Mapped[int] = mapped_column(Integer, default=0)
    articles_seen: Mapped[int] = mapped_column(Integer, default=0)
    new_articles: Mapped[int] = mapped_column(Integer, default=0)
    new_versions: Mapped[int] = mapped_column(Integer, default=0)
    not_modified: Mapped[int] = mapped_column(Integer, default=0)
    unchanged: Mapped[int] = mapped_column(Integer, default=0)
    irrelevant: Mapped[int] = mapped_column(Integer, default=0)
    problems: Mapped[int] = mapped_column(Integer, default=0)
    errors: Mapped[int] = mapped_column(Integer, default=0)
    outcome: Mapped[str] = mapped_column(String(16), default="running")
    detail: Mapped[str] = mapped_column(Text, default="")


class SkippedUrl(Base):
    """An article URL that was fetched and judged not about a park: remembered, so list pages
    that keep linking it do not cost a request every cycle."""

    __tablename__ = "skipped_urls"

    url: Mapped[str] = mapped_column(String(1024), primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id"))
    reason: Mapped[str] = mapped_column(String(64))
    first_seen: Mapped[datetime] = mapped_column(DateTime)
