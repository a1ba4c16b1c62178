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
from monitor.diff.version_changes import diff_version, pending_versions

log = logging.getLogger(__name__)


def detect_changes(store: Store, cycle_id: str | None = None) -> Counter[str]:
    """Diff every pending version (and, for a cycle, its sources' health); counts by kind."""
    now = utcnow()
    counts: Counter[str] = Counter()
    for version_id in pending_versions(store):
        counts.update(diff_version(store, version_id, now))
    if cycle_id is not None:
        counts[SOURCE_FAILING] += check_sources(store, cycle_id, now)
    if counts.total():
        log.info("changes detected: %s", ", ".join(f"{n} {kind}" for kind, n in sorted(counts.items()) if n))
    return +counts
