"""An Atom feed (RFC 4287) of the changes: one entry per change, newest first.

A feed reader is how a colleague "just follows the changes": each entry names the park, the metric,
old → new, the period, the quote and links to the article. Entry ids are `tag:` URIs built from the
change's id and detection date, so they never change and a reader never shows an entry twice.

The document is built with lxml (already installed with Scrapy) so text is escaped correctly and
Chinese stays UTF-8; `merge_entries` lets the `[alerts.feed]` channel add a cycle's changes to the
file it wrote before and keep only the newest N.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from pathlib import Path

from lxml import etree

from monitor.alerts.digest import park_title
from monitor.diff.change_view import ChangeView

ATOM_NS = "http://www.w3.org/2005/Atom"
_A = f"{{{ATOM_NS}}}"
TAG_AUTHORITY = "hainan-park-monitor"
FEED_ID = f"tag:{TAG_AUTHORITY},2024:changes"
FEED_TITLE = "Hainan Park Monitor: changes"
KIND_SCHEME = "https://hainan-park-monitor/kind"
PARK_SCHEME = "https://hainan-park-monitor/park"
METRIC_SCHEME = "https://hainan-park-monitor/metric"
DEFAULT_ENTRIES = 100
#: Characters XML 1.0 forbids (control characters a scraped page may still carry).
_XML_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


class FeedFileError(ValueError):
    """An existing file is not an Atom feed this program can add to (so it is left as it was)."""


def entry_id(change: ChangeView) -> str:
    """`tag:hainan-park-monitor,2024-09-12:change/42`: stable for the life of the change."""
    return f"tag:{TAG_AUTHORITY},{change.detected_at[:10]}:change/{change.id}"


def entry_title(change: ChangeView) -> str:
    """"Guangdong-Hainan … Park (广东海南…): projects landed 27 → 49 (+22, +81%)"."""
    return f"{park_title(change.park)}: {change.headline}"


def entry_text(change: ChangeView) -> str:
    """The entry's plain-text content: what moved, when and where it was reported, the quote, the link."""
    lines = [change.headline]
    if change.context:
        lines.append(change.context)
    if change.quote:
        lines.append(f"«{change.quote}»")
    if change.article_url:
        lines.append(change.article_url)
    if change.old_article_url:
        lines.append(f"previously: {change.old_article_url}")
    return "\n".join(lines)


def build_entry(change: ChangeView) -> etree._Element:
    entry = etree.Element(_A + "entry", nsmap={None: ATOM_NS})
    _text(entry, "id", entry_id(change))
    _text(entry, "title", entry_title(change))
    _text(entry, "updated", change.detected_at)
    author = etree.SubElement(entry, _A + "author")
    _text(author, "name", change.publisher or change.source or "Hainan Park Monitor")
    if change.article_url:
        etree.SubElement(entry, _A + "link", rel="alternate", href=change.article_url)
    if change.old_article_url:
        etree.SubElement(entry, _A + "link", rel="related", href=change.old_article_url)
    etree.SubElement(entry, _A + "category", term=change.kind, scheme=KIND_SCHEME)
    if change.park:
        etree.SubElement(entry, _A + "category", term=change.park, scheme=PARK_SCHEME, label=park_title(change.park))
    if change.metric:
        etree.SubElement(entry, _A + "category", term=change.metric, scheme=METRIC_SCHEME)
    content = _text(entry, "content", entry_text(change))
    content.set("type", "text")
    return entry


def build_feed(entries: Iterable[etree._Element], *, self_url: str | None = None) -> etree._Element:
    """The feed element around `entries` (already newest first); `updated` is the newest entry's."""
    listed = list(entries)
    feed = etree.Element(_A + "feed", nsmap={None: ATOM_NS})
    _text(feed, "id", FEED_ID)
    _text(feed, "title", FEED_TITLE)
    newest = max((_updated(entry) for entry in listed), default=None)
    _text(feed, "updated", newest or datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"))
    author = etree.SubElement(feed, _A + "author")
    _text(author, "name", "Hainan Park Monitor")
    _text(feed, "generator", "hainan-park-monitor")
    if self_url:
        etree.SubElement(feed, _A + "link", rel="self", href=self_url)
    feed.extend(listed)
    return feed


def feed_of(changes: Sequence[ChangeView], *, limit: int = DEFAULT_ENTRIES, self_url: str | None = None) -> etree._Element:
    """The feed of the newest `limit` of `changes` (given oldest first, as `load_changes` returns them)."""
    newest_first = list(reversed(changes))[:limit] if limit > 0 else []
    return build_feed((build_entry(change) for change in newest_first), self_url=self_url)


def merge_entries(path: Path, changes: Sequence[ChangeView], *, limit: int, self_url: str | None = None) -> etree._Element:
    """The feed at `path` with `changes` added on top (an entry with the same id is replaced),
    cut to the newest `limit` entries. A missing or empty file counts as an empty feed."""
    fresh = [build_entry(change) for change in reversed(changes)]
    fresh_ids = {_id(entry) for entry in fresh}
    kept = [entry for entry in read_entries(path) if _id(entry) not in fresh_ids]
    return build_feed((fresh + kept)[:limit], self_url=self_url)


def read_entries(path: Path) -> list[etree._Element]:
    """The entries of the Atom feed at `path`; FeedFileError when it holds something else."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return []
    if not data.strip():
        return []
    try:
        root = etree.fromstring(data, parser=etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError as exc:
        raise FeedFileError(f"{path} is not an Atom feed ({exc}); move it away or choose another path") from None
    if root.tag != _A + "feed":
        raise FeedFileError(f"{path} is not an Atom feed (its root element is <{etree.QName(root).localname}>)")
    return list(root.iterfind(_A + "entry"))


def write_feed(feed: etree._Element, path: Path) -> None:
    """Write atomically (a temporary file renamed over the old one): a reader never sees half a feed."""
    data = feed_bytes(feed)
    path = path.expanduser()
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def feed_bytes(feed: etree._Element) -> bytes:
    return etree.tostring(feed, xml_declaration=True, encoding="utf-8", pretty_print=True)


def _text(parent: etree._Element, name: str, text: str) -> etree._Element:
    element = etree.SubElement(parent, _A + name)
    element.text = _XML_UNSAFE.sub("", text)
    return element


def _id(entry: etree._Element) -> str:
    return entry.findtext(_A + "id") or ""


def _updated(entry: etree._Element) -> str:
    return entry.findtext(_A + "updated") or ""
