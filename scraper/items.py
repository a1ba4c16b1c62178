"""The crawler's records: the article item spiders yield, and what a re-check knows of an article.

One dataclass is both the Scrapy item and what the store persists (`db.store.Store.save` takes
any object with these fields), so no field is copied from one record to another on the way.
The item's text is normalised when it is made: deciding what counts as a new version (visit
counters, share widgets and clocks are not) is the crawl's knowledge of the portals, and the
store only compares the hash it is handed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from db.store import utcnow
from scraper.normalise import content_hash, normalise_text


@dataclass
class ArticleItem:
    url: str  # canonical
    source: str  # spider name (the host's owner)
    host: str
    language: str
    title: str
    text: str  # normalised on construction
    html: str
    published: date | None = None
    publisher: str | None = None  # the article's own "Source:" line
    column_name: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    #: field -> parsing layer that produced it (meta, selectors, generic, url, default)
    layers: dict[str, str] = field(default_factory=dict)
    #: The gazetteer parks the article names; set by the relevance pipeline.
    parks: tuple[str, ...] = ()
    #: Whether the article was stored when its request was made: True for a re-check, False for
    #: a link a list page gave that the store did not hold, None when not known (a redirect led
    #: elsewhere). The relevance pipeline keeps a stored article's revision whatever it names,
    #: and asks the store only when this is None.
    stored: bool | None = None
    fetched_at: datetime = field(default_factory=utcnow)
    content_hash: str = field(init=False)

    def __post_init__(self) -> None:
        self.text = normalise_text(self.text)
        self.content_hash = content_hash(self.text)


@dataclass(frozen=True)
class KnownArticle:
    """A stored article as a conditional re-check needs it (its newest version's validators)."""

    url: str
    published: date | None
    last_checked: datetime
    etag: str | None
    last_modified: str | None
