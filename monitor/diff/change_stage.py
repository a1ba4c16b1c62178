"""The cycle's diff stage: turn what is new in the store into `changes` rows.

Runs after extraction and reads only what earlier stages committed, so it can be re-run at any
time: versions already diffed and sources already marked failing are left alone.
"""

from __future__ import annotations

import logging
from collections import Counter

from db.store import Store, utcnow
from monitor.diff.kinds import SOURCE_FAILING
from monitor.diff.source_health import check_sources
from monitor.diff.version_changes import diff_versions, pending_versions

log = logging.getLogger(__name__)
#: Versions per transaction: enough to make the per-transaction work small, few enough that a
#: crawl writing to the same SQLite file waits well under a second for the write lock.
BATCH = 200


def detect_changes(store: Store, cycle_id: str | None = None) -> Counter[str]:
    """Diff every pending version (and, for a cycle, its sources' health); counts by kind."""
    now = utcnow()
    counts: Counter[str] = Counter()
    pending = pending_versions(store)
    for start in range(0, len(pending), BATCH):
        counts.update(diff_versions(store, pending[start : start + BATCH], now))
    if cycle_id is not None:
        counts[SOURCE_FAILING] += check_sources(store, cycle_id, now)
    if counts.total():
        log.info("changes detected: %s", ", ".join(f"{n} {kind}" for kind, n in sorted(counts.items()) if n))
    return +counts
