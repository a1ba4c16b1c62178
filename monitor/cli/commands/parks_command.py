"""`hainan-monitor parks`: every park of the gazetteer with its latest figures."""

from __future__ import annotations

import click

from monitor.cli.app import App, pass_app
from monitor.cli.display import Column, print_json, print_table
from monitor.diff.wording import format_value
from monitor.query.store_queries import CUMULATIVE, park_rows


__all__ = ["parks_command"]


@click.command("parks")
@click.option("--with-figures", is_flag=True, help="Only parks that have figures.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@pass_app
def parks_command(app: App, with_figures: bool, as_json: bool) -> None:
    """Each park with its latest figure per metric, period and qualifier."""
    with app.store.session() as session:
        rows = [row for row in park_rows(session) if row["latest_figures"] or not with_figures]
    if as_json:
        print_json(rows)
        return
    print_table(
        f"{len(rows)} parks",
        [Column("park", "token"), Column("name", "text", drop=1), Column("articles", "token"),
         Column("latest figures (value · period · published)", "text")],
        [[row["id"], _names(row), row["articles"], _figures(row["latest_figures"])] for row in rows],
    )


def _names(row: dict) -> str:  # type: ignore[type-arg]
    return f"{row['name_en']}\n{row['name_zh']}" if row["name_zh"] else row["name_en"]


def _figures(figures: list[dict]) -> str:  # type: ignore[type-arg]
    lines = []
    for f in figures:
        target = " (target)" if f["qualifier"] == "target" else ""
        lines.append(
            f"{f['metric']}: {format_value(f['value'], f['unit'], f['bound'])}{target}"
            f" · {f['period'] or CUMULATIVE} · {f['published']}"
        )
    return "\n".join(lines)
