"""`hainan-monitor figures`: each park's figures over time, with the article behind each value."""

from __future__ import annotations

import re
from datetime import datetime

import click

from monitor.cli.app import App, pass_app
from monitor.cli.display import Column, limit_option, note_limit, print_json, print_table, row_limit, shorten, wide_option
from monitor.diff.wording import format_value
from monitor.query.store_queries import CUMULATIVE, FigureFilter, figure_records, park_names


__all__ = ["figures_command"]


@click.command("figures")
@click.option("--park", help="Only this park id (e.g. gd-hn-manufacturing).")
@click.option("--metric", help="Only this metric (e.g. projects_landed).")
@click.option("--period", callback=lambda ctx, param, value: check_period(value), metavar="PERIOD",
              help=f"Only this period: YYYY, YYYY-MM..YYYY-MM, or {CUMULATIVE!r} (totals to the article's date).")
@click.option("--source", help="Only figures from this source (spider name).")
@click.option("--since", type=click.DateTime(["%Y-%m-%d"]), metavar="YYYY-MM-DD", help="Articles published on or after this date.")
@click.option("--all-versions", is_flag=True, help="Also the figures of superseded article versions.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON (docs/metrics.md fields plus article_url, published).")
@limit_option
@wide_option
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
    limit: int,
    wide: bool,
) -> None:
    """Figures as a time series per park and metric, oldest first (the newest 50 figures unless
    --limit says otherwise)."""
    wanted = FigureFilter(park, metric, period, source, since.date() if since else None, all_versions, row_limit(limit))
    with app.store.session() as session:
        records = figure_records(session, wanted)
    note_limit(len(records), limit)
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
            [
                Column("published", "token"), Column("value", "token"), Column("period", "token"),
                Column("source", "token"), Column("v", "token", drop=3), Column("quote", "text", drop=2),
                Column("article", "url", drop=4),
            ],
            [
                [
                    r["published"],
                    format_value(r["value"], r["unit"], r["bound"]) + (" target" if r["qualifier"] == "target" else ""),
                    r["period"] or CUMULATIVE,
                    r["source"],
                    r["version"],
                    r["quote"] if wide else shorten(r["quote"], 120),
                    r["article_url"],
                ]
                for r in rows
            ],
            wide=wide,
        )


_YEAR = re.compile(r"^(\d{4})$")
_RANGE = re.compile(r"^(\d{4})-(\d{2})\.\.(\d{4})-(\d{2})$")


def check_period(value: str | None) -> str | None:
    """A period as the store writes it; anything else is a format error, not "no figures match"."""
    if value is None or value == CUMULATIVE or _YEAR.match(value):
        return value
    match = _RANGE.match(value)
    if match:
        start, end = (int(match[1]), int(match[2])), (int(match[3]), int(match[4]))
        if not (1 <= start[1] <= 12 and 1 <= end[1] <= 12):
            raise click.BadParameter(f"{value!r}: months run from 01 to 12", param_hint="'--period'")
        if start > end:
            raise click.BadParameter(f"{value!r} ends before it starts; write the earlier month first", param_hint="'--period'")
        return value
    raise click.BadParameter(
        f"{value!r} is not a period; write YYYY (2024), YYYY-MM..YYYY-MM (2024-01..2024-06) or {CUMULATIVE}",
        param_hint="'--period'",
    )
