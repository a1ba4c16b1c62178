"""`hainan-monitor demo`: the whole flow on a bundled offline copy of the sites, in a minute."""

from __future__ import annotations

import logging
import shlex
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click
from sqlalchemy.engine import make_url

from db.store import Store
from monitor.alerts.digest import text_digest
from monitor.cli.app import App, pass_app
from monitor.cli.commands.crawl_command import print_cycle
from monitor.demo import DEFAULT_DB, DemoReport, run_demo
from monitor.diff.change_view import load_changes
from monitor.cli.display import Column, print_table, say
from monitor.diff.wording import BOUND_MARKS, format_value, metric_label
from monitor.logging_setup import stderr_console
from monitor.query.store_queries import CUMULATIVE, park_names


__all__ = ["demo_command"]

log = logging.getLogger(__name__)
STATE_TITLES = {
    "before": "Cycle 1: the sites as they were in early July 2024",
    "after": "Cycle 2: the same sites two months later",
}


@click.command("demo")
@click.option("--keep", type=click.Path(file_okay=False, path_type=Path), metavar="DIR",
              help="Also copy the bundled sites (before/ and after/) to DIR, to look at or serve again.")
@pass_app
def demo_command(app: App, keep: Path | None) -> None:
    """Run two cycles over a bundled offline copy of the sites and show what the monitor found.

    Needs no network and no configuration. The results stay in ./hainan-monitor-demo.db
    (or the SQLite file given with the global --db option), ready for the query commands.
    """
    db_path = _demo_db_path(app.db_option)
    with _status() as progress:
        report = run_demo(db_path, keep=keep, progress=progress)
    _print_report(report)


def _demo_db_path(db_option: str | None) -> Path:
    """The --db option when it names a SQLite file; never $HAINAN_MONITOR_DB or the config's database."""
    if not db_option:
        return DEFAULT_DB
    url = make_url(db_option)
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        raise click.ClickException(f"the demo writes a SQLite file; {db_option!r} is not one (try --db sqlite:///demo.db)")
    return Path(url.database)


@contextmanager
def _status() -> Iterator[Any]:
    """A live status line on a terminal; every step is also one log line (printed above it)."""
    console = stderr_console()
    if not console.is_terminal:
        yield log.info
        return
    with console.status("starting the demo…") as status:
        def progress(message: str) -> None:
            status.update(message)
            log.info("%s", message)
        yield progress


def _print_report(report: DemoReport) -> None:
    say(f"Hainan Park Monitor demo: a bundled offline copy of en.hainan.gov.cn, www.hainan.gov.cn and "
               f"news.hndaily.cn, served on {report.origin}")
    for cycle in report.cycles:
        say(f"\n{STATE_TITLES.get(cycle.state, cycle.state)}")
        print_cycle(cycle.cycle)
        superseded = cycle.figures_all_versions - cycle.figures_total
        say(
            f"store now holds {cycle.articles_total} park articles and {cycle.figures_total} current figures"
            + (f" ({cycle.figures_all_versions} extracted in all: {superseded} belong to the superseded first "
               "version of a revised article and are kept as history)" if superseded else "")
        )
        if cycle.new_articles:
            print_table(
                f"New articles ({len(cycle.new_articles)})",
                [Column("published", "token"), Column("lang", "token", drop=2), Column("source", "token", drop=1),
                 Column("title", "text")],
                [[a["published"], a["language"], a["source"], a["title"]] for a in cycle.new_articles],
            )
        if cycle.revised_articles:
            print_table(
                f"Revised articles ({len(cycle.revised_articles)})",
                [Column("published", "token"), Column("source", "token", drop=2), Column("title", "text"),
                 Column("what changed", "text"), Column("url", "url", drop=3)],
                [[a["published"], a["source"], a["title"], "\n".join(a["edits"][:3]), a["url"]]
                 for a in cycle.revised_articles],
            )
        if cycle.moved_figures:
            print_table(
                f"Figures that moved ({len(cycle.moved_figures)})",
                [Column("park", "token"), Column("metric", "text"), Column("period", "token"),
                 Column("old → new, reported by", "text"), Column("article", "url", drop=3)],
                [
                    [
                        f["park"],
                        metric_label(f["metric"]),
                        f["period"] or CUMULATIVE,
                        f"{format_value(f['old_value'], f['unit'])} → "
                        f"{BOUND_MARKS.get(f['bound'] or 'exact', '')}{format_value(f['new_value'], f['unit'])}"
                        f"\n{f['source']} {f['published']}",
                        f["article_url"],
                    ]
                    for f in cycle.moved_figures
                ],
            )
    _print_digest(report)
    _print_next_steps(report)


def _short(path: Path) -> Path:
    """The path as the user would type it: relative to the working folder when inside it."""
    try:
        return Path(".") / path.relative_to(Path.cwd().resolve())
    except ValueError:
        return path


def _print_digest(report: DemoReport) -> None:
    last = report.cycles[-1]
    say("\nAlert digest of cycle 2 (what the log and email channels would send):\n")
    if not last.change_ids:
        say("  (no changes recorded in cycle 2)")
        return
    store = Store.open(f"sqlite:///{report.db_path}")
    try:
        with store.session() as session:
            wanted = set(last.change_ids)
            changes = [change for change in load_changes(session) if change.id in wanted]
    finally:
        store.close()
    click.echo(text_digest(changes))  # exactly what the email would carry


def _print_next_steps(report: DemoReport) -> None:
    db = _short(report.db_path)
    prefix = f"hainan-monitor --db {shlex.quote(f'sqlite:///{db}')}"
    revised = next((a["url"] for c in report.cycles for a in c.revised_articles), None)
    lines = [
        f"{prefix} articles",
        f"{prefix} figures --park gd-hn-manufacturing --metric projects_landed",
        f"{prefix} parks",
        f"{prefix} changes",
        *([f"{prefix} history {revised}"] if revised else []),
        f"{prefix} export --what figures --format csv -o figures.csv",
        f"{prefix} plot --park gd-hn-manufacturing --metric projects_landed -o projects_landed.png",
        f"sqlite3 {shlex.quote(str(db))} 'SELECT park, metric, period, value, published FROM latest_figures'",
        f"{prefix} feed -o changes.xml",
        f"{prefix} serve",
    ]
    say(f"The results are in {db}. Explore them with:\n")
    click.echo("\n".join(f"  {line}" for line in lines))  # whole lines, to copy and paste
    if report.kept_sites:
        say(f"\nThe sites the demo served are in {report.kept_sites}/before and {report.kept_sites}/after.")
