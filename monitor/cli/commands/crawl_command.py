"""`hainan-monitor crawl`: one monitoring cycle, for cron or by hand."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from monitor.cli.app import App, pass_app
from monitor.cli.commands.crawl_options import crawl_options, mirror_origin
from monitor.cli.display import Column, print_json, print_table, say
from monitor.service.cycle import CycleResult, run_cycle

__all__ = ["crawl_command"]


@click.command("crawl")
@crawl_options
@click.option("--days", type=click.IntRange(1, 366), default=None, metavar="N",
              help="Hainan Daily: read the last N issues, not only today's (backfill).")
@click.option("--baseline", is_flag=True,
              help="Record what this cycle finds without alerting it (one summary line instead); "
                   "a store's first cycle does this unless [alerts] first_cycle = \"alert\".")
@click.option("--json", "as_json", is_flag=True, help="Print the cycle's result as JSON.")
@pass_app
def crawl_command(
    app: App, spiders: tuple[str, ...], mirror: str | Path | None, revisit: str, days: int | None,
    baseline: bool, as_json: bool,
) -> None:
    """Run one cycle: crawl, store, extract, diff, alert. Exit 0 when every spider finished."""
    extra = {"HAINAN_DAILY_DAYS": days} if days else None
    with mirror_origin(mirror) as origin:
        result = run_cycle(app.store, app.config, spiders=spiders, mirror=origin, revisit=revisit, extra_settings=extra,
                           baseline=True if baseline else None)
    if as_json:
        print_json(cycle_record(result))
    else:
        print_cycle(result)
    if not result.ok:
        failed = [run.spider for run in result.runs if run.outcome == "failed"] or ["the crawl process"]
        raise click.ClickException(
            f"{', '.join(failed)} failed: nothing could be fetched or parsed"
            + (f" from the mirror {mirror}" if mirror else "")
            + " (see the log above; `hainan-monitor sources check` diagnoses each source)"
        )


def cycle_record(result: CycleResult) -> dict[str, Any]:
    """`crawl --json`: the cycle's spiders, counts, baseline and deliveries."""
    return {
        "cycle_id": result.cycle_id,
        "ok": result.ok,
        "runs": [
            {
                "spider": run.spider, "outcome": run.outcome, "requests": run.requests,
                "new_articles": run.new_articles, "new_versions": run.new_versions,
                "not_modified": run.not_modified, "irrelevant": run.irrelevant,
                "problems": run.problems, "errors": run.errors, "detail": run.detail,
            }
            for run in result.runs
        ],
        "figures": result.figures,
        "changes": result.changes,
        "change_kinds": result.change_kinds,
        "baselined": result.baselined,
        "deliveries": [
            {"channel": outcome.channel, "sent": outcome.sent, "error": outcome.error} for outcome in result.deliveries
        ],
    }


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
        [
            Column("spider", "token"), Column("requests", "token"), Column("new\narticles", "token"),
            Column("new\nversions", "token"), Column("304s", "token", drop=2), Column("not\nparks", "token", drop=1),
            Column("problems", "token", drop=3), Column("errors", "token"), Column("outcome", "token"),
        ],
        rows,
    )
    say(f"figures extracted: {result.figures}")
    say(f"changes detected: {result.changes_summary}")
    if result.baseline_summary:
        say(result.baseline_summary)
    for outcome in result.deliveries:
        say(f"alerts via {outcome.channel}: " + (f"FAILED, kept pending: {outcome.error}" if outcome.error else f"{outcome.sent} sent"))
