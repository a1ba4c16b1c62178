"""`hainan-monitor run`: the daemon, monitoring cycles on the configuration's cron schedule."""

from __future__ import annotations

from pathlib import Path

import click

from monitor.cli.app import App, pass_app
from monitor.cli.commands.crawl_options import crawl_options, mirror_origin
from monitor.service.crawl_runner import resolve_spiders
from monitor.service.cycle import CycleResult, run_cycle
from monitor.logging_setup import setup_logging
from monitor.service.scheduler import Daemon

__all__ = ["run_command"]


@click.command("run")
@crawl_options
@click.option("--now", "run_now", is_flag=True, help="Run a cycle at start-up too (or set [schedule] run_at_start = true).")
@click.option("--log-max-mb", type=click.FloatRange(min=0, min_open=True), metavar="MB",
              help="Rotate the log file (--log-file or [logging] file) at this size instead of leaving it to logrotate.")
@click.option("--log-backups", type=click.IntRange(min=1), default=5, show_default=True, help="Rotated log files kept.")
@pass_app
def run_command(
    app: App,
    spiders: tuple[str, ...],
    mirror: str | Path | None,
    revisit: str,
    run_now: bool,
    log_max_mb: float | None,
    log_backups: int,
) -> None:
    """Run monitoring cycles on the [schedule] cron until SIGTERM or Ctrl-C (then exit 0)."""
    if log_max_mb:
        rotate_log(log_max_mb, log_backups, app)
    resolve_spiders(spiders, app.config.crawl)  # an unknown name or a bad declaration stops start-up
    app.store  # noqa: B018 - open and migrate now: a bad database is a start-up error, not a cycle error
    with mirror_origin(mirror) as origin:  # a mirror folder is served for the daemon's lifetime
        daemon = Daemon(
            lambda: run_cycle(app.store, app.config, spiders=spiders, mirror=origin, revisit=revisit),
            app.config.schedule,
            app.db_url,
            run_now=run_now or app.config.schedule.run_at_start,
            describe=describe_cycle,
        )
        daemon.run()


def rotate_log(max_mb: float, backups: int, app: App) -> None:
    context = click.get_current_context()
    root = context.find_root()
    file = root.params.get("log_file") or (Path(app.config.log_file) if app.config.log_file else None)
    if file is None:
        raise click.UsageError("--log-max-mb needs a log file: --log-file FILE or [logging] file in the config")
    setup_logging(root.params.get("log_level", "INFO").upper(), file, rotate_bytes=int(max_mb * 1024 * 1024), backups=backups)


def describe_cycle(result: CycleResult) -> str:
    """One log line per cycle: each spider's outcome and counts, then the figures."""
    spiders = "; ".join(
        f"{run.spider} {run.outcome} ({run.requests} requests, {run.new_articles} new articles, "
        f"{run.new_versions} new versions, {run.not_modified} 304s, {run.errors} errors)"
        for run in result.runs
    ) or "no spider reported (the crawl process ended early)"
    crashed = f"; crawl process exit {result.crawl_exit}" if result.crawl_exit else ""
    alerts = "".join(
        f"; {outcome.channel}: {outcome.error or f'{outcome.sent} sent'}" for outcome in result.deliveries
    )
    baseline = "; baseline, none alerted" if result.baselined else ""  # the cycle logged the full line
    return f"{spiders}; {result.figures} figures; {result.changes_summary}{baseline}{alerts}{crashed}"
