"""`hainan-monitor export`: figures, changes or articles as CSV (for spreadsheets) or JSON (for pandas)."""

from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path
from typing import Any

import click

from monitor.cli.app import App, pass_app
from monitor.cli.commands.changes_command import change_records
from monitor.diff.change_view import ChangeFilter, load_changes
from monitor.query.store_queries import FigureFilter, article_records, figure_records

__all__ = ["export_command"]

#: CSV columns per table, in the order a spreadsheet user reads them.
COLUMNS: dict[str, list[str]] = {
    "figures": [
        "published", "park", "metric", "value", "unit", "qualifier", "bound", "period", "quote",
        "source", "title", "article_url", "version", "fetched_at",
    ],
    "changes": [
        "detected_at", "kind", "park", "metric", "period", "qualifier", "old_value", "new_value", "bound", "delta", "unit",
        "summary", "quote", "source", "publisher", "published", "title", "article_url", "old_article_url", "id",
    ],
    "articles": [
        "published", "source", "language", "title", "publisher", "parks", "versions", "url",
        "first_seen", "last_checked",
    ],
}


@click.command("export")
@click.option("--what", type=click.Choice(list(COLUMNS)), required=True, help="Which table to export.")
@click.option("--format", "fmt", type=click.Choice(["csv", "json"]), default="csv", show_default=True,
              help="csv: UTF-8 with BOM (Excel keeps Chinese intact); json: a list of records (pandas.read_json).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write to this file instead of standard output.")
@click.option("--json", "as_json", is_flag=True, help="Same as --format json.")
@click.option("--all-versions", is_flag=True, help="figures: also those of superseded article versions.")
@pass_app
def export_command(app: App, what: str, fmt: str, output: Path | None, as_json: bool, all_versions: bool) -> None:
    """Export a table of the store for spreadsheets and pandas."""
    if as_json:
        fmt = "json"
    with app.store.session() as session:
        if what == "figures":
            records = figure_records(session, FigureFilter(all_versions=all_versions))
        elif what == "changes":
            # the `changes --all --json` records: an export is the whole store, `possible` says which are not alerted
            records = change_records(session, load_changes(session, ChangeFilter(include_possible=True)))
        else:
            records = article_records(session)
    data = to_csv(records, COLUMNS[what]) if fmt == "csv" else to_json(records)
    if output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    output.write_bytes(data)
    click.echo(f"wrote {len(records)} {what} to {output}", err=True)


def to_csv(records: list[dict[str, Any]], columns: list[str]) -> bytes:
    """UTF-8 with a byte-order mark: without it Excel reads the file as the local code page."""
    buffer = io.StringIO(newline="")
    writer = csv.DictWriter(buffer, fieldnames=columns, extrasaction="ignore", lineterminator="\r\n")
    writer.writeheader()
    for record in records:
        writer.writerow({key: _cell(value) for key, value in record.items()})
    return buffer.getvalue().encode("utf-8-sig")


def to_json(records: list[dict[str, Any]]) -> bytes:
    return (json.dumps(records, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def _cell(value: Any) -> Any:
    if isinstance(value, list):
        return ";".join(str(item) for item in value)
    return "" if value is None else value
