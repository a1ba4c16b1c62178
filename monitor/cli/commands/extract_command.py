"""`hainan-monitor extract`: the figures of one document, as JSON, for scripts and for checks."""

from __future__ import annotations

import datetime as dt
import json

import click

from monitor.extract import extract_figures

__all__ = ["extract_command"]


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
              help="Publication date, to resolve periods the text leaves open (default: today).")
@click.option("--explain", is_flag=True,
              help="Also say, for each figure, the rule that chose its metric, park, period and qualifier.")
@click.argument("file", default="-", metavar="[FILE|-]")
def extract_command(lang: str, published: dt.date | None, explain: bool, file: str) -> None:
    """Print the figures of FILE (text or HTML; - or nothing reads standard input) as JSON."""
    try:
        with click.open_file(file, encoding="utf-8", errors="replace") as handle:
            document = handle.read()
    except OSError as error:
        raise click.UsageError(f"cannot read {file}: {error.strerror or error}; give a readable text or HTML file, or - for stdin") from None
    figures = extract_figures(document, lang=lang, published=published)
    records = [figure.to_dict() | ({"rules": dict(figure.rules)} if explain else {}) for figure in figures]
    click.echo(json.dumps({"figures": records}, ensure_ascii=False, indent=2))
