"""`hainan-monitor export`: figures, changes or articles as CSV (for spreadsheets) or JSON (for pandas)."""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, BinaryIO

import click
from sqlalchemy.orm import Session

from monitor.cli.app import App, pass_app
from monitor.cli.commands.changes_command import change_records
from monitor.diff.change_view import ChangeFilter, iter_changes
from monitor.query.store_queries import FigureFilter, iter_article_records, iter_figure_records

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
    write = write_csv if fmt == "csv" else write_json
    with app.store.session() as session:
        records = _records(session, what, all_versions)
        if output is None:
            write(records, COLUMNS[what], sys.stdout.buffer)
            sys.stdout.buffer.flush()
            return
        # written beside the target and renamed when complete: a failed export leaves no half file
        partial = output.with_name(f".{output.name}.partial")
        try:
            with partial.open("wb") as handle:
                count = write(records, COLUMNS[what], handle)
            partial.replace(output)
        finally:
            partial.unlink(missing_ok=True)
    click.echo(f"wrote {count} {what} to {output}", err=True)


def _records(session: Session, what: str, all_versions: bool) -> Iterator[dict[str, Any]]:
    """The table's records, streamed from the store a thousand at a time."""
    if what == "figures":
        yield from iter_figure_records(session, FigureFilter(all_versions=all_versions))
    elif what == "changes":
        # the `changes --all --json` records: an export is the whole store, `possible` says which are not alerted
        for changes in iter_changes(session, ChangeFilter(include_possible=True)):
            yield from change_records(session, changes)
    else:
        yield from iter_article_records(session)


def write_csv(records: Iterable[dict[str, Any]], columns: list[str], out: BinaryIO) -> int:
    """UTF-8 with a byte-order mark: without it Excel reads the file as the local code page."""
    text = io.TextIOWrapper(out, encoding="utf-8-sig", newline="", write_through=True)
    try:
        writer = csv.DictWriter(text, fieldnames=columns, extrasaction="ignore", lineterminator="\r\n")
        writer.writeheader()
        count = 0
        for count, record in enumerate(records, 1):
            writer.writerow({key: _cell(value) for key, value in record.items()})
        text.flush()
        return count
    finally:
        text.detach()  # the stream stays open: it is the caller's


def write_json(records: Iterable[dict[str, Any]], columns: list[str], out: BinaryIO) -> int:
    """The bytes of `json.dumps(list(records), ensure_ascii=False, indent=1)` and a newline, one record at a time."""
    count = 0
    for count, record in enumerate(records, 1):
        item = json.dumps(record, ensure_ascii=False, indent=1).replace("\n", "\n ")
        out.write((("[\n " if count == 1 else ",\n ") + item).encode("utf-8"))
    out.write(b"\n]\n" if count else b"[]\n")
    return count


def _cell(value: Any) -> Any:
    if isinstance(value, list):
        return ";".join(str(item) for item in value)
    return "" if value is None else value
