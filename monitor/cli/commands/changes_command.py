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
from monitor.cli.display import print_json, print_table
from monitor.query.store_queries import UnknownNameError
from db.gazetteer import load_gazetteer

__all__ = ["changes_command"]


@click.command("changes")
@click.option("--since", type=click.DateTime(["%Y-%m-%d"]), help="Detected on or after YYYY-MM-DD.")
@click.option("--park", help="Only this park id (PARKS.md).")
@click.option("--kind", help=f"Only this kind: {', '.join(KINDS)}.")
@click.option("--metric", help="Only this metric (METRICS.md), e.g. projects_landed.")
@click.option("--source", help="Only this source (spider name).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@pass_app
def changes_command(
    app: App, since: datetime | None, park: str | None, kind: str | None, metric: str | None, source: str | None, as_json: bool
) -> None:
    """List detected changes: new and revised articles, new and moved figures, failing sources."""
    if kind and kind not in KINDS:
        raise UnknownNameError("kind", kind, KINDS)
    wanted = ChangeFilter(since=since.date() if since else None, park=park, kind=kind, metric=metric, source=source)
    with app.store.session() as session:
        if park and load_gazetteer().get(park) is None:
            _require_known(session, select(Change.park).distinct(), park, "park")
        if metric and metric not in METRIC_LABELS:
            _require_known(session, select(Change.metric).distinct(), metric, "metric")
        if source:
            _require_known(session, select(Source.name), source, "source")
        changes = load_changes(session, wanted)
    if as_json:
        print_json([change.record() for change in changes])
        return
    print_table(
        f"{len(changes)} changes",
        ["detected", "kind", "park", "change", "period", "published", "url"],
        [_row(change) for change in changes],
    )


def _row(change: ChangeView) -> list[object]:
    return [
        change.detected_at[:16].replace("T", " "),
        change.kind,
        change.park,
        change.headline,
        change.period,
        change.published,
        change.article_url,
    ]


def _require_known(session: Session, existing: Select[tuple[str | None]], value: str, what: str) -> None:
    """A filter value nothing in the store has is most likely a typo: say which values exist."""
    known = sorted(v for v in session.scalars(existing) if v)
    if value not in known:
        raise UnknownNameError(what, value, known)
