"""`hainan-monitor extract`: the figures of one document, as JSON, for scripts and for checks.

A saved page is read as the crawl reads it (monitor.extract.document.read_document): its
charset, its article body, its own published date. Input that is not a document (empty, an
image, binary data) is a one-line error with exit 2, never an empty result.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

import click

from monitor.extract import extract_figures
from monitor.extract.document import DocumentError, read_document

__all__ = ["extract_command"]

STDIN_HINT = "reading a document from standard input: paste the text or HTML, then press Ctrl-D (or give a FILE)"


def _date(ctx: click.Context, param: click.Parameter, value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date; write it as YYYY-MM-DD, e.g. 2024-07-04") from None


@click.command("extract")
@click.option("--lang", type=click.Choice(["auto", "en", "zh"]), default="auto", show_default=True,
              help="Language of the document; auto detects it.")
@click.option("--published", callback=_date, metavar="YYYY-MM-DD",
              help="Publication date, to resolve periods the text leaves open "
                   "[default: the date the page gives, else today].")
@click.option("--url", default="", metavar="URL",
              help="The page's address, when the page itself does not say its date (dated URL folders).")
@click.option("--explain", is_flag=True,
              help="Also say, for each figure, the rule that chose its metric, park, period and qualifier.")
@click.argument("file", default="-", metavar="[FILE|-]")
def extract_command(lang: str, published: dt.date | None, url: str, explain: bool, file: str) -> None:
    """Print the figures of FILE (text or HTML; - or nothing reads standard input) as JSON."""
    data = _read(file)
    try:
        document = read_document(data, url=url)
    except DocumentError as error:
        raise NotADocument(f"{_name(file)}: {error}") from error
    figures = extract_figures(
        document.text,
        lang=document.language if lang == "auto" and document.language else lang,
        published=published or document.published,
    )
    click.echo(json.dumps(
        {
            "published": (published or document.published or dt.date.today()).isoformat(),
            "figures": [figure.to_dict() | ({"rules": dict(figure.rules)} if explain else {}) for figure in figures],
        },
        ensure_ascii=False, indent=2,
    ))


class NotADocument(click.ClickException):
    """Input that is not a text or HTML document: a usage error (exit 2)."""

    exit_code = 2


def _read(file: str) -> bytes:
    if file == "-":
        if sys.stdin.isatty():
            click.echo(STDIN_HINT, err=True)
        return sys.stdin.buffer.read()
    try:
        return Path(file).read_bytes()
    except OSError as error:
        raise click.UsageError(
            f"cannot read {file}: {error.strerror or error}; give a readable text or HTML file, or - for stdin"
        ) from None


def _name(file: str) -> str:
    return "standard input" if file == "-" else file

