"""`hainan-monitor changes`: the events the monitor detected, newest last, with filters."""

from __future__ import annotations

from datetime import datetime

import click
from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from db.models import Change, Source
from monitor.cli.app import App, pass_app
from monitor.diff.change_view import ChangeFilter, ChangeView, load_changes
from monitor.diff.kinds import KINDS
from monitor.diff.wording import METRIC_LABELS
from monitor.cli.display import Column, limit_option, note_limit, print_json, print_table, row_limit, wide_option
from monitor.diff.kinds import FIGURE_CHANGED, FIGURE_NEW
from monitor.diff.wording import BOUND_MARKS, format_delta, format_value, metric_label
from monitor.query.store_queries import CUMULATIVE, UnknownNameError, change_bounds
from db.gazetteer import load_gazetteer

__all__ = ["changes_command"]


@click.command("changes")
@click.option("--since", type=click.DateTime(["%Y-%m-%d"]), help="Detected on or after YYYY-MM-DD.")
@click.option("--park", help="Only this park id (docs/parks.md).")
@click.option("--kind", help=f"Only this kind: {', '.join(KINDS)}.")
@click.option("--metric", help="Only this metric (docs/metrics.md), e.g. projects_landed.")
@click.option("--source", help="Only this source (spider name).")
@click.option("--all", "include_possible", is_flag=True,
              help="Also the possible changes: figures whose park only the article as a whole suggests (not alerted).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@limit_option
@wide_option
@pass_app
def changes_command(
    app: App, since: datetime | None, park: str | None, kind: str | None, metric: str | None, source: str | None,
    include_possible: bool, as_json: bool, limit: int, wide: bool,
) -> None:
    """List detected changes (the newest 50 unless --limit says otherwise), oldest of them first:
    new and revised articles, new and moved figures, failing sources."""
    if kind and kind not in KINDS:
        raise UnknownNameError("kind", kind, KINDS)
    wanted = ChangeFilter(since=since.date() if since else None, park=park, kind=kind, metric=metric, source=source,
                          include_possible=include_possible, newest=row_limit(limit))
    with app.store.session() as session:
        if park and load_gazetteer().get(park) is None:
            _require_known(session, select(Change.park).distinct(), park, "park")
        if metric and metric not in METRIC_LABELS:
            _require_known(session, select(Change.metric).distinct(), metric, "metric")
        if source:
            _require_known(session, select(Source.name), source, "source")
        changes = load_changes(session, wanted)
        records = change_records(session, changes)
    note_limit(len(records), limit)
    if as_json:
        print_json(records)
        return
    print_table(
        f"{len(changes)} changes",
        [
            Column("detected", "token"), Column("kind", "token"), Column("park", "token"), Column("change", "text"),
            Column("published", "token", drop=2), Column("source", "token", drop=3), Column("url", "url", drop=4),
        ],
        [_row(change, record["bound"]) for change, record in zip(changes, records)],
        wide=wide,
    )


def change_records(session: Session, changes: list[ChangeView]) -> list[dict[str, object]]:
    """The `changes --json` records (also the export's): ChangeView's fields plus the figure's bound."""
    bounds = change_bounds(session, [change.id for change in changes])
    return [{**change.record(), "bound": bounds.get(change.id)} for change in changes]


def headline(change: ChangeView, bound: str | None) -> str:
    """The change in one line, with the bound of a figure ("≥1,200") as `parks` and `figures` show it."""
    mark = BOUND_MARKS.get(bound or "exact", "")
    if change.kind == FIGURE_CHANGED:
        return (
            f"{metric_label(change.metric)} {format_value(change.old_value, change.unit)} → "
            f"{mark}{format_value(change.new_value, change.unit)} "
            f"({format_delta(change.old_value, change.new_value, change.unit)})"
        )
    if change.kind == FIGURE_NEW:
        return f"{metric_label(change.metric)}, first report: {mark}{format_value(change.new_value, change.unit)}"
    return change.headline


def _row(change: ChangeView, bound: str | None) -> list[object]:
    text = headline(change, bound)
    if change.kind in (FIGURE_NEW, FIGURE_CHANGED):
        text += f" · {change.period or CUMULATIVE}" + (" (target)" if change.qualifier == "target" else "")
    return [
        change.detected_at[:10],
        change.kind,
        change.park,
        text,
        change.published,
        change.source,
        change.article_url,
    ]


def _require_known(session: Session, existing: Select[tuple[str | None]], value: str, what: str) -> None:
    """A filter value nothing in the store has is most likely a typo: say which values exist."""
    known = sorted(v for v in session.scalars(existing) if v)
    if value not in known:
        raise UnknownNameError(what, value, known)
