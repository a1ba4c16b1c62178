"""The first cycle's baseline: record what the sites already say, alert none of it.

The first crawl of an empty store finds every article and every figure "new" (thousands after
a backfill); alerting them all buries the first real change. A baseline cycle records
everything as usual and marks each change not yet delivered anywhere as delivered on the
pseudo-channel `baseline`, which every real channel treats as already sent. Later cycles alert
only what moved after it.
"""

from __future__ import annotations

import logging
from collections import Counter

from sqlalchemy import exists, select

from db.models import Change, ChangeDelivery
from db.store import Store, utcnow

log = logging.getLogger(__name__)

#: The `change_deliveries.channel` of changes recorded by a baseline cycle instead of alerted.
BASELINE_CHANNEL = "baseline"
#: `[alerts] first_cycle` values: "baseline" records the first cycle silently, "alert" sends it all.
FIRST_CYCLE_MODES = ("baseline", "alert")


def store_has_deliveries(store: Store) -> bool:
    """Whether any change was ever delivered (or baselined): if not, the next cycle is the first."""
    with store.session() as session:
        return session.scalar(select(exists().where(ChangeDelivery.id.is_not(None)))) or False


def mark_baseline(store: Store) -> Counter[str]:
    """Mark every change that no channel has delivered as baselined; counts by kind. Possible
    changes are left out: no channel ever sends them, so there is nothing to hold back."""
    now = utcnow()
    with store.session() as session:
        delivered = select(ChangeDelivery.change_id)
        pending = list(session.execute(
            select(Change.id, Change.kind).where(Change.id.not_in(delivered), Change.possible.is_(False))
        ))
        session.add_all(ChangeDelivery(change_id=change_id, channel=BASELINE_CHANNEL, delivered_at=now) for change_id, _ in pending)
    return Counter(kind for _, kind in pending)
