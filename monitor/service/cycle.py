"""One monitoring cycle: crawl → store → extract → diff → alert (DESIGN.md).

Each stage reads what the previous one committed, so a crash loses at most the work in flight
and the next cycle (or `reextract`) finishes the job.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select

from db.models import CrawlRun
from db.park_table import sync_parks
from db.store import Store, utcnow
from monitor.alerts import DeliveryOutcome, deliver_pending
from monitor.config import Config
from monitor.diff import detect_changes
from monitor.diff.change_view import count_possible
from monitor.service.crawl_runner import CrawlJob, resolve_spiders, run_crawl_in_child
from monitor.service.cycle_lock import exclusive_cycle
from monitor.service.baseline import mark_baseline, store_has_deliveries
from monitor.service.figure_stage import extract_pending
from scraper.store_failure import STORE_FAILED

log = logging.getLogger(__name__)


@dataclass
class CycleResult:
    cycle_id: str
    started_at: datetime
    runs: list[CrawlRun] = field(default_factory=list)
    crawl_exit: int = 0
    figures: int = 0
    changes: int = 0
    #: Changes detected in this cycle, by kind (new_article, figure_new, …).
    change_kinds: dict[str, int] = field(default_factory=dict)
    #: Of those, the possible ones (a figure whose park the sentence did not name): never alerted.
    possible: int = 0
    #: Changes recorded silently as this cycle's baseline (first cycle, `crawl --baseline`), by kind.
    baselined: dict[str, int] = field(default_factory=dict)
    deliveries: list[DeliveryOutcome] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Every spider finished (possibly with warnings) and the crawl process did not crash."""
        return self.crawl_exit == 0 and bool(self.runs) and all(run.outcome != "failed" for run in self.runs)

    @property
    def changes_summary(self) -> str:
        """"15 changes (6 new articles, 9 first figures)": the count alone reads as one per figure."""
        summary = count_changes(self.changes, self.change_kinds)
        return summary + (f"; {self.possible} of them possible, not alerted" if self.possible else "")

    @property
    def baseline_summary(self) -> str | None:
        """The one line a baseline cycle says instead of alerting, or None for a normal cycle."""
        if not self.baselined:
            return None
        total = sum(self.baselined.values())
        return (
            f"baseline: {total} change{'s' if total != 1 else ''} recorded, none alerted (first cycle); "
            "later cycles alert only what changes after this"
        )


#: How each change kind reads in a count ("6 new articles").
KIND_WORDS = {
    "new_article": ("new article", "new articles"),
    "article_revised": ("revised article", "revised articles"),
    "figure_new": ("first figure", "first figures"),
    "figure_changed": ("moved figure", "moved figures"),
    "source_failing": ("failing source", "failing sources"),
}


def count_changes(total: int, kinds: dict[str, int]) -> str:
    words = [
        f"{n} {KIND_WORDS.get(kind, (kind, kind))[n != 1]}"
        for kind, n in sorted(kinds.items(), key=lambda item: list(KIND_WORDS).index(item[0]) if item[0] in KIND_WORDS else 99)
        if n
    ]
    return f"{total} change{'s' if total != 1 else ''}" + (f" ({', '.join(words)})" if words else "")


def new_cycle_id() -> str:
    return datetime.now().strftime("%Y%m%d-%H%M%S-") + uuid.uuid4().hex[:6]


def run_cycle(
    store: Store,
    config: Config,
    spiders: tuple[str, ...] = (),
    mirror: str | None = None,
    revisit: str = "due",
    log_level: str = "WARNING",
    extra_settings: dict[str, object] | None = None,
    baseline: bool | None = None,
) -> CycleResult:
    """One cycle. `baseline`: True records its changes without alerting them; None decides by
    `[alerts] first_cycle` ("baseline" by default: a store that never delivered a change)."""
    started_utc = utcnow()  # where an alert channel first seen in this cycle starts
    result = CycleResult(cycle_id=new_cycle_id(), started_at=datetime.now())
    job = CrawlJob(
        db_url=store.url,
        cycle_id=result.cycle_id,
        spiders=resolve_spiders(spiders, config.crawl, mirror),
        mirror=mirror,
        revisit=revisit,
        crawl=config.crawl,
        log_level=log_level,
        extra_settings=extra_settings or {},
    )
    with exclusive_cycle(store) as lock:  # one cycle at a time (monitor/cycle_lock.py)
        log.info("cycle %s: crawling %s%s", result.cycle_id, ", ".join(job.spiders), f" via mirror {mirror}" if mirror else "")
        result.crawl_exit = run_crawl_in_child(job, on_start=lock.record_child)
        with store.session() as session:
            result.runs = list(session.scalars(select(CrawlRun).where(CrawlRun.cycle_id == result.cycle_id).order_by(CrawlRun.id)))
        if any(f'"finish_reason": "{STORE_FAILED}"' in (run.detail or "") for run in result.runs):
            # The crawl said why in one line; the later stages would only fail the same way.
            return result
        sync_parks(store)
        result.figures = extract_pending(store)
        kinds = detect_changes(store, result.cycle_id)
        result.change_kinds, result.changes = dict(kinds), sum(kinds.values())
        result.possible = count_possible(store, since=started_utc)
        if baseline is None:
            baseline = config.first_cycle == "baseline" and not store_has_deliveries(store)
        if baseline:
            result.baselined = dict(mark_baseline(store))
            if result.baselined:
                log.info("%s", result.baseline_summary)
        result.deliveries = deliver_pending(store, config.alerts, cycle_started=started_utc)
    return result
