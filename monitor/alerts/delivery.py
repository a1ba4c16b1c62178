"""Exactly-once delivery: each channel gets the changes it has not accepted yet.

A change is marked delivered on a channel (`change_deliveries`) only after that channel accepted
it, in a transaction of its own; a channel that fails keeps its changes pending for the next
cycle, and never stops the other channels or the cycle.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from db.models import ChangeDelivery
from db.store import Store, utcnow
from monitor.alerts.channel import AlertChannel, ChannelError, build_channel
from monitor.config import ConfigError
from monitor.diff.change_view import ChangeFilter, load_changes

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class DeliveryOutcome:
    channel: str
    sent: int
    error: str | None = None


def deliver_pending(store: Store, alerts: dict[str, dict[str, Any]]) -> list[DeliveryOutcome]:
    """Send each configured channel its pending changes; one outcome per channel."""
    outcomes = []
    for kind, settings in alerts.items():
        try:
            channel = build_channel(kind, settings)
        except ConfigError as exc:
            log.error("alerts: %s; [alerts.%s] is skipped, its changes stay pending", exc, kind)
            outcomes.append(DeliveryOutcome(kind, 0, str(exc)))
            continue
        outcomes.append(deliver_to(store, channel))
    return outcomes


def deliver_to(store: Store, channel: AlertChannel) -> DeliveryOutcome:
    with store.session() as session:
        changes = load_changes(session, ChangeFilter(undelivered_on=channel.name))
    if not changes:
        return DeliveryOutcome(channel.name, 0)
    try:
        channel.send(changes)
    except ChannelError as exc:
        error = str(exc)
    except Exception as exc:  # a broken channel must not stop the others or the cycle
        log.debug("channel %s crashed", channel.name, exc_info=True)
        error = f"{channel.name}: unexpected {type(exc).__name__}: {exc}"
    else:
        now = utcnow()
        with store.session() as session:
            session.add_all(ChangeDelivery(change_id=change.id, channel=channel.name, delivered_at=now) for change in changes)
        log.info("alerts: %d change(s) delivered by %s", len(changes), channel.name)
        return DeliveryOutcome(channel.name, len(changes))
    log.error("%s; %d change(s) stay pending for the next cycle", error, len(changes))
    return DeliveryOutcome(channel.name, 0, error)
