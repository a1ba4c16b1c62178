"""The diff's memory (`standing_figures`, migration 0008) changes how fast the diff is, never what it finds.

The reference is the diff reading every earlier figure of a key from `figures`, as it did before
the table: a store whose memory is rebuilt from the figures before each single version
(`mark_stale`, then `diff_version`). Generated stores, on SQLite and PostgreSQL, must give the
same changes either way: reports of one key in and out of the same-week window, revisions,
vanishing figures, several values of one key, old articles found late, undated articles that a
revision dates, and several cycles.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import func, select, text

from db import migrate
from db.engine import make_engine
from db.models import Change, StandingFigure, StoreState
from db.store import Store, utcnow
from monitor.diff import detect_changes
from monitor.diff.standing import BUILT, STALE, STATE, mark_stale
from monitor.diff.version_changes import diff_version, pending_versions
from monitor.service.figure_stage import extract_pending
from tests.helpers.backends import fresh_database
from tests.helpers.figure_store import GD, YP, Fig, Post, publish

U = "https://en.example/"
PARKS = (GD, YP)
METRICS = ("projects_landed", "investment_total")
START = date(2024, 1, 1)


def generated_cycles(seed: int, cycles: int = 4, per_cycle: int = 30) -> list[list[Post]]:
    """Cycles of posts over few keys, so every key has many reports, some within a week of each other."""
    rng = random.Random(seed)
    posts: dict[str, Post] = {}
    result = []
    for _ in range(cycles):
        cycle = []
        for _ in range(per_cycle):
            if posts and rng.random() < 0.25:  # a revision of a known article
                old = posts[rng.choice(sorted(posts))]
                published = old.published
                if published is None and rng.random() < 0.5:
                    published = START + timedelta(days=rng.randrange(400))  # the revision dates it
                post = Post(old.url, published, _figures(rng) if rng.random() < 0.8 else (), text=f"rev {rng.random()}")
            else:
                number = len(posts)
                published = None if rng.random() < 0.08 else START + timedelta(days=rng.randrange(400))
                post = Post(f"{U}{number}", published, _figures(rng), text=f"text {number} {rng.random()}")
            posts[post.url] = post
            cycle.append(post)
        result.append(cycle)
    return result


def _figures(rng: random.Random) -> tuple[Fig, ...]:
    figures = []
    for _ in range(rng.choice((1, 1, 2, 3))):
        metric = rng.choice(METRICS)
        value = float(rng.choice((27, 27, 49, 50, 61, 100)) * (1e8 if metric == "investment_total" else 1))
        figures.append(Fig(metric, value, park=rng.choice(PARKS), period=rng.choice((None, "2024"))))
    return tuple(figures)


def changes_of(store: Store) -> list[tuple]:
    with store.session() as session:
        return [
            (c.kind, c.article.url if c.article else None, c.park, c.metric, c.period, c.old_value, c.new_value,
             c.old_article.url if c.old_article else None, c.old_version_id, c.possible)
            for c in session.scalars(select(Change).order_by(Change.id))
        ]


def diff_from_figures(store: Store) -> None:
    """The reference: every version compared with the figures as stored, its memory rebuilt first."""
    for version_id in pending_versions(store):
        with store.session() as session:
            mark_stale(session)
        diff_version(store, version_id, utcnow())


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_memory_gives_the_changes_the_figures_give(tmp_path: Path, backend: str, seed: int) -> None:
    (tmp_path / "kept").mkdir()
    (tmp_path / "reference").mkdir()
    with fresh_database(backend, tmp_path / "kept") as kept_url, fresh_database(backend, tmp_path / "reference") as ref_url:
        kept, reference = Store.open(kept_url), Store.open(ref_url)
        try:
            for cycle in generated_cycles(seed):
                for post in cycle:
                    publish(kept, post)
                    publish(reference, post)
                detect_changes(kept)
                diff_from_figures(reference)
            found = changes_of(kept)
            assert found == changes_of(reference)
            kinds = {change[0] for change in found}
            assert {"figure_new", "figure_changed", "article_revised"} <= kinds, "the generated stores exercise the rules"
        finally:
            kept.close()
            reference.close()


def test_the_memory_stays_small_however_many_reports_a_key_has(db_url: str) -> None:
    """A key reported by 120 articles a few days apart keeps the reports of one week, not 120."""
    store = Store.open(db_url)
    for number in range(120):
        publish(store, Post(f"{U}{number}", START + timedelta(days=3 * number), (Fig("projects_landed", 27 + number % 2),)))
        if number % 40 == 39:
            detect_changes(store)
    with store.session() as session:
        rows = session.scalars(select(StandingFigure.published)).all()
    store.close()
    assert sorted(rows) == [START + timedelta(days=3 * n) for n in (117, 118, 119)]


def test_a_store_migrated_from_0007_is_compared_with_its_stored_figures(store_url: str) -> None:
    """Backfill on first use: a store diffed before migration 0008 keeps its history."""
    engine = make_engine(store_url)
    command.upgrade(migrate._config(engine), "0007")
    with engine.begin() as connection:  # ids left to the database, so PostgreSQL's sequences follow
        source = connection.execute(
            text("INSERT INTO sources (name, host, title) VALUES ('hainan_gov_en', 'h', '') RETURNING id")
        ).scalar_one()
        article = connection.execute(text(
            "INSERT INTO articles (url, source_id, language, title, published, first_seen, last_seen, last_checked)"
            " VALUES ('https://en.example/old', :source, 'en', 't', '2024-07-05', '2024-07-05', '2024-07-05',"
            " '2024-07-05') RETURNING id"
        ), {"source": source}).scalar_one()
        version = connection.execute(text(
            "INSERT INTO article_versions (article_id, number, fetched_at, content_hash, title, text, html_zlib,"
            " extracted_with, diffed_at) VALUES (:article, 1, '2024-07-05', 'h', 't', 'text', :html, 'test',"
            " '2024-07-05') RETURNING id"
        ), {"article": article, "html": b"\x00"}).scalar_one()
        connection.execute(text(
            "INSERT INTO figures (version_id, article_id, park, metric, value, unit, qualifier, bound, period, quote,"
            " extractor_version, binding) VALUES (:version, :article, :park, 'projects_landed', 27, 'count', 'actual',"
            " 'exact', NULL, 'landed 27 projects', 'test', 'named')"
        ), {"version": version, "article": article, "park": GD})
    engine.dispose()
    store = Store.open(store_url)
    try:
        with store.session() as session:
            assert session.get(StoreState, STATE).value == STALE
            assert session.scalar(select(func.count()).select_from(StandingFigure)) == 0
        publish(store, Post(U + "new", date(2024, 9, 12), (Fig("projects_landed", 49),)))
        detect_changes(store)
        moved = [(c.old_value, c.new_value, c.old_article.url) for c in _changes(store, "figure_changed")]
        assert moved == [(27, 49, "https://en.example/old")]
        with store.session() as session:
            assert session.get(StoreState, STATE).value == BUILT
    finally:
        store.close()
    command.downgrade(migrate._config(make_engine(store_url)), "0007")


def test_after_a_reextraction_the_diff_compares_with_the_new_figures(db_url: str) -> None:
    """`reextract` rewrites diffed versions' figures (here: the real extractor finds none in the
    test texts): the memory is marked stale and rebuilt, so 49 is a first report, not 27 → 49."""
    store = Store.open(db_url)
    publish(store, Post(U + "a", date(2024, 7, 5), (Fig("projects_landed", 27),)))
    detect_changes(store)
    extract_pending(store, everything=True)
    with store.session() as session:
        assert session.get(StoreState, STATE).value == STALE
    publish(store, Post(U + "b", date(2024, 9, 12), (Fig("projects_landed", 49),)))
    detect_changes(store)
    firsts = [(c.old_value, c.new_value) for c in _changes(store, "figure_new")]
    store.close()
    assert firsts == [(None, 27), (None, 49)]


def _changes(store: Store, kind: str) -> list[Change]:
    with store.session() as session:
        changes = list(session.scalars(select(Change).where(Change.kind == kind).order_by(Change.id)))
        for change in changes:
            _ = change.old_article
        return changes


def test_an_undated_article_dated_by_its_revision_is_compared_under_its_new_date(db_url: str) -> None:
    """Undated, an article stands as of the day it was first seen (today), the newest of its key,
    and the older reports leave the memory; its revision dates it back to July: from then on it
    is an old report, and September's 49 is the newest again, as the figures say."""
    store = Store.open(db_url)
    publish(store, Post(U + "b", date(2024, 9, 12), (Fig("projects_landed", 49),)))
    publish(store, Post(U + "a", None, (Fig("projects_landed", 27),)))  # type: ignore[arg-type]
    detect_changes(store)
    publish(store, Post(U + "a", date(2024, 7, 5), (Fig("projects_landed", 28),), text="dated and corrected: 28"))
    detect_changes(store)
    publish(store, Post(U + "c", date(2024, 9, 13), (Fig("projects_landed", 50),)))
    detect_changes(store)
    moved = [(c.old_value, c.new_value) for c in _changes(store, "figure_changed")]
    store.close()
    assert moved == [(49, 27), (49, 50)]
