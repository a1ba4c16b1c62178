"""Helpers shared by the crawl tests: a mirror that lives for a whole test module (a crawl
costs seconds, so a module crawls once and asserts many things), the real CLI and the real
`scrapy crawl`, and plain-SQL reads of the store the way a user would query it."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from monitor.service.mirror_server import MirrorServer
from tests.helpers.cli import REPO, run_cli
from tests.helpers.mirrors import Mirror

#: Ages of the fixtures' articles are measured to this date (they are dated June–July 2024).
FIXTURE_NOW = "2024-07-06T12:00:00"
FIXTURE_ENV = {"HAINAN_MONITOR_REVISIT_NOW": FIXTURE_NOW}


@contextmanager
def module_mirror(base: Path) -> Iterator[Mirror]:
    empty = base / "empty"
    empty.mkdir(parents=True, exist_ok=True)
    with MirrorServer(empty) as server:
        yield Mirror(server, base)


def crawl(db_url: str, mirror: Mirror, *args: str, config: Path | None = None) -> subprocess.CompletedProcess[str]:
    """`hainan-monitor crawl --mirror ORIGIN ARGS`; fails the test when the command fails."""
    mirror.server.requests.clear()
    head = ["--config", str(config)] if config else []
    result = run_cli(*head, "--db", db_url, "crawl", "--mirror", mirror.origin, *args, env=FIXTURE_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Traceback" not in result.stderr, result.stderr  # the crawl child's errors end up here too
    return result


def scrapy_crawl(spider: str, db_url: str, mirror: Mirror, *args: str) -> subprocess.CompletedProcess[str]:
    """`scrapy crawl SPIDER` from the repository root, as a Scrapy user would run it."""
    mirror.server.requests.clear()
    env = {**os.environ, **FIXTURE_ENV}
    env.pop("HAINAN_MONITOR_DB", None)
    command = [sys.executable, "-m", "scrapy", "crawl", spider, "-s", f"MIRROR_ORIGIN={mirror.origin}",
               "-s", f"HAINAN_MONITOR_DB={db_url}", "-s", "LOG_LEVEL=WARNING", *args]
    result = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True, timeout=240, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    return result


def fetched(mirror: Mirror) -> list[str]:
    """Paths the mirror served since the last crawl started (robots.txt included)."""
    return [path for _, path, _ in mirror.server.requests]


def statuses(mirror: Mirror) -> dict[str, int]:
    return {path: status for _, path, status in mirror.server.requests}


def query(db_url: str, sql: str, *params: object) -> list[tuple]:
    with sqlite3.connect(db_url.removeprefix("sqlite:///")) as connection:
        return connection.execute(sql, params).fetchall()


def articles(db_url: str) -> dict[str, dict]:
    rows = query(
        db_url,
        "SELECT a.url, s.name, a.title, a.published, a.publisher, a.language, "
        "(SELECT text FROM article_versions v WHERE v.article_id = a.id ORDER BY number DESC LIMIT 1), "
        "(SELECT count(*) FROM article_versions v WHERE v.article_id = a.id) "
        "FROM articles a JOIN sources s ON s.id = a.source_id",
    )
    keys = ("source", "title", "published", "publisher", "language", "text", "versions")
    return {row[0]: dict(zip(keys, row[1:])) for row in rows}


def last_run(db_url: str, spider: str) -> dict:
    columns = ("requests", "new_articles", "new_versions", "not_modified", "irrelevant", "problems", "errors", "outcome", "detail")
    row = query(db_url, f"SELECT {', '.join(columns)} FROM crawl_runs WHERE spider = ? ORDER BY id DESC LIMIT 1", spider)[0]
    run = dict(zip(columns, row))
    run["detail"] = json.loads(run["detail"] or "{}")
    return run
