"""`hainan-monitor articles` and `history URL`: what the store holds, and how an article changed."""

from __future__ import annotations

import difflib
from datetime import date

import click
from sqlalchemy import func, or_, select

from db.models import Article, ArticleVersion, Source
from monitor.app import App, pass_app
from monitor.display import print_json, print_table
from scraper.urls import canonical_url


__all__ = ["articles_command", "history_command"]


def article_record(article: Article, versions: int) -> dict[str, object]:
    return {
        "url": article.url,
        "source": article.source.name,
        "title": article.title,
        "published": article.published.isoformat() if article.published else None,
        "language": article.language,
        "versions": versions,
        "publisher": article.publisher,
        "parks": [park for park in article.relevance.split(",") if park and park != "park terms"],
        "first_seen": article.first_seen.isoformat(timespec="seconds") + "Z",
        "last_checked": article.last_checked.isoformat(timespec="seconds") + "Z",
    }


@click.command("articles")
@click.option("--source", help="Only this source (spider name).")
@click.option("--park", help="Only articles that mention this park id.")
@click.option("--since", type=click.DateTime(["%Y-%m-%d"]), help="Published on or after YYYY-MM-DD.")
@click.option("--search", help="Words in the title or text.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@pass_app
def articles_command(app: App, source: str | None, park: str | None, since, search: str | None, as_json: bool) -> None:
    """List stored articles, newest first."""
    versions = (
        select(ArticleVersion.article_id, func.count().label("n")).group_by(ArticleVersion.article_id).subquery()
    )
    query = select(Article, versions.c.n).join(versions, versions.c.article_id == Article.id).join(Source)
    if source:
        query = query.where(Source.name == source)
    if park:
        query = query.where(Article.relevance.like(f"%{park}%"))
    if since:
        query = query.where(Article.published >= since.date())
    if search:
        matching = select(ArticleVersion.article_id).where(ArticleVersion.text.contains(search))
        query = query.where(or_(Article.title.contains(search), Article.id.in_(matching)))
    query = query.order_by(Article.published.desc().nulls_last(), Article.id.desc())
    with app.store.session() as session:
        records = [article_record(article, count) for article, count in session.execute(query)]
    if as_json:
        print_json(records)
        return
    print_table(
        f"{len(records)} articles",
        ["published", "source", "lang", "v", "title", "url"],
        [[r["published"], r["source"], r["language"], r["versions"], r["title"], r["url"]] for r in records],
    )


@click.command("history")
@click.argument("url")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@pass_app
def history_command(app: App, url: str, as_json: bool) -> None:
    """Every stored version of one article, with what changed between them."""
    wanted = canonical_url(url)
    with app.store.session() as session:
        article = session.scalar(select(Article).where(Article.url == wanted))
        if article is None:
            raise click.ClickException(f"no stored article at {wanted} (`hainan-monitor articles` lists them)")
        versions = list(article.versions)
        record = {
            **article_record(article, len(versions)),
            "history": [
                {
                    "version": version.number,
                    "fetched_at": version.fetched_at.isoformat(timespec="seconds") + "Z",
                    "content_hash": version.content_hash,
                    "title": version.title,
                    "text": version.text,
                    "diff": text_diff(previous.text, version.text) if previous else None,
                }
                for previous, version in zip([None, *versions[:-1]], versions)
            ],
        }
    if as_json:
        print_json(record)
        return
    click.echo(f"{record['title']}\n{record['url']}  ({record['source']}, published {record['published']})")
    for entry in record["history"]:
        click.echo(f"\n— version {entry['version']}, fetched {entry['fetched_at']}")
        if entry["diff"] is None:
            click.echo(f"  {len(entry['text'])} characters")
        else:
            click.echo(entry["diff"] or "  (no text change)")


def text_diff(old: str, new: str) -> str:
    """A line diff of two versions' texts, unified format without file headers."""
    lines = difflib.unified_diff(old.splitlines(), new.splitlines(), lineterm="", n=1)
    return "\n".join(line for line in lines if not line.startswith(("---", "+++")))
