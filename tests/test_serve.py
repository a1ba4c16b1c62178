"""`serve`: Datasette over the demo's store, read in process through Datasette's own ASGI client
(the real app, no mocks): the project's metadata, canned queries with 27 → 49, the chart hook,
and a store nobody can write through the web app."""

from __future__ import annotations

import asyncio
import hashlib
import json
import socket
import sqlite3
import sys
from pathlib import Path
from typing import Any

import httpx
import pytest

from click.testing import CliRunner

from tests.helpers.cli import run_cli
from tests.helpers.crawled_stores import demo_run
from monitor.publish.datasette_app import database_name, make_datasette, read_only_app

GD = "gd-hn-manufacturing"


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory) -> Path:
    done, db = demo_run(tmp_path_factory)
    assert done.returncode == 0, done.stderr
    return db


@pytest.fixture(scope="module")
def site(demo_db):
    return make_datasette(demo_db), database_name(demo_db)


def request(site: Any, method: str, path: str, **kwargs: Any) -> httpx.Response:
    """One request to the ASGI app `serve` runs (Datasette behind the read-only gate)."""
    datasette, _name = site

    async def call() -> httpx.Response:
        transport = httpx.ASGITransport(app=read_only_app(datasette))
        async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as client:
            return await client.request(method, path, **kwargs)

    return asyncio.run(call())


def get(site: Any, path: str) -> httpx.Response:
    return request(site, "GET", path)


def rows(site: Any, query: str, **params: str) -> list[dict[str, Any]]:
    _datasette, name = site
    args = "&".join(f"{key}={value}" for key, value in params.items())
    response = get(site, f"/{name}/{query}.json?_shape=array&{args}")
    assert response.status_code == 200, response.text
    return response.json()


def test_moved_this_week_shows_27_to_49_with_its_article_and_quote(site) -> None:
    moved = [row for row in rows(site, "moved_this_week") if row["old_to_new"] == "27 → 49"]
    assert len(moved) == 1, rows(site, "moved_this_week")
    row = moved[0]
    assert (row["kind"], row["park"], row["metric"], row["period"]) == ("figure_changed", GD, "projects_landed", "cumulative")
    assert row["article_url"].startswith("http") and "49" in row["quote"]


def test_history_of_one_parks_metric_lists_every_report_in_time(site) -> None:
    history = rows(site, "park_metric_history", park=GD, metric="projects_landed")
    assert [row["value"] for row in history] == [27, 27, 27, 49, 49, 49]
    assert [row["published"] for row in history] == sorted(row["published"] for row in history)
    assert all(row["article_url"].startswith("http") and row["quote"] for row in history)


def test_latest_per_park_articles_and_sources_health(site) -> None:
    latest = {(row["metric"], row["period"]): row for row in rows(site, "latest_per_park", park=GD)}
    assert latest[("projects_landed", "cumulative")]["value"] == 49
    assert latest[("projects_landed", "cumulative")]["park_name"] == "广东海南先进制造业合作产业园"
    assert {row["park"] for row in rows(site, "latest_per_park")} >= {GD, "yangpu"}
    articles = rows(site, "park_articles", park="yangpu")
    assert len(articles) == 2 and {row["versions"] for row in articles} == {2}
    health = rows(site, "sources_health")
    assert {row["source"]: row["health"] for row in health} == {
        "hainan_daily": "ok", "hainan_gov_en": "ok", "hainan_gov_zh": "ok"}
    assert all(row["last_outcome"] == "ok" and row["articles"] > 0 for row in health)


def test_tables_carry_titles_descriptions_column_docs_and_facets(site) -> None:
    _datasette, name = site
    page = get(site, f"/{name}/changes")
    assert page.status_code == 200
    assert "The events the monitor detected" in page.text
    for facet in ("kind", "park", "metric"):
        assert f'id="facet-{facet}" data-column="{facet}"' in page.text, facet
    latest = get(site, f"/{name}/latest_figures").text
    assert "Latest figures" in latest and "actual (reported as done) or target (planned)" in latest
    home = get(site, "/").text
    assert "What moved this week" in home and "History of one park" in home
    assert "alembic_version" not in get(site, f"/{name}").text  # hidden


def test_history_page_loads_the_chart_plugin_and_opens_as_a_chart(site) -> None:
    _datasette, name = site
    page = get(site, f"/{name}/park_metric_history?park={GD}&metric=projects_landed").text
    assert "/-/static-plugins/datasette_vega/" in page
    assert "g.mark=line" in page and "history.replaceState" in page
    script = page[page.index("/-/static-plugins/datasette_vega/"):].split('"')[0]
    assert get(site, script).status_code == 200


def test_the_store_cannot_be_written_through_the_web_app(site, demo_db) -> None:
    datasette, name = site
    before = hashlib.sha256(demo_db.read_bytes()).hexdigest()
    refused = get(site, f"/{name}.json?sql=DELETE+FROM+changes")
    assert refused.status_code == 400
    database = datasette.get_database(name)
    with pytest.raises(sqlite3.OperationalError, match="readonly"):
        asyncio.run(database.execute_fn(lambda conn: conn.execute("DELETE FROM changes")))
    for method in ("POST", "PUT", "DELETE", "PATCH"):
        answer = request(site, method, f"/{name}/moved_this_week", data={"days": "7"})
        assert answer.status_code == 405 and answer.headers["allow"] == "GET, HEAD"
    assert hashlib.sha256(demo_db.read_bytes()).hexdigest() == before


def test_print_metadata_is_datasette_metadata_json(demo_db) -> None:
    done = run_cli("--db", f"sqlite:///{demo_db}", "serve", "--print-metadata")
    assert done.returncode == 0, done.stderr
    metadata = json.loads(done.stdout)
    queries = metadata["databases"][demo_db.stem]["queries"]
    assert set(queries) == {"latest_per_park", "moved_this_week", "park_metric_history", "park_articles", "sources_health"}
    assert metadata["databases"][demo_db.stem]["tables"]["changes"]["facets"] == ["kind", "park", "metric", "source_id"]


def test_binding_beyond_loopback_warns_and_a_busy_port_is_one_line(demo_db) -> None:
    with socket.socket() as busy:
        busy.bind(("0.0.0.0", 0))  # bound, never listening: nothing can connect to it
        port = busy.getsockname()[1]
        done = run_cli("--db", f"sqlite:///{demo_db}", "serve", "--host", "0.0.0.0", "--port", str(port), timeout=60)
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert lines[0].startswith("warning: serving on 0.0.0.0: anyone who can reach this machine")
    assert lines[1] == f"error: cannot listen on 0.0.0.0:{port}: Address already in use (try --port)"


@pytest.mark.parametrize(
    ("db", "message"),
    [
        ("postgresql://monitor@localhost/monitor", "serve shows a SQLite store"),
        ("sqlite:///{tmp}/missing.db", "no store at"),
    ],
)
def test_serve_needs_an_existing_sqlite_store(db: str, message: str, tmp_path) -> None:
    done = run_cli("--db", db.format(tmp=tmp_path), "serve", timeout=60)
    assert done.returncode == 2 and message in done.stderr
    assert not (tmp_path / "missing.db").exists()


def test_serve_without_the_web_extra_says_how_to_install_it(demo_db, monkeypatch) -> None:
    from monitor.cli import cli

    for module in ("datasette", "datasette.app", "monitor.publish.datasette_app"):
        monkeypatch.setitem(sys.modules, module, None)  # as if Datasette were not installed
    done = CliRunner().invoke(cli, ["--db", f"sqlite:///{demo_db}", "serve"])
    assert done.exit_code == 1
    assert "the serve command needs Datasette: pip install 'hainan-park-monitor[web]'" in done.output
