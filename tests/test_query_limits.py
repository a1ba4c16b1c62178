"""`changes`, `articles` and `figures` show the newest 50 rows unless `--limit N` says otherwise
(0: all), in the table and in the JSON alike, and say on stderr when they stopped at the limit."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest

from db.store import Store
from monitor.diff.change_stage import detect_changes
from monitor.diff.change_view import ChangeFilter, load_changes
from monitor.query.store_queries import ArticleFilter, FigureFilter, article_records, figure_records
from tests.helpers.cli import run_cli
from tests.helpers.figure_store import Fig, Post, publish

ARTICLES = 60
FIRST_DAY = date(2024, 1, 1)


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    """60 articles, one a day, each with one figure of its own value (so each figure is a change)."""
    url = f"sqlite:///{Path(tmp_path_factory.mktemp('limits')) / 'monitor.db'}"
    store = Store.open(url)
    for day in range(ARTICLES):
        published = FIRST_DAY + timedelta(days=day)
        publish(store, Post(f"https://example.org/a{day}", published, (Fig("projects_landed", float(day + 1)),)))
    detect_changes(store)
    store.close()
    return url


def test_the_queries_return_the_newest_rows_in_their_usual_order(db):
    store = Store.open(db)
    try:
        with store.session() as session:
            changes = [c.id for c in load_changes(session, ChangeFilter())]
            assert [c.id for c in load_changes(session, ChangeFilter(newest=7))] == changes[-7:]
            articles = article_records(session)
            assert article_records(session, ArticleFilter(newest=4)) == articles[:4]
            figures = figure_records(session)
            assert figure_records(session, FigureFilter(newest=9)) == figures[-9:]
            assert figure_records(session, FigureFilter(since=FIRST_DAY + timedelta(days=55), newest=9)) == figures[-5:]
    finally:
        store.close()


def cli_json(db: str, *args: str) -> tuple[list[dict], str]:
    result = run_cli("--db", db, *args, "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout), result.stderr


@pytest.mark.slow
def test_changes_show_the_newest_50_oldest_first_unless_told(db):
    every, note = cli_json(db, "changes", "--limit", "0")
    assert len(every) == 2 * ARTICLES  # a new article and its figure each
    assert note == ""
    newest, note = cli_json(db, "changes")
    assert [c["id"] for c in newest] == [c["id"] for c in every][-50:]
    assert "showing the newest 50" in note and "--limit 0" in note
    five, _ = cli_json(db, "changes", "--limit", "5")
    assert [c["id"] for c in five] == [c["id"] for c in every][-5:]


@pytest.mark.slow
def test_articles_show_the_newest_50_unless_told(db):
    every, _ = cli_json(db, "articles", "--limit", "0")
    assert len(every) == ARTICLES
    newest, note = cli_json(db, "articles")
    assert newest == every[:50]
    assert newest[0]["published"] == (FIRST_DAY + timedelta(days=ARTICLES - 1)).isoformat()
    assert "showing the newest 50" in note
    assert cli_json(db, "articles", "--limit", "3")[0] == every[:3]


@pytest.mark.slow
def test_figures_show_the_newest_50_in_time_series_order(db):
    every, _ = cli_json(db, "figures", "--limit", "0")
    assert len(every) == ARTICLES
    newest, note = cli_json(db, "figures")
    assert newest == every[-50:]  # one series, oldest first: the newest 50 are its tail
    assert "showing the newest 50" in note
    table = run_cli("--db", db, "figures", "--limit", "2", "--wide")
    assert table.returncode == 0, table.stderr
    last_two = [(FIRST_DAY + timedelta(days=day)).isoformat() for day in (ARTICLES - 2, ARTICLES - 1)]
    assert all(day in table.stdout for day in last_two)
    assert (FIRST_DAY + timedelta(days=ARTICLES - 3)).isoformat() not in table.stdout


def test_a_negative_limit_is_a_usage_error(db):
    result = run_cli("--db", db, "changes", "--limit", "-1")
    assert result.returncode == 2
    assert "--limit" in result.stderr
