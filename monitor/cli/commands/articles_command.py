"""`hainan-monitor articles` and `history URL`: what the store holds, and how an article changed."""

from __future__ import annotations

import re
from datetime import datetime

import click
from rich.console import Console
from rich.markup import escape
from sqlalchemy import select

from db.models import Article
from monitor.cli.app import App, pass_app
from monitor.cli.display import Column, limit_option, note_limit, print_json, print_table, row_limit, wide_option
from monitor.printable import one_line
from monitor.query.store_queries import ArticleFilter, article_record, article_records
from monitor.query.word_diff import word_diff
from scraper.urls import canonical_url


__all__ = ["articles_command", "history_command"]

SINCE = click.DateTime(["%Y-%m-%d"])
#: Longer than any phrase worth searching for; a huge pattern only makes the database work hard.
MAX_SEARCH = 200


def _search_words(_ctx: click.Context, _param: click.Parameter, value: str | None) -> str | None:
    if value is not None and len(value) > MAX_SEARCH:
        raise click.BadParameter(f"{len(value)} characters; search for at most {MAX_SEARCH}")
    return value


@click.command("articles")
@click.option("--park", help="Only articles about this park id (e.g. yangpu).")
@click.option("--source", help="Only this source (spider name, e.g. hainan_gov_en).")
@click.option("--since", type=SINCE, metavar="YYYY-MM-DD", help="Published on or after this date.")
@click.option("--search", callback=_search_words, help=f"Words in the title or text (any version), taken literally; at most {MAX_SEARCH} characters.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@limit_option
@wide_option
@pass_app
def articles_command(
    app: App, park: str | None, source: str | None, since: datetime | None, search: str | None, as_json: bool,
    limit: int, wide: bool,
) -> None:
    """List stored articles, newest first (the newest 50 unless --limit says otherwise)."""
    wanted = ArticleFilter(park=park, source=source, since=since.date() if since else None, search=search,
                           newest=row_limit(limit))
    with app.store.session() as session:
        records = article_records(session, wanted)
    note_limit(len(records), limit)
    if as_json:
        print_json(records)
        return
    print_table(
        f"{len(records)} articles",
        [
            Column("published", "token"), Column("source", "token"), Column("lang", "token", drop=2),
            Column("v", "token", drop=3), Column("parks", "text", drop=1), Column("title", "text"), Column("url", "url", drop=4),
        ],
        [
            [r["published"], r["source"], r["language"], r["versions"], " ".join(r["parks"]), r["title"], r["url"]]
            for r in records
        ],
        wide=wide,
    )


@click.command("history")
@click.argument("url")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@pass_app
def history_command(app: App, url: str, as_json: bool) -> None:
    """Every stored version of one article, with a word-level diff between them."""
    wanted = canonical_url(url)
    with app.store.session() as session:
        article = session.scalar(select(Article).where(Article.url == wanted))
        if article is None:
            raise click.ClickException(_missing_url_message(session, wanted))
        versions = list(article.versions)
        record = {**article_record(article, len(versions)), "history": []}
        for previous, version in zip([None, *versions[:-1]], versions):
            diff = word_diff(previous.text, version.text) if previous else None
            record["history"].append(
                {
                    "version": version.number,
                    "fetched_at": version.fetched_at.isoformat(timespec="seconds") + "Z",
                    "content_hash": version.content_hash,
                    "title": version.title,
                    "text": version.text,
                    "diff": diff.as_text() if diff else None,
                    "edits": [{"old": e.old, "new": e.new} for e in diff.edits] if diff else None,
                }
            )
    if as_json:
        print_json(record)
        return
    _print_history(record)


def _missing_url_message(session, wanted: str) -> str:  # type: ignore[no-untyped-def]
    """Name the stored URLs that look most like the one asked for (a typo, another host)."""
    urls = list(session.scalars(select(Article.url)))
    tail = wanted.rstrip("/").rsplit("/", 1)[-1]
    close = [u for u in urls if tail and tail in u] or sorted(urls, key=lambda u: -_common_prefix(u, wanted))[:3]
    known = ", ".join(close[:3]) + (", …" if len(urls) > 3 else "")
    return f"no stored article at {wanted} (known: {known or 'none yet'}; `hainan-monitor articles` lists all {len(urls)})"


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b):
        if x != y:
            break
        n += 1
    return n


_MARK = re.compile(r"\[-(.*?)-\]|\{\+(.*?)\+\}", re.DOTALL)


def _print_history(record: dict) -> None:  # type: ignore[type-arg]
    console = Console(highlight=False, soft_wrap=True)
    click.echo(f"{one_line(record['title'])}\n{record['url']}  ({record['source']}, published {record['published']}, {record['versions']} versions)")
    for entry in record["history"]:
        click.echo(f"\n— version {entry['version']}, fetched {entry['fetched_at']}")
        if entry["diff"] is None:
            click.echo(f"  first version: {len(entry['text'])} characters")
        elif not entry["diff"]:
            click.echo("  (no text change)")
        elif console.is_terminal:
            console.print(_colour(entry["diff"]))
        else:
            click.echo(entry["diff"])


def _colour(marked: str) -> str:
    """The `[-old-]{+new+}` marks as red struck-through and green text, everything else escaped."""
    out, position = [], 0
    for match in _MARK.finditer(marked):
        out.append(escape(marked[position : match.start()]))
        if match.group(1) is not None:
            out.append(f"[red strike]{escape(match.group(1))}[/]")
        else:
            out.append(f"[green bold]{escape(match.group(2))}[/]")
        position = match.end()
    out.append(escape(marked[position:]))
    return "".join(out)
