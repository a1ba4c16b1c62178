"""Where a channel's alerts start: a new channel gets the changes from the time it is first seen.

Without this, adding `[alerts.email]` to a store that has run for a year sends one digest of
thousands of changes (which a mail server may refuse as too big, so it never arrives).
`alerts backfill CHANNEL --since DATE` moves the start back on request.
"""

from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from db.models import AlertChannelStart, Change
from db.store import Store, utcnow

log = logging.getLogger(__name__)


def channel_start(store: Store, name: str, first_seen: datetime | None = None) -> datetime:
    """The channel's start, recorded as `first_seen` (default now, UTC) the first time it is asked."""
    with store.session() as session:
        known = session.get(AlertChannelStart, name)
        if known is not None:
            return known.first_seen
    start = first_seen or utcnow()
    try:
        with store.session() as session:
            session.add(AlertChannelStart(name=name, first_seen=start))
    except IntegrityError:  # another process recorded it first: theirs counts
        with store.session() as session:
            recorded = session.get(AlertChannelStart, name)
            assert recorded is not None
            return recorded.first_seen
    with store.session() as session:
        older = session.scalar(
            select(func.count()).select_from(Change).where(Change.detected_at < start, Change.possible.is_(False))
        ) or 0
    if older:
        log.warning(
            "alerts: new channel %s starts with the changes detected from %s UTC on; its %d older change(s) are not sent "
            "(`hainan-monitor alerts backfill %s --since YYYY-MM-DD` sends them)",
            name, start.isoformat(sep=" ", timespec="seconds"), older, name,
        )
    return start


def move_start_back(store: Store, name: str, since: datetime) -> datetime:
    """Start the channel at `since` if that is earlier (backfill); returns the new start."""
    current = channel_start(store, name, first_seen=since)
    if since < current:
        with store.session() as session:
            row = session.get(AlertChannelStart, name)
            assert row is not None
            row.first_seen = since
        return since
    return current
