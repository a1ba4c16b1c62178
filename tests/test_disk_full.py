"""A full disk stops the crawl at the first failed write with one line, the run marked failed and
the store intact. The disk is "full" through SQLite's own limit (`PRAGMA max_page_count`, set
by tests/harness/sitecustomize.py in the crawl's processes), which raises the real SQLITE_FULL."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from tests.helpers.crawl import FIXTURE_ENV
from tests.helpers.processes import assert_store_consistent, query

HARNESS = Path(__file__).parent / "harness"

pytestmark = pytest.mark.slow


def test_a_full_disk_stops_the_crawl_with_one_line_and_a_failed_run(cli, mirror, db_url):
    mirror.use(zh=1)
    assert cli("--db", db_url, "db", "upgrade").returncode == 0
    path = db_url.removeprefix("sqlite:///")
    with sqlite3.connect(path) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        pages = connection.execute("PRAGMA page_count").fetchone()[0]
    env = {**FIXTURE_ENV, "PYTHONPATH": str(HARNESS), "HM_TEST_MAX_PAGE_COUNT": str(pages + 1)}

    done = cli("--db", db_url, "crawl", "--mirror", mirror.origin, "--spider", "hainan_gov_zh", env=env)

    assert done.returncode == 1
    assert done.stderr.count(f"database or disk is full: {path}") == 1, done.stderr
    assert "Traceback" not in done.stderr and "Error processing" not in done.stderr
    assert "<html" not in done.stderr.lower()
    assert [line for line in done.stderr.splitlines() if "ERROR" in line or "error" in line] == [
        line for line in done.stderr.splitlines() if line.endswith(f"database or disk is full: {path}")
    ], done.stderr
    stored = query(db_url, "select count(*) from article_versions")[0][0]
    assert stored >= 1, "what fitted was kept"
    assert len(mirror.server.requests) < 23, "the crawl stopped instead of fetching every page"
    [(outcome, detail)] = query(db_url, "select outcome, detail from crawl_runs")
    assert outcome == "failed" and json.loads(detail)["finish_reason"] == "store_failed"
    assert_store_consistent(db_url)
