"""`hainan-monitor feed`: the changes as an Atom feed, for feed readers and colleagues who follow along."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from db.gazetteer import load_gazetteer
from monitor.cli.app import App, pass_app
from monitor.diff.change_view import ChangeFilter, load_changes
from monitor.diff.kinds import KINDS
from monitor.publish.atom_feed import DEFAULT_ENTRIES, feed_bytes, feed_of, write_feed

__all__ = ["feed_command"]


@click.command("feed")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Atom file to write [default: stdout].")
@click.option("--limit", type=click.IntRange(min=1), default=DEFAULT_ENTRIES, show_default=True, help="Keep the newest N changes.")
@click.option("--park", help="Only this park id (PARKS.md).")
@click.option("--kind", "kinds", multiple=True, type=click.Choice(KINDS), help="Only these kinds (repeatable).")
@click.option("--url", "self_url", metavar="URL", help="Where the feed will be served (its rel=self link).")
@pass_app
def feed_command(app: App, output: Path | None, limit: int, park: str | None, kinds: tuple[str, ...], self_url: str | None) -> None:
    """Write the newest changes as an Atom feed: one entry per change, with its article and quote."""
    if park and load_gazetteer().get(park) is None:
        raise click.BadParameter(f"unknown park {park!r} (known: {', '.join(park.id for park in load_gazetteer().parks)})", param_hint="--park")
    with app.store.session() as session:
        changes = load_changes(session, ChangeFilter(park=park))
    if kinds:
        changes = [change for change in changes if change.kind in kinds]
    feed = feed_of(changes, limit=limit, self_url=self_url)
    if output is None:
        sys.stdout.buffer.write(feed_bytes(feed))
        sys.stdout.flush()
        return
    write_feed(feed, output)
    click.echo(f"wrote {output} ({min(len(changes), limit)} changes)")
