"""What `hainan-monitor status` reports: is it running, did it work, what is waiting, which
source is sick. Read-only, from the store, the lock files and the configured schedule.

Cycles are the `crawl_runs` rows grouped by `cycle_id`; a source's health is read from its own
runs, newest first: the last outcome, the last run that fetched something (ok or degraded) and
how many failed runs in a row precede it. Interrupted runs (a cycle stopped or killed) say
nothing about the site, so they neither count as failures nor break a streak.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict, dataclass, field
from datetime import datetime
from itertools import groupby

from sqlalchemy import func, select

from db.models import AlertChannelStart, Change, ChangeDelivery, CrawlRun, Source
from db.store import Store
from monitor.config import Config
from monitor.service.baseline import BASELINE_CHANNEL
from monitor.service.crawl_runner import available_spiders
from monitor.service.cycle_lock import CYCLE, DAEMON, INTERRUPTED, current_holder, lock_path
from monitor.service.scheduler import next_run_time

SUCCESS = ("ok", "degraded")
FAILED = "failed"


@dataclass
class CycleSummary:
    cycle_id: str
    started_at: str
    finished_at: str | None
    outcome: str
    spiders: dict[str, str]
    requests: int = 0
    new_articles: int = 0
    new_versions: int = 0
    not_modified: int = 0
    errors: int = 0


@dataclass
class SourceHealth:
    source: str
    health: str
    last_outcome: str | None = None
    last_run: str | None = None
    last_success: str | None = None
    consecutive_failures: int = 0
    failing_since: str | None = None


@dataclass
class StatusReport:
    daemon: dict[str, object] | None
    cycle_running: dict[str, object] | None
    schedule: dict[str, object]
    cycles: list[CycleSummary] = field(default_factory=list)
    pending_alerts: dict[str, int] = field(default_factory=dict)
    changes_total: int = 0
    sources: list[SourceHealth] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def build_status(config: Config, db_url: str, store: Store, cycles: int = 5) -> StatusReport:
    daemon = current_holder(lock_path(db_url, DAEMON))
    running = current_holder(lock_path(db_url, CYCLE))
    next_run = next_run_time(config.schedule)
    report = StatusReport(
        daemon=daemon.as_dict() if daemon else None,
        cycle_running=running.as_dict() if running else None,
        schedule={
            "cron": config.schedule.cron,
            "timezone": config.schedule.timezone,
            "next_run": next_run.isoformat(timespec="seconds") if next_run else None,
        },
    )
    with store.session() as session:
        report.cycles = _recent_cycles(session, cycles, running_now=running is not None)
        report.changes_total = session.scalar(select(func.count()).select_from(Change)) or 0
        report.pending_alerts = {channel: _pending(session, channel) for channel in config.alerts}
        report.sources = _source_health(session, config.crawl.sources)
    return report


def _pending(session, channel: str) -> int:  # type: ignore[no-untyped-def]
    """Changes the channel has not accepted yet (no `change_deliveries` row for it, nor the first cycle's baseline), from the
    channel's start on (a channel not seen by a cycle yet starts at the next one: none pending)."""
    start = session.get(AlertChannelStart, channel)
    if start is None:
        return 0
    delivered = select(ChangeDelivery.change_id).where(ChangeDelivery.channel.in_((channel, BASELINE_CHANNEL)))
    pending = select(func.count()).select_from(Change).where(
        Change.id.not_in(delivered), Change.detected_at >= start.first_seen, Change.possible.is_(False)  # never sent
    )
    return session.scalar(pending) or 0


def _recent_cycles(session, limit: int, running_now: bool) -> list[CycleSummary]:  # type: ignore[no-untyped-def]
    latest = (
        select(CrawlRun.cycle_id, func.min(CrawlRun.started_at).label("started"))
        .group_by(CrawlRun.cycle_id)
        .order_by(func.min(CrawlRun.started_at).desc())
        .limit(limit)
        .subquery()
    )
    runs = session.scalars(
        select(CrawlRun).join(latest, latest.c.cycle_id == CrawlRun.cycle_id).order_by(latest.c.started.desc(), CrawlRun.id)
    )
    summaries = []
    for cycle_id, group in groupby(runs, key=lambda run: run.cycle_id):
        cycle_runs = list(group)
        outcomes = {run.spider: run.outcome for run in cycle_runs}
        finished = [run.finished_at for run in cycle_runs]
        summaries.append(
            CycleSummary(
                cycle_id=cycle_id,
                started_at=_iso(min(run.started_at for run in cycle_runs)),
                finished_at=_iso(max(finished)) if all(finished) else None,  # type: ignore[type-var]
                outcome=_cycle_outcome(list(outcomes.values()), running_now and not summaries),
                spiders=outcomes,
                requests=sum(run.requests for run in cycle_runs),
                new_articles=sum(run.new_articles for run in cycle_runs),
                new_versions=sum(run.new_versions for run in cycle_runs),
                not_modified=sum(run.not_modified for run in cycle_runs),
                errors=sum(run.errors for run in cycle_runs),
            )
        )
    return summaries


def _cycle_outcome(outcomes: list[str], may_be_running: bool) -> str:
    if "running" in outcomes:
        return "running" if may_be_running else INTERRUPTED
    for outcome in (INTERRUPTED, FAILED, "degraded"):
        if outcome in outcomes:
            return outcome
    return "ok"


def _source_health(session, declared: dict | None = None) -> list[SourceHealth]:  # type: ignore[no-untyped-def]
    by_spider: dict[str, list[CrawlRun]] = defaultdict(list)
    for run in session.scalars(select(CrawlRun).order_by(CrawlRun.started_at.desc(), CrawlRun.id.desc())):
        by_spider[run.spider].append(run)
    failing = {source.name: source.failing_since for source in session.scalars(select(Source))}
    names = sorted(set(available_spiders(declared)) | set(by_spider))
    return [_health(name, by_spider.get(name, []), failing.get(name)) for name in names]


def _health(name: str, runs: list[CrawlRun], failing_since: datetime | None) -> SourceHealth:
    telling = [run for run in runs if run.outcome not in ("running", INTERRUPTED)]
    if not telling:
        return SourceHealth(source=name, health="never run" if not runs else "unknown", last_run=_iso(runs[0].started_at) if runs else None)
    streak = 0
    for run in telling:
        if run.outcome != FAILED:
            break
        streak += 1
    success = next((run for run in telling if run.outcome in SUCCESS), None)
    last = telling[0]
    return SourceHealth(
        source=name,
        health="failing" if streak else last.outcome,
        last_outcome=last.outcome,
        last_run=_iso(last.started_at),
        last_success=_iso(success.started_at) if success else None,
        consecutive_failures=streak,
        failing_since=_iso(failing_since) if failing_since else None,
    )


def _iso(moment: datetime | None) -> str | None:
    """Stored timestamps are naive UTC; say so, as the other commands do."""
    return moment.isoformat(timespec="seconds") + "Z" if moment else None
