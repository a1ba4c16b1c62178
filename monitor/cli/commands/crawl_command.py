"""`hainan-monitor crawl`: one monitoring cycle, for cron or by hand."""

from __future__ import annotations

import click

from monitor.cli.app import App, pass_app
from monitor.cli.commands.crawl_options import crawl_options
from monitor.service.cycle import CycleResult, run_cycle
from monitor.cli.display import print_table

__all__ = ["crawl_command"]


@click.command("crawl")
@crawl_options
@click.option("--days", type=click.IntRange(1, 366), default=None, metavar="N",
              help="Hainan Daily: read the last N issues, not only today's (backfill).")
@pass_app
def crawl_command(app: App, spiders: tuple[str, ...], mirror: str | None, revisit: str, days: int | None) -> None:
    """Run one cycle: crawl, store, extract, diff, alert. Exit 0 when every spider finished."""
    extra = {"HAINAN_DAILY_DAYS": days} if days else None
    result = run_cycle(app.store, app.config, spiders=spiders, mirror=mirror, revisit=revisit, extra_settings=extra)
    print_cycle(result)
    if not result.ok:
        failed = [run.spider for run in result.runs if run.outcome == "failed"] or ["the crawl process"]
        raise click.ClickException(
            f"{', '.join(failed)} failed: nothing could be fetched or parsed"
            + (f" from the mirror {mirror}" if mirror else "")
            + " (see the log above; `hainan-monitor sources check` diagnoses each source)"
        )


def print_cycle(result: CycleResult) -> None:
    rows = [
        [
            run.spider,
            run.requests,
            run.new_articles,
            run.new_versions,
            run.not_modified,
            run.irrelevant,
            run.problems,
            run.errors,
            run.outcome,
        ]
        for run in result.runs
    ]
    print_table(
        f"cycle {result.cycle_id}",
        ["spider", "requests", "new articles", "new versions", "304s", "not parks", "problems", "errors", "outcome"],
        rows,
    )
    click.echo(f"figures extracted: {result.figures}")
    click.echo(f"changes detected: {result.changes}")
    for outcome in result.deliveries:
        click.echo(f"alerts via {outcome.channel}: " + (f"FAILED, kept pending: {outcome.error}" if outcome.error else f"{outcome.sent} sent"))
