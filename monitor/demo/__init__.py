"""The offline demo: two cycles over a bundled copy of the three sites, "before" and "after".

A new user should see the whole flow (crawl → store → extract → changes → alert) in a minute,
with no network and no configuration. The bundled sites (`sites/before`, `sites/after`,
in the layouts of SITES.md) are served on loopback by the same mirror server the tests use, and
the real spiders crawl them through `--mirror`, so the demo shows what the monitor really does.

Between the two states: new articles in English and Chinese, a revised article (Yangpu's trade
figure corrected), non-park news the relevance filter skips, and the Guangdong-Hainan park's
projects-landed figure moving 27 → 49 (the story of seed-article.txt).
"""

from __future__ import annotations

import logging
import shutil
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from db.models import Article, ArticleVersion, Change
from db.store import Store
from monitor.config import Config
from monitor.service.cycle import CycleResult, run_cycle
from monitor.service.mirror_server import MirrorServer
from monitor.diff.change_view import ChangeFilter, load_changes
from monitor.diff.kinds import FIGURE_CHANGED
from monitor.query.quotes import shorten
from monitor.query.store_queries import FigureFilter, change_bounds, figure_records, latest_records
from monitor.query.word_diff import word_diff
from monitor.service.cycle import CycleResult, run_cycle
from monitor.service.mirror_server import MirrorServer

log = logging.getLogger(__name__)

DEMO_SITES = Path(__file__).with_name("sites")
STATES = ("before", "after")
DEFAULT_DB = Path("hainan-monitor-demo.db")
#: SQLite's header field for "which application owns this file" (PRAGMA application_id): the
#: demo marks its database with it, so a rerun may replace its own file and nothing else.
DEMO_APPLICATION_ID = 0x484E4D44  # "HNMD"


class DemoError(RuntimeError):
    """The demo cannot run as asked (e.g. its database path holds someone else's data)."""


@dataclass
class CycleReport:
    state: str
    cycle: CycleResult
    new_articles: list[dict[str, Any]] = field(default_factory=list)
    revised_articles: list[dict[str, Any]] = field(default_factory=list)
    moved_figures: list[dict[str, Any]] = field(default_factory=list)
    change_ids: list[int] = field(default_factory=list)
    articles_total: int = 0
    #: Figures of each article's newest version (what the articles say now) …
    figures_total: int = 0
    #: … and of every version: a revised article's superseded version keeps its figures.
    figures_all_versions: int = 0


@dataclass
class DemoReport:
    db_path: Path
    origin: str
    cycles: list[CycleReport]
    kept_sites: Path | None = None


def prepare_database(path: Path) -> str:
    """A fresh SQLite file at `path` marked as the demo's; an existing demo file is replaced."""
    path = path.expanduser().resolve()
    if path.exists():
        if not is_demo_database(path):
            raise DemoError(
                f"{path} exists and is not a demo database; refusing to overwrite it "
                f"(run the demo in another folder, or pass --db sqlite:///other-demo.db)"
            )
        for stale in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
            stale.unlink(missing_ok=True)
    if not path.parent.is_dir():
        raise DemoError(f"the folder of the demo database does not exist: {path.parent}")
    connection = sqlite3.connect(path)
    try:
        connection.execute(f"PRAGMA application_id = {DEMO_APPLICATION_ID}")
        connection.commit()
    finally:
        connection.close()
    return f"sqlite:///{path}"


def is_demo_database(path: Path) -> bool:
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            return connection.execute("PRAGMA application_id").fetchone()[0] == DEMO_APPLICATION_ID
        finally:
            connection.close()
    except sqlite3.DatabaseError:
        return False


def run_demo(db_path: Path, keep: Path | None = None, progress: Callable[[str], None] = log.info) -> DemoReport:
    """Serve `before`, run a cycle, switch to `after`, run another; report what each found."""
    url = prepare_database(db_path)
    kept = _keep_sites(keep) if keep else None
    store = Store.open(url)
    config = Config()  # no configuration: no alert channels, defaults
    root = kept or DEMO_SITES
    cycles: list[CycleReport] = []
    try:
        with MirrorServer(root / STATES[0]) as server:
            for number, state in enumerate(STATES, start=1):
                server.switch(root / state)
                progress(f"cycle {number}/{len(STATES)}: crawling the '{state}' copy of the sites on {server.origin}")
                before = _marks(store)
                cycle = run_cycle(store, config, mirror=server.origin, revisit="all")
                progress(f"cycle {number}/{len(STATES)}: done ({cycle.figures} figures extracted)")
                cycles.append(_report(store, state, cycle, before))
            origin = server.origin
    finally:
        store.close()
    return DemoReport(db_path=Path(url.removeprefix("sqlite:///")), origin=origin, cycles=cycles, kept_sites=kept)


def _keep_sites(folder: Path) -> Path:
    """Copy the bundled sites to `folder` and serve them from there, so the user can look at them."""
    folder = folder.expanduser().resolve()
    for state in STATES:
        shutil.copytree(DEMO_SITES / state, folder / state, dirs_exist_ok=True)
    return folder


@dataclass(frozen=True)
class _Marks:
    """Where the store stood before a cycle: what came after these ids is the cycle's work."""

    article_id: int
    version_id: int
    change_id: int
    latest: dict[tuple[Any, ...], dict[str, Any]]


def _marks(store: Store) -> _Marks:
    with store.session() as session:
        latest = latest_records(figure_records(session))
        return _Marks(
            article_id=session.scalar(select(func.max(Article.id))) or 0,
            version_id=session.scalar(select(func.max(ArticleVersion.id))) or 0,
            change_id=session.scalar(select(func.max(Change.id))) or 0,
            latest={_key(record): record for record in latest},
        )


def _key(record: dict[str, Any]) -> tuple[Any, ...]:
    return (record["park"], record["metric"], record["period"], record["qualifier"])


def _report(store: Store, state: str, cycle: CycleResult, before: _Marks) -> CycleReport:
    report = CycleReport(state=state, cycle=cycle)
    with store.session() as session:
        for article in session.scalars(select(Article).where(Article.id > before.article_id).order_by(Article.published)):
            report.new_articles.append(_article(article))
        revised = session.scalars(
            select(Article)
            .join(ArticleVersion)
            .where(ArticleVersion.id > before.version_id, ArticleVersion.number > 1)
            .distinct()
        )
        report.revised_articles = [{**_article(article), "edits": _edits(article)} for article in revised]
        report.change_ids = list(session.scalars(select(Change.id).where(Change.id > before.change_id).order_by(Change.id)))
        # The moved figures are the cycle's figure_changed events, so the table names the same
        # article and source as the digest and `changes` (not whichever outlet reported last).
        moved = [c for c in load_changes(session, ChangeFilter(kind=FIGURE_CHANGED)) if c.id > before.change_id]
        bounds = change_bounds(session, [change.id for change in moved])
        report.moved_figures = [{**change.record(), "bound": bounds.get(change.id)} for change in moved]
        report.articles_total = session.scalar(select(func.count()).select_from(Article)) or 0
        report.figures_total = len(figure_records(session))
        report.figures_all_versions = len(figure_records(session, FigureFilter(all_versions=True)))
    return report


def _edits(article: Article) -> list[str]:
    """What the newest revision changed, as "old → new" snippets."""
    old, new = article.versions[-2], article.versions[-1]
    return [_edit_words(edit.old, edit.new) for edit in word_diff(old.text, new.text).edits]


def _edit_words(old: str, new: str) -> str:
    """One edit in words: "61.25 → 62.15", "added «…»", "removed «…»"."""
    if not old:
        return f"added «{shorten(new, 90)}»"
    if not new:
        return f"removed «{shorten(old, 90)}»"
    return f"{shorten(old, 60)} → {shorten(new, 60)}"


def _article(article: Article) -> dict[str, Any]:
    return {
        "url": article.url,
        "title": article.title,
        "published": article.published.isoformat() if article.published else None,
        "language": article.language,
        "source": article.source.name,
        "versions": len(article.versions),
    }
