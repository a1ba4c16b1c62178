"""`hainan-monitor status`: the last cycles, the next run, pending alerts, each source's health."""

from __future__ import annotations

from datetime import datetime

import click

from monitor.cli.app import App, pass_app
from monitor.cli.display import Column, print_json, print_table, say, wide_option
from monitor.query.status_report import StatusReport, build_status

__all__ = ["status_command"]


@click.command("status")
@click.option("--cycles", "cycle_count", type=click.IntRange(min=1), default=5, show_default=True, help="How many recent cycles to show.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@wide_option
@pass_app
def status_command(app: App, cycle_count: int, as_json: bool, wide: bool) -> None:
    """Is the monitor running, did its last cycles work, what is waiting to be sent."""
    report = build_status(app.config, app.db_url, app.store, cycles=cycle_count)
    if as_json:
        print_json(report.as_dict())
        return
    print_report(report, wide=wide)


def print_report(report: StatusReport, wide: bool = False) -> None:
    daemon = report.daemon
    say(f"daemon: running (pid {daemon['pid']}, since {daemon['started_at']})" if daemon else "daemon: not running")
    running = report.cycle_running
    if running:
        say(f"cycle running now: pid {running['pid']}, `{running['command']}`, since {running['started_at']}")
    schedule = report.schedule
    say(f"next scheduled run: {schedule['next_run']} (cron {schedule['cron']!r}, {schedule['timezone']})")
    say()
    print_table(
        "last cycles (times UTC)",
        [
            Column("cycle", "token"), Column("started", "token", drop=3), Column("took", "token", drop=4),
            Column("outcome", "token"), Column("requests", "token"), Column("new\narticles", "token"),
            Column("new\nversions", "token"), Column("304s", "token", drop=5), Column("errors", "token", drop=2),
            Column("spiders", "text", drop=6),
        ],
        [
            [
                cycle.cycle_id, _minute(cycle.started_at), _took(cycle.started_at, cycle.finished_at), cycle.outcome,
                cycle.requests, cycle.new_articles, cycle.new_versions, cycle.not_modified, cycle.errors,
                ", ".join(f"{name} {outcome}" for name, outcome in cycle.spiders.items()),
            ]
            for cycle in report.cycles
        ],
        wide=wide,
    )
    if not report.cycles:
        say("no cycle has run yet (`hainan-monitor crawl` runs one)")
    say()
    if report.pending_alerts:
        pending = ", ".join(f"{channel} {count}" for channel, count in report.pending_alerts.items())
        say(f"pending alerts: {pending} (of {report.changes_total} changes)")
    else:
        say(f"pending alerts: no alert channel configured ([alerts.*] in the config); {report.changes_total} changes recorded")
    say()
    print_table(
        "sources (times UTC)",
        [
            Column("source", "token"), Column("health", "token"), Column("last\noutcome", "token", drop=3),
            Column("last run", "token"), Column("last success", "token"),
            Column("failures\nin a row", "token", drop=2), Column("failing since", "token", drop=1),
        ],
        [
            [s.source, s.health, s.last_outcome or "-", _minute(s.last_run), _minute(s.last_success),
             s.consecutive_failures, _minute(s.failing_since)]
            for s in report.sources
        ],
        wide=wide,
    )


def _minute(moment: str | None) -> str:
    """"2024-07-05T10:20:30Z" → "2024-07-05 10:20": the seconds only cost width."""
    return moment[:16].replace("T", " ") if moment else "-"


def _took(started: str, finished: str | None) -> str:
    if not finished:
        return "-"
    seconds = int((datetime.fromisoformat(finished.rstrip("Z")) - datetime.fromisoformat(started.rstrip("Z"))).total_seconds())
    return f"{seconds // 60}m{seconds % 60:02d}s" if seconds >= 60 else f"{seconds}s"
