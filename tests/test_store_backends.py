"""The store on SQLite and on a real PostgreSQL server: migrations, crawl → changes → queries,
the SQL views, the cycle lock, and first use by several processes at once.

The PostgreSQL variants need a server: `.ci/run` starts one and sets HAINAN_MONITOR_TEST_PG_URL;
without it they are skipped locally and fail in CI (see conftest.pg_admin_url).
"""

from __future__ import annotations

import json
import os
import re
import stat
from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, text

from tests.helpers.backends import BACKENDS, fresh_database
from tests.helpers.cli import run_cli
from tests.helpers.mirrors import build_snapshot
from tests.helpers.crawled_stores import GD_HN_27_URL, GD_HN_49_URL
from tests.helpers.processes import start_cli, wait_for
from monitor.service.cycle_lock import EXIT_LOCKED, lock_path
from monitor.service.mirror_server import MirrorServer

pytestmark = pytest.mark.slow


def rows(url: str, sql: str, **params: Any) -> list[tuple[Any, ...]]:
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            return [tuple(row) for row in connection.execute(text(sql), params)]
    finally:
        engine.dispose()


# -- migrations -----------------------------------------------------------------------------


def test_db_upgrade_migrates_an_empty_database_to_head_once(store_url):
    first = run_cli("--db", store_url, "db", "upgrade")
    assert first.returncode == 0, first.stderr
    assert re.fullmatch(r"database upgraded from empty to \d{4}\n", first.stdout)
    second = run_cli("--db", store_url, "db", "upgrade")
    assert second.returncode == 0 and second.stdout.startswith("database is up to date"), second.stderr
    assert rows(store_url, "SELECT COUNT(*) FROM latest_figures") == [(0,)]
    assert rows(store_url, "SELECT COUNT(*) FROM figure_history") == [(0,)]


def test_the_migrated_schema_equals_the_models(store_url):
    from db.models import Base
    from db.store import Store

    store = Store.open(store_url)
    try:
        with store.engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            assert compare_metadata(context, Base.metadata) == []
    finally:
        store.close()


@pytest.mark.parametrize("backend", BACKENDS)
def test_first_use_by_several_processes_at_once_migrates_once(backend, tmp_path):
    """Two crawls started together on a fresh database both used to migrate it ("table
    crawl_runs already exists"); migration now holds a lock, so every process succeeds."""
    for trial in range(4):
        folder = tmp_path / f"trial{trial}"
        folder.mkdir()
        with fresh_database(backend, folder) as url:
            processes = [start_cli("--db", url, "db", "upgrade") for _ in range(3)]
            results = [(process.wait(timeout=120), process.communicate()) for process in processes]
            for code, (stdout, stderr) in results:
                assert code == 0, stderr
            upgraded = [stdout for _, (stdout, _) in results if "upgraded from empty" in stdout]
            assert len(upgraded) >= 1
            assert rows(url, "SELECT COUNT(*) FROM alembic_version") == [(1,)]


# -- crawl → changes → queries, and the views -----------------------------------------------

_stories: dict[str, dict[str, Any]] = {}


def crawl_story(backend: str, factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The en mirror crawled at snapshot 1, then at snapshot 2 (`--revisit all`), and what every
    query command and view says afterwards (computed once per backend)."""
    if backend in _stories:
        return _stories[backend]
    folder = factory.mktemp(f"story-{backend}")
    story: dict[str, Any] = {}
    with fresh_database(backend, folder) as url, MirrorServer(build_snapshot(folder / "site1", {"en": 1})) as server:
        for snapshot in (1, 2):
            server.switch(build_snapshot(folder / f"site{snapshot}", {"en": snapshot}))
            done = run_cli("--db", url, "crawl", "--spider", "hainan_gov_en", "--mirror", server.origin, "--revisit", "all")
            assert done.returncode == 0, done.stderr
        for command in (("articles",), ("figures",), ("changes",), ("parks",), ("articles", "--search", "rise to 49")):
            done = run_cli("--db", url, *command, "--json")
            assert done.returncode == 0, done.stderr
            story[" ".join(command)] = json.loads(done.stdout)
        story["latest"] = rows(
            url,
            "SELECT value, article_url, published, source, binding FROM latest_figures"
            " WHERE park = 'gd-hn-manufacturing' AND metric = 'projects_landed' AND period IS NULL",
        )
        story["history"] = rows(
            url,
            "SELECT value, published, version, is_current_version, binding FROM figure_history"
            " WHERE park = 'gd-hn-manufacturing' AND metric = 'investment_total' AND value > 5e9"
            " AND published = '2024-07-05' ORDER BY version",
        )
        story["all latest"] = sorted(
            rows(url, "SELECT park, metric, period, qualifier, value, article_url FROM latest_figures"), key=repr
        )
    _stories[backend] = story
    return story


@pytest.fixture(scope="module", params=BACKENDS)
def story(request, tmp_path_factory) -> dict[str, Any]:
    if request.param == "postgresql":
        from tests.helpers.backends import pg_admin_url

        pg_admin_url()
    return crawl_story(request.param, tmp_path_factory)


def test_a_crawl_stores_articles_figures_and_the_changes(story):
    articles = {record["url"]: record for record in story["articles"]}
    assert articles[GD_HN_27_URL]["versions"] == 2 and articles[GD_HN_49_URL]["versions"] == 1
    moved = [c for c in story["changes"] if c["kind"] == "figure_changed" and c["park"] == "gd-hn-manufacturing"]
    assert [(c["metric"], c["old_value"], c["new_value"], c["article_url"]) for c in moved] == [
        ("projects_landed", 27, 49, GD_HN_49_URL)
    ]
    assert [record["url"] for record in story["articles --search rise to 49"]] == [GD_HN_49_URL]
    landed = [f for f in story["figures"] if f["park"] == "gd-hn-manufacturing" and f["metric"] == "projects_landed"]
    assert sorted(f["value"] for f in landed) == [27, 49]


def test_the_views_give_the_latest_figure_and_the_history(story):
    [(value, url, published, source, binding)] = story["latest"]
    assert (value, url, str(published), source, binding) == (49.0, GD_HN_49_URL, "2024-09-12", "hainan_gov_en", "named")
    assert [(v, str(p), n, bool(current), binding) for v, p, n, current, binding in story["history"]] == [
        (5200000000.0, "2024-07-05", 1, False, "carried"),
        (5690000000.0, "2024-07-05", 2, True, "carried"),
    ]


_VOLATILE = re.compile(r"(^id$|_id$|_at$|^first_seen$|^last_seen$|^last_checked$|^cycle)")


def _stable(value: Any) -> Any:
    """The records without row ids and clock times, which differ between any two runs."""
    if isinstance(value, dict):
        return {key: _stable(item) for key, item in value.items() if not _VOLATILE.search(key)}
    if isinstance(value, list):
        return [_stable(item) for item in value]
    return value


def test_postgresql_answers_every_query_as_sqlite_does(tmp_path_factory):
    from tests.helpers.backends import pg_admin_url

    pg_admin_url()
    sqlite, postgresql = (crawl_story(backend, tmp_path_factory) for backend in BACKENDS)
    for key in ("articles", "figures", "changes", "parks", "articles --search rise to 49"):
        assert _stable(postgresql[key]) == _stable(sqlite[key]), key
    assert [(v, u, str(p), s, b) for v, u, p, s, b in postgresql["latest"]] == \
        [(v, u, str(p), s, b) for v, u, p, s, b in sqlite["latest"]]
    assert postgresql["all latest"] == sqlite["all latest"]


# -- the cycle lock, and no password anywhere ------------------------------------------------


def _slow_config(folder: Path) -> Path:
    config = folder / "slow.toml"
    config.write_text("[crawl]\ndownload_delay = 0.35\n", encoding="utf-8")
    return config


@pytest.mark.parametrize("backend", BACKENDS)
def test_an_overlapping_crawl_refuses_and_no_password_leaks(backend, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))  # where non-SQLite locks live
    secret = "s3cret-Pa55"
    with fresh_database(backend, tmp_path, password=secret) as url, MirrorServer(build_snapshot(tmp_path / "site", {"en": 1})) as server:
        lock = lock_path(url)
        crawl = ("crawl", "--mirror", server.origin, "--spider", "hainan_gov_en")
        first = start_cli("--config", str(_slow_config(tmp_path)), "--db", url, *crawl)
        try:
            wait_for("the first crawl to hold the lock", lambda: lock.exists() and lock.read_text(encoding="utf-8"), process=first)
            second = run_cli("--db", url, *crawl)
            status = run_cli("--db", url, "status")
            status_json = run_cli("--db", url, "status", "--json")
            mode = stat.S_IMODE(lock.stat().st_mode)
            recorded = lock.read_text(encoding="utf-8")
            stdout, stderr = first.communicate(timeout=120)
        finally:
            if first.poll() is None:
                first.kill()
                first.wait()
    assert first.returncode == 0, stderr
    assert second.returncode == EXIT_LOCKED, second.stderr
    assert second.stderr.count("\n") == 1 and "another monitoring cycle is running" in second.stderr
    assert mode == 0o600
    assert status.returncode == 0 and status_json.returncode == 0, status.stderr + status_json.stderr
    assert "cycle running now" in status.stdout
    assert json.loads(status_json.stdout)["cycle_running"]["pid"] == first.pid
    for said in (recorded, second.stderr, status.stdout, status_json.stdout, stdout, stderr):
        assert secret not in said
    if backend == "postgresql":
        assert "***" in recorded and "***" in second.stderr


def test_the_lock_file_is_private_even_under_a_permissive_umask(tmp_path):
    from monitor.service.cycle_lock import FileLock

    old = os.umask(0)
    try:
        with FileLock(tmp_path / "x.lock"):
            mode = stat.S_IMODE((tmp_path / "x.lock").stat().st_mode)
    finally:
        os.umask(old)
    assert mode == 0o600


def test_an_old_lock_file_is_made_private(tmp_path):
    from monitor.service.cycle_lock import FileLock

    path = tmp_path / "old.lock"
    path.write_text("", encoding="utf-8")
    path.chmod(0o644)
    with FileLock(path):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
