"""`hainan-monitor sources check`: is each source reachable, allowed, and still parsing?"""

from __future__ import annotations

from pathlib import Path

import click

from monitor.cli.app import App, pass_app
from monitor.cli.commands.crawl_options import mirror_option, mirror_origin
from monitor.cli.display import Column, print_json, print_table
from monitor.service.source_check import BROKEN, SourceCheck, check_sources

__all__ = ["sources_group"]


@click.group("sources")
def sources_group() -> None:
    """The sites the monitor reads."""


@sources_group.command("check")
@click.option("--source", "--spider", "spiders", multiple=True, metavar="NAME", help="Only this source (repeatable); default all.")
@mirror_option("Check a copy instead of the live site: a folder of HOST/PATH files (served on loopback) or ORIGIN/HOST/PATH.")
@click.option("--timeout", type=click.FloatRange(min=1), default=20.0, show_default=True, help="Seconds per request.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@pass_app
def sources_check_command(
    app: App, spiders: tuple[str, ...], mirror: str | Path | None, timeout: float, as_json: bool
) -> None:
    """Fetch each start URL and one sample article with a dry crawl; store nothing.

    Exit 0 when every source works, 1 when one is broken (unreachable, refused, anti-bot page,
    no article links, or a sample article whose text no parsing layer finds).
    """
    with mirror_origin(mirror) as origin:
        results = check_sources(app.config, spiders, mirror=origin, timeout=timeout)
    if as_json:
        print_json([result.as_dict() for result in results])
    else:
        print_checks(results)
    broken = [result for result in results if result.verdict == BROKEN]
    if broken:
        raise click.ClickException(
            "broken: " + "; ".join(f"{result.source} ({first_problem(result)})" for result in broken)
        )


def first_problem(result: SourceCheck) -> str:
    problems = [problem for check in result.checks for problem in check.problems]
    return problems[0] if problems else "no start URL configured"


def print_checks(results: list[SourceCheck]) -> None:
    rows = []
    for result in results:
        for check in result.checks:
            sample = check.sample
            rows.append([
                result.source,
                check.start_url + (f"\n→ {check.list_url}" if check.list_url != check.start_url else ""),
                f"{check.status or '-'} {check.seconds * 1000:.0f} ms" if check.seconds is not None else "-",
                check.robots,
                check.anti_bot or "no",
                check.article_links,
                _sample_cell(sample),
                " ".join(f"{name}={layer}" for name, layer in sample.layers.items()) if sample else "-",
                check.verdict,
            ])
    print_table(
        "sources check",
        [
            Column("source", "token"), Column("start URL", "url", drop=6), Column("HTTP", "token"),
            Column("robots.txt", "token", drop=3), Column("anti-bot", "token", drop=2),
            Column("article\nlinks", "token", drop=1), Column("sample article", "text"), Column("layers", "text", drop=5),
            Column("verdict", "token"),
        ],
        rows,
    )
    for result in results:
        for check in result.checks:
            for problem in check.problems:
                click.echo(f"BROKEN  {result.source}: {check.start_url}: {problem}")
            for warning in check.warnings:
                click.echo(f"WARNING {result.source}: {check.start_url}: {warning}")
        click.echo(f"{result.source}: {result.verdict}")


def _sample_cell(sample) -> str:  # type: ignore[no-untyped-def]
    if sample is None:
        return "-"
    if sample.error or sample.status != 200:
        return f"{sample.url}\nHTTP {sample.status or '-'} {sample.error or ''}".rstrip()
    return (
        f"{sample.title or '(no title)'}\n{sample.published or 'no date'} · {sample.publisher or 'no source'} · "
        f"{sample.text_length} chars"
    )
