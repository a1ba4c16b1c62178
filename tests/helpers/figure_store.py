"""Building a store the way a crawl and the extractor would: articles saved through
`Store.save`, with the figure rows the extractor would have written for each new version."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from db.models import ArticleVersion, Figure
from db.store import Store
from scraper.items import ArticleItem

GD = "gd-hn-manufacturing"
YP = "yangpu-edz"
UNITS = {"projects_landed": "count", "investment_total": "CNY", "foreign_capital": "USD"}


@dataclass(frozen=True)
class Fig:
    metric: str
    value: float
    park: str | None = GD
    period: str | None = None
    qualifier: str = "actual"
    unit: str | None = None
    quote: str | None = None
    bound: str = "exact"


@dataclass(frozen=True)
class Post:
    """An article as fetched: `text` defaults to something unique per figure set."""

    url: str
    published: date
    figures: tuple[Fig, ...] = ()
    text: str | None = None
    source: str = "hainan_gov_en"
    title: str | None = None
    publisher: str | None = None


@dataclass(frozen=True)
class Step:
    posts: tuple[Post, ...]
    expected: set[tuple] = field(default_factory=set)


def publish(store: Store, post: Post) -> None:
    text = post.text or " ".join(f"{f.park} {f.metric} {f.value} {f.period} {f.qualifier}." for f in post.figures)
    saved = store.save(
        ArticleItem(
            url=post.url, source=post.source, host=f"{post.source}.example", language="en",
            title=post.title or f"Title of {post.url}", text=f"Some article text. {text}", html="<html></html>",
            published=post.published, publisher=post.publisher, parks=(GD,),
        )
    )
    if not saved.new_version:
        return
    with store.session() as session:
        session.add_all(
            Figure(
                version_id=saved.version_id, article_id=saved.article_id, park=f.park, metric=f.metric, value=f.value,
                unit=f.unit or UNITS[f.metric], qualifier=f.qualifier, bound=f.bound, period=f.period,
                quote=f.quote or f"quote {f.metric} {f.value}", extractor_version="test",
            )
            for f in post.figures
        )
        session.get(ArticleVersion, saved.version_id).extracted_with = "test"


def configured_before_the_changes(store: Store, channels: tuple[str, ...] = ("email", "log", "apprise")) -> None:
    """Record the alert channels as first seen now, before the test's changes are detected
    (a channel first seen later starts after them: monitor/alerts/channel_start.py)."""
    from monitor.alerts.channel_start import channel_start

    for name in channels:
        channel_start(store, name)
