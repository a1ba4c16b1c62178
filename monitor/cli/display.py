"""Human output: tables that read in any terminal and plain text in a pipe; never used for --json.

A table in an 80-column terminal must not split an id, a date or a number over lines
("2024-07-0"/"4", "hainan"/"_daily"), so single-token columns never wrap: when the terminal is
too narrow for all columns, the columns a caller marked droppable go first (URLs, quotes), and
what still does not fit ends with "…". A URL shows its path tail in a terminal; `--wide`, a pipe
and `--json` keep it whole. In a pipe the table is plain text with no colour and no trailing
spaces, as wide as its content.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

import click
from rich.cells import cell_len
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from monitor.printable import printable
from monitor.query.quotes import shorten

__all__ = [
    "Column", "limit_option", "note_limit", "print_json", "print_table", "row_limit", "say", "shorten", "stdout_console", "url_tail",
    "wide_option",
]

Kind = Literal["auto", "token", "text", "url"]

#: A cell this long or longer with no space in it is prose-like after all (a Chinese title).
_TOKEN_MAX = 32
#: The narrowest a wrapping text column is squeezed to before columns are dropped.
TEXT_MIN_WIDTH = 16
#: A pipe gets the table at its natural width, up to this (no terminal to fit).
PIPE_WIDTH = 1000
_WHITESPACE = re.compile(r"\s")


@dataclass(frozen=True)
class Column:
    """One table column.

    `kind`: "token" never wraps (ids, dates, numbers, names), "text" wraps at words, "url" shows
    the path tail in a terminal; "auto" decides from the cells (no whitespace and short: token).
    `drop`: 0 always shown; a higher number is dropped earlier when the terminal is too narrow.
    """

    header: str
    kind: Kind = "auto"
    drop: int = 0


def stdout_console() -> Console:
    """Stdout as Rich sees it: the terminal's width (COLUMNS wins), or a wide plain pipe."""
    console = Console(highlight=False)
    if not console.is_terminal:
        return Console(highlight=False, width=PIPE_WIDTH, no_color=True)
    return console


def print_table(
    title: str | None,
    columns: Sequence[str | Column],
    rows: Sequence[Sequence[Any]],
    *,
    wide: bool = False,
) -> None:
    """Print rows under headers; see the module docstring for how it fits the terminal."""
    console = stdout_console()
    specs = [column if isinstance(column, Column) else Column(column) for column in columns]
    cells = [["" if cell is None else printable(str(cell)) for cell in row] for row in rows]  # no raw controls
    kinds = [_kind(spec, [row[i] for row in cells]) for i, spec in enumerate(specs)]
    terminal = console.is_terminal
    if terminal and not wide:
        cells = [[url_tail(cell) if kinds[i] == "url" else cell for i, cell in enumerate(row)] for row in cells]
    shown = list(range(len(specs)))
    if terminal and not wide:
        shown = _fitting_columns(specs, kinds, cells, console.width)
    table = Table(title=escape(title) if title else None, title_justify="left", show_edge=False, header_style="bold")
    for i in shown:
        if kinds[i] == "text" or (wide and kinds[i] == "url"):
            # never narrower than its longest word (capped), so ids in a list are not split
            longest = max((cell_len(word) for row in cells for word in row[i].split()), default=0)
            table.add_column(specs[i].header, overflow="fold", min_width=min(longest, TEXT_MIN_WIDTH + 8))
        else:
            table.add_column(specs[i].header, no_wrap=True, overflow="ellipsis")
    for row in cells:
        table.add_row(*(escape(row[i]) for i in shown))
    if terminal:
        console.print(table)
        return
    with console.capture() as captured:
        console.print(table)
    click.echo("\n".join(line.rstrip() for line in captured.get().splitlines()))


def _kind(spec: Column, values: list[str]) -> str:
    if spec.kind != "auto":
        return spec.kind
    present = [value for value in values if value]
    if present and all(value.startswith(("http://", "https://")) for value in present):
        return "url"
    if all(not _WHITESPACE.search(value) and cell_len(value) < _TOKEN_MAX for value in present):
        return "token"
    return "text"


def _natural_width(header: str, values: list[str]) -> int:
    lines = [line for value in [header, *values] for line in value.split("\n")]
    return max((cell_len(line) for line in lines), default=0)


def _fitting_columns(specs: list[Column], kinds: list[str], cells: list[list[str]], width: int) -> list[int]:
    """The columns to show: droppable ones go, highest `drop` first, until the rest fit."""
    needs = []
    for i, spec in enumerate(specs):
        natural = _natural_width(spec.header, [row[i] for row in cells])
        if kinds[i] == "text":
            longest_word = max((cell_len(w) for value in [spec.header, *(row[i] for row in cells)] for w in value.split()), default=0)
            natural = min(natural, max(TEXT_MIN_WIDTH, min(longest_word, TEXT_MIN_WIDTH + 8)))
        needs.append(natural + 2)  # one space of padding each side
    shown = list(range(len(specs)))

    def required() -> int:
        return sum(needs[i] for i in shown) + len(shown) - 1  # the │ between columns

    # a URL column nobody ranked goes first: the path tail rarely matters more than the text
    rank = [spec.drop or (100 if kinds[i] == "url" else 0) for i, spec in enumerate(specs)]
    for i in sorted((i for i in shown if rank[i]), key=lambda i: -rank[i]):
        if required() <= width:
            break
        shown.remove(i)
    return shown


def url_tail(url: str) -> str:
    """`https://host/a/b/202407/name.shtml` → `…/202407/name.shtml`: enough to tell articles apart."""
    if not url.startswith(("http://", "https://")):
        return url
    parts = url.split("://", 1)[1].rstrip("/").split("/")
    if len(parts) <= 2:
        return url
    return "…/" + "/".join(parts[-2:])


def say(text: str = "") -> None:
    """A line of prose: wrapped at words to a terminal's width, as is in a pipe."""
    console = stdout_console()
    if not console.is_terminal:
        click.echo(text)
        return
    console.print(escape(text), highlight=False, overflow="fold")


def print_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))


def wide_option(command: Any) -> Any:
    """`--wide`: every column and whole URLs, however narrow the terminal (lines may wrap)."""
    return click.option("--wide", is_flag=True, help="Show every column and whole URLs (lines may wrap).")(command)


#: What `changes`, `articles` and `figures` show unless told otherwise: a store grows for years,
#: and a table of every row costs minutes to render and is read by nobody.
DEFAULT_LIMIT = 50


def limit_option(command: Any) -> Any:
    """`--limit N`: the newest N rows (table and JSON alike); 0 shows them all."""
    return click.option(
        "--limit", type=click.IntRange(min=0), default=DEFAULT_LIMIT, show_default=True, metavar="N",
        help="Show the newest N rows (JSON too); 0 shows all.",
    )(command)


def row_limit(limit: int) -> int | None:
    """The `--limit` value as the queries take it: None for "all"."""
    return limit or None


def note_limit(shown: int, limit: int) -> None:
    """On stderr (JSON on stdout stays whole): the rows stopped at the limit, so there may be more."""
    if limit and shown >= limit:
        click.echo(f"showing the newest {limit}; --limit N shows more, --limit 0 all", err=True)
