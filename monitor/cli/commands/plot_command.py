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


#: Money axes read in words, never with a "1e10" offset: (threshold, divisor, axis label).
MONEY_SCALES = ((1e9, 1e9, "billion"), (1e6, 1e6, "million"), (0, 1, ""))


def value_axis(unit: str | None, values: list[float]) -> tuple[float, str]:
    """(divisor, label) for the y axis: CNY in billion or million yuan, ticks as plain numbers."""
    if unit in ("CNY", "USD"):
        currency = "yuan" if unit == "CNY" else "US dollars"
        largest = max((abs(v) for v in values), default=0)
        for threshold, divisor, word in MONEY_SCALES:
            if largest >= threshold:
                # 亿元 (0.1 billion) would be the Chinese unit, but the default fonts have no CJK glyphs
                return divisor, f"{word} {currency}".strip()
    return 1, {"count": "count", "km2": "km²"}.get(unit or "", unit or "")


def set_date_ticks(axes: Any, dates: list[date]) -> None:
    """Ticks on whole days for a span of a few months, on months beyond: never "03:00" ticks."""
    from matplotlib import dates as mdates

    span = (max(dates) - min(dates)).days if dates else 0
    if span <= 120:
        axes.xaxis.set_major_locator(mdates.DayLocator(interval=max(1, -(-span // 6))))  # at most ~7 ticks
        axes.xaxis.set_major_formatter(mdates.DateFormatter("%Y-%m-%d"))
    else:
        months = span // 30
        axes.xaxis.set_major_locator(mdates.MonthLocator(interval=max(1, months // 8)))
        axes.xaxis.set_major_formatter(mdates.DateFormatter("%Y-%m"))


def build_chart(pyplot: Any, records: list[dict[str, Any]], title: str) -> Any:
    """The chart as a matplotlib Figure (`draw` saves it)."""
    from matplotlib.ticker import FuncFormatter

    figure, axes = pyplot.subplots(figsize=(9, 5), dpi=110)
    lines: dict[str, list[dict[str, Any]]] = {}
    for record in records:
        if record["published"]:
            lines.setdefault(period_kind(record), []).append(record)
    unit = records[0]["unit"]
    divisor, label = value_axis(unit, [r["value"] for r in records])
    all_dates: list[date] = []
    for kind, points in lines.items():
        xs = [date.fromisoformat(p["published"]) for p in points]
        all_dates.extend(xs)
        ys = [p["value"] for p in points]
        style = "--" if "target" in kind else "-"
        axes.plot(xs, ys, style, marker="o", label=kind)
        for x, y, run in _runs_of_one_value(xs, points):
            sources = "\n".join(dict.fromkeys(p["source"] + (f" · {p['period']}" if p["period"] else "") for p in run))
            text = f"{format_value(run[0]['value'], run[0]['unit'], run[0]['bound'])}\n{sources}"
            axes.annotate(text, (x, y), textcoords="offset points", xytext=(6, 6), fontsize=8, va="bottom")
    axes.yaxis.set_major_formatter(FuncFormatter(lambda value, _: f"{value / divisor:,.4g}"))
    set_date_ticks(axes, all_dates)
    axes.set_title(title)
    axes.set_xlabel("article published")
    axes.set_ylabel(label)
    axes.grid(True, alpha=0.3)
    axes.legend(title="period")
    axes.margins(x=0.15, y=0.35)
    figure.autofmt_xdate()
    figure.tight_layout()
    return figure


def draw(pyplot: Any, records: list[dict[str, Any]], title: str, output: Path) -> None:
    figure = build_chart(pyplot, records, title)
    figure.savefig(output, format="png")
    pyplot.close(figure)
