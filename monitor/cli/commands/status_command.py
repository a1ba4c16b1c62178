"""`hainan-monitor status`: the last cycles, the next run, pending alerts, each source's health."""

from __future__ import annotations

import click

from monitor.cli.app import App, pass_app
from monitor.cli.display import print_json, print_table
from monitor.query.status_report import StatusReport, build_status

__all__ = ["status_command"]


@click.command("status")
@click.option("--cycles", "cycle_count", type=click.IntRange(min=1), default=5, show_default=True, help="How many recent cycles to show.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@pass_app
def status_command(app: App, cycle_count: int, as_json: bool) -> None:
    """Is the monitor running, did its last cycles work, what is waiting to be sent."""
    report = build_status(app.config, app.db_url, app.store, cycles=cycle_count)
    if as_json:
        print_json(report.as_dict())
        return
    print_report(report)


def print_report(report: StatusReport) -> None:
    daemon = report.daemon
    click.echo(f"daemon: running (pid {daemon['pid']}, since {daemon['started_at']})" if daemon else "daemon: not running")
    running = report.cycle_running
    if running:
        click.echo(f"cycle running now: pid {running['pid']}, `{running['command']}`, since {running['started_at']}")
    schedule = report.schedule
    click.echo(f"next scheduled run: {schedule['next_run']} (cron {schedule['cron']!r}, {schedule['timezone']})")
    click.echo()
    print_table(
        "last cycles (times UTC)",
        ["cycle", "started", "finished", "outcome", "spiders", "requests", "new articles", "new versions", "304s", "errors"],
        [
            [
                cycle.cycle_id, cycle.started_at, cycle.finished_at or "-", cycle.outcome,
                ", ".join(f"{name} {outcome}" for name, outcome in cycle.spiders.items()),
                cycle.requests, cycle.new_articles, cycle.new_versions, cycle.not_modified, cycle.errors,
            ]
            for cycle in report.cycles
        ],
    )
    if not report.cycles:
        click.echo("no cycle has run yet (`hainan-monitor crawl` runs one)")
    click.echo()
    if report.pending_alerts:
        pending = ", ".join(f"{channel} {count}" for channel, count in report.pending_alerts.items())
        click.echo(f"pending alerts: {pending} (of {report.changes_total} changes)")
    else:
        click.echo(f"pending alerts: no alert channel configured ([alerts.*] in the config); {report.changes_total} changes recorded")
    click.echo()
    print_table(
        "sources",
        ["source", "health", "last outcome", "last run", "last success", "failures in a row", "failing since"],
        [
            [s.source, s.health, s.last_outcome or "-", s.last_run or "-", s.last_success or "-", s.consecutive_failures, s.failing_since or "-"]
            for s in report.sources
        ],
    )
