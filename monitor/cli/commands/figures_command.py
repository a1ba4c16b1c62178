"""`hainan-monitor figures`: each park's figures over time, with the article behind each value."""

from __future__ import annotations

from datetime import datetime

import click

from monitor.cli.app import App, pass_app
from monitor.cli.display import print_json, print_table
from monitor.query.store_queries import CUMULATIVE, FigureFilter, figure_records, park_names
from monitor.diff.wording import format_value


__all__ = ["figures_command"]


@click.command("figures")
@click.option("--park", help="Only this park id (e.g. gd-hn-manufacturing).")
@click.option("--metric", help="Only this metric (e.g. projects_landed).")
@click.option("--period", help=f"Only this period: YYYY, YYYY-MM..YYYY-MM, or {CUMULATIVE!r} (totals to the article's date).")
@click.option("--source", help="Only figures from this source (spider name).")
@click.option("--since", type=click.DateTime(["%Y-%m-%d"]), metavar="YYYY-MM-DD", help="Articles published on or after this date.")
@click.option("--all-versions", is_flag=True, help="Also the figures of superseded article versions.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON (METRICS.md fields plus article_url, published).")
@pass_app
def figures_command(
    app: App,
    park: str | None,
    metric: str | None,
    period: str | None,
    source: str | None,
    since: datetime | None,
    all_versions: bool,
    as_json: bool,
) -> None:
    """Figures as a time series per park and metric, oldest first."""
    wanted = FigureFilter(park, metric, period, source, since.date() if since else None, all_versions)
    with app.store.session() as session:
        records = figure_records(session, wanted)
    if as_json:
        print_json(records)
        return
    if not records:
        click.echo("no figures match (`hainan-monitor parks` shows which parks have figures)")
        return
    names = park_names()
    series: dict[tuple[str | None, str], list[dict]] = {}  # type: ignore[type-arg]
    for record in records:
        series.setdefault((record["park"], record["metric"]), []).append(record)
    for (park_id, metric_name), rows in series.items():
        print_table(
            f"{names.get(park_id or '', park_id or '(no park)')} · {park_id} · {metric_name}",
            ["published", "value", "period", "qualifier", "source", "v", "quote", "article"],
            [
                [
                    r["published"],
                    format_value(r["value"], r["unit"], r["bound"]),
                    r["period"] or CUMULATIVE,
                    r["qualifier"],
                    r["source"],
                    r["version"],
                    r["quote"],
                    r["article_url"],
                ]
                for r in rows
            ],
        )
