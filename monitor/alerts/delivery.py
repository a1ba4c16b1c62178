"""Delivery: each channel gets the changes it has not accepted yet, from its start on.

A change is marked delivered on a channel (`change_deliveries`) as soon as that channel accepted
the batch holding it, in a transaction of its own; a channel that fails keeps the rest pending
for the next cycle, and never stops the other channels or the cycle. A channel is sent only the
changes detected since it was first seen (channel_start.py).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from db.models import ChangeDelivery
from db.store import Store, utcnow
from monitor.alerts.channel import AlertChannel, ChannelError, build_channel
from monitor.alerts.channel_start import channel_start
from monitor.config import ConfigError
from monitor.diff.change_view import ChangeFilter, ChangeView, load_changes

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class DeliveryOutcome:
    channel: str
    sent: int
    error: str | None = None
    pending: int = 0


def deliver_pending(store: Store, alerts: dict[str, dict[str, Any]], cycle_started: datetime | None = None) -> list[DeliveryOutcome]:
    """Send each configured channel its pending changes; one outcome per channel.

    `cycle_started` (UTC) is where a channel first seen in this cycle starts, so it gets this
    cycle's changes too; without it, a new channel starts now.
    """
    outcomes = []
    for kind, settings in alerts.items():
        try:
            channel = build_channel(kind, settings)
        except ConfigError as exc:
            log.error("alerts: %s; [alerts.%s] is skipped, its changes stay pending", exc, kind)
            outcomes.append(DeliveryOutcome(kind, 0, str(exc)))
            continue
        outcomes.append(deliver_to(store, channel, since=channel_start(store, channel.name, cycle_started)))
    return outcomes


def pending_changes(store: Store, channel: str, since: datetime) -> list[ChangeView]:
    """The changes detected from `since` (UTC) on that `channel` has not accepted, oldest first."""
    with store.session() as session:
        return load_changes(session, ChangeFilter(detected_from=since, undelivered_on=channel))


def deliver_to(store: Store, channel: AlertChannel, since: datetime) -> DeliveryOutcome:
    changes = pending_changes(store, channel.name, since)
    if not changes:
        return DeliveryOutcome(channel.name, 0)
    delivered = 0

    def accepted(batch: Sequence[ChangeView]) -> None:
        nonlocal delivered
        now = utcnow()
        with store.session() as session:
            session.add_all(ChangeDelivery(change_id=change.id, channel=channel.name, delivered_at=now) for change in batch)
        delivered += len(batch)

    try:
        channel.deliver(changes, accepted)
    except ChannelError as exc:
        error = str(exc)
    except Exception as exc:  # a broken channel must not stop the others or the cycle
        log.debug("channel %s crashed", channel.name, exc_info=True)
        error = f"{channel.name}: unexpected {type(exc).__name__}: {exc}"
    else:
        log.info("alerts: %d change(s) delivered by %s", delivered, channel.name)
        return DeliveryOutcome(channel.name, delivered)
    pending = len(changes) - delivered
    done = f"{delivered} delivered, " if delivered else ""
    log.error("%s; %s%d change(s) stay pending for the next cycle", error, done, pending)
    return DeliveryOutcome(channel.name, delivered, error, pending)
