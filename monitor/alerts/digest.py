"""The digest: one message for a batch of changes, grouped by park, as plain text and HTML.

The moved figures come first in each park, because they are what the reader pays attention to;
each change carries what a reader needs to trust it without opening the store: old → new, the
delta, the period, the source and date, a link and the quote.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from monitor.diff.change_view import ChangeView
from monitor.diff.kinds import ARTICLE_REVISED, FIGURE_CHANGED, FIGURE_NEW, NEW_ARTICLE, SOURCE_FAILING
from db.gazetteer import load_gazetteer

PRODUCT = "Hainan Park Monitor"
KIND_ORDER = {FIGURE_CHANGED: 0, FIGURE_NEW: 1, ARTICLE_REVISED: 2, NEW_ARTICLE: 3, SOURCE_FAILING: 4}


@dataclass(frozen=True)
class ParkGroup:
    park: str | None
    title: str
    changes: list[ChangeView]


def group_by_park(changes: Sequence[ChangeView]) -> list[ParkGroup]:
    """Parks by name, then the changes no park owns (failing sources, general news)."""
    parks: dict[str | None, list[ChangeView]] = {}
    for change in changes:
        parks.setdefault(change.park, []).append(change)
    groups = [
        ParkGroup(park, park_title(park), sorted(items, key=lambda c: (KIND_ORDER.get(c.kind, 9), c.id)))
        for park, items in parks.items()
    ]
    return sorted(groups, key=lambda group: (group.park is None, group.title))


def park_title(park: str | None) -> str:
    """"English name (中文名)"; the id when the gazetteer does not know the park."""
    if park is None:
        return "Sources and other news"
    known = load_gazetteer().get(park)
    return f"{known.name_en} ({known.name_zh})" if known else park


def subject(changes: Sequence[ChangeView]) -> str:
    groups = group_by_park(changes)
    moved = sum(change.kind == FIGURE_CHANGED for change in changes)
    text = f"[{PRODUCT}] {len(changes)} change{'s' if len(changes) != 1 else ''}"
    if moved:
        text += f", {moved} figure{'s' if moved != 1 else ''} moved"
    named = [group for group in groups if group.park is not None]
    if named:
        known = load_gazetteer().get(named[0].park or "")
        text += f": {known.name_zh if known else named[0].title}"
        if len(named) > 1:
            text += f" +{len(named) - 1} park{'s' if len(named) > 2 else ''}"
    return text


def text_digest(changes: Sequence[ChangeView]) -> str:
    lines = [f"{PRODUCT}: {len(changes)} new change{'s' if len(changes) != 1 else ''}", ""]
    for group in group_by_park(changes):
        lines += [group.title, "=" * min(len(group.title), 72)]
        for change in group.changes:
            lines.append(f"* {change.headline}")
            lines += [f"  {part}" for part in (change.context, change.article_url) if part]
            if change.old_article_url:
                lines.append(f"  previously: {change.old_article_url}")
            if change.quote:
                lines.append(f"  «{change.quote}»")
        lines.append("")
    return "\n".join(lines)


def html_digest(changes: Sequence[ChangeView]) -> str:
    parts = [
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">',
        f"<title>{escape(subject(changes))}</title></head>",
        '<body style="font-family: sans-serif; line-height: 1.4">',
        f"<h1 style=\"font-size: 1.2em\">{escape(PRODUCT)}: {len(changes)} new change{'s' if len(changes) != 1 else ''}</h1>",
    ]
    for group in group_by_park(changes):
        parts.append(f'<h2 style="font-size: 1.05em">{escape(group.title)}</h2><ul>')
        for change in group.changes:
            item = [f"<strong>{escape(change.headline)}</strong>"]
            if change.context:
                item.append(f"<br><small>{escape(change.context)}</small>")
            if change.article_url:
                link_text = change.title if change.metric and change.title else change.article_url
                item.append(f'<br><a href="{escape(change.article_url)}">{escape(link_text)}</a>')
            if change.old_article_url:
                old = escape(change.old_article_url)
                item.append(f'<br><small>previously: <a href="{old}">{old}</a></small>')
            if change.quote:
                item.append(f'<blockquote style="margin: 0.3em 0 0.6em 1em; color: #444">«{escape(change.quote)}»</blockquote>')
            parts.append(f"<li>{''.join(item)}</li>")
        parts.append("</ul>")
    parts.append("</body></html>")
    return "\n".join(parts)
