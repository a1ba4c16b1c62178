"""`hainan-monitor plot`: one park's metric over time, as a PNG.

matplotlib is an optional extra (`pip install 'hainan-park-monitor[plot]'`): the monitor itself
never needs it, so it is imported only here, with the Agg backend (no display needed, cron-safe).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import click

from monitor.cli.app import App, pass_app
from monitor.query.store_queries import FigureFilter, figure_records, park_names
from monitor.diff.wording import format_value


__all__ = ["plot_command"]

MISSING = "the plot command needs matplotlib: pip install 'hainan-park-monitor[plot]' (or pip install matplotlib)"


@click.command("plot")
@click.option("--park", required=True, help="Park id (e.g. gd-hn-manufacturing).")
@click.option("--metric", required=True, help="Metric (e.g. projects_landed).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="PNG file [default: PARK-METRIC.png].")
@pass_app
def plot_command(app: App, park: str, metric: str, output: Path | None) -> None:
    """Chart a park's metric over time: one line per period kind, each point labelled with its source."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        from matplotlib import pyplot
    except ImportError:
        raise click.ClickException(MISSING) from None
    with app.store.session() as session:
        records = figure_records(session, FigureFilter(park=park, metric=metric))
        if not records:
            has = sorted({r["metric"] for r in figure_records(session, FigureFilter(park=park))})
            raise click.ClickException(
                f"no {metric} figures for park {park!r} (it has: {', '.join(has) or 'no figures yet'})"
            )
    output = output or Path(f"{park}-{metric}.png")
    draw(pyplot, records, f"{park_names().get(park, park)}\n{metric}", output)
    click.echo(f"wrote {output} ({len(records)} figures)")


def period_kind(record: dict[str, Any]) -> str:
    """Figures compare only within a kind: a cumulative total is not a year's flow."""
    period = record["period"]
    kind = "cumulative" if period is None else ("full year" if ".." not in period else "part of a year")
    return kind + (" (target)" if record["qualifier"] == "target" else "")


def _runs_of_one_value(xs: list[date], points: list[dict[str, Any]]) -> list[tuple[date, float, list[dict[str, Any]]]]:
    """Consecutive points reporting the same value get one label listing their sources: several
    outlets repeating a figure the same week would otherwise print over each other."""
    runs: list[tuple[date, float, list[dict[str, Any]]]] = []
    for x, point in zip(xs, points):
        if runs and runs[-1][2][-1]["value"] == point["value"]:
            runs[-1][2].append(point)
        else:
            runs.append((x, point["value"], [point]))
    return runs


def draw(pyplot: Any, records: list[dict[str, Any]], title: str, output: Path) -> None:
    figure, axes = pyplot.subplots(figsize=(9, 5), dpi=110)
    lines: dict[str, list[dict[str, Any]]] = {}
    for record in records:
        if record["published"]:
            lines.setdefault(period_kind(record), []).append(record)
    for kind, points in lines.items():
        xs = [date.fromisoformat(p["published"]) for p in points]
        ys = [p["value"] for p in points]
        style = "--" if "target" in kind else "-"
        axes.plot(xs, ys, style, marker="o", label=kind)
        for x, y, run in _runs_of_one_value(xs, points):
            sources = "\n".join(dict.fromkeys(p["source"] + (f" · {p['period']}" if p["period"] else "") for p in run))
            label = f"{format_value(run[0]['value'], run[0]['unit'], run[0]['bound'])}\n{sources}"
            axes.annotate(label, (x, y), textcoords="offset points", xytext=(6, 6), fontsize=8, va="bottom")
    unit = records[0]["unit"]
    axes.set_title(title)
    axes.set_xlabel("article published")
    axes.set_ylabel({"count": "count", "km2": "km²"}.get(unit, unit))
    axes.grid(True, alpha=0.3)
    axes.legend(title="period")
    axes.margins(x=0.15, y=0.35)
    figure.autofmt_xdate()
    figure.tight_layout()
    figure.savefig(output, format="png")
    pyplot.close(figure)
