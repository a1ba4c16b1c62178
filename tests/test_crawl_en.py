"""The en.hainan.gov.cn spider end to end: real mirror server, real crawl process, real SQLite."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers.cli import REPO

#: Real crawls, subprocesses or servers: seconds each (`python -m pytest -m "not slow"` skips them).
pytestmark = pytest.mark.slow

BASE = "https://en.hainan.gov.cn/englishsite"
GD_HN = f"{BASE}/Updates/202407/4f2a9c1e7b3d4e8fa1c26d5b9e0f7a31.shtml"
YANGPU = f"{BASE}/Updates/202407/9b1d3e5f7a2c4b6d8e0f1a3c5e7b9d2f.shtml"
LECHENG = f"{BASE}/Updates/202406/c3e5a7b9d1f24e6a8c0b2d4f6a8c0e1b.shtml"
BONDED = f"{BASE}/Updates/202405/5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b.shtml"
YAZHOU = f"{BASE}/oinf/202406/a9c8e7d6b5a44f3e2d1c0b9a8f7e6d5c.shtml"
GD_HN_49 = f"{BASE}/Updates/202409/d2c4e6a8b0f14d3c9a7e5b1f3d5c7e9a.shtml"

PARK_ARTICLES = {
    GD_HN: ("Guangdong-Hainan industrial park lands 27 projects in first half of the year", "2024-07-05", "Hainan Daily"),
    YANGPU: ("Yangpu port container throughput climbs as new routes open", "2024-07-03", "Hainan Daily"),
    LECHENG: ("Boao Lecheng pilot zone approves 12 new innovative drugs", "2024-06-28", "Hainan International Media Center"),
    BONDED: ("Haikou Comprehensive Bonded Zone sees import and export value rise", "2024-05-21", "Hainan Daily"),
    YAZHOU: ("Yazhou Bay Sci-Tech City bets on seed industry and deep-sea tech", "2024-06-24", "Hainan Daily"),
}


def articles(cli, db_url: str) -> dict[str, dict]:
    result = cli("--db", db_url, "articles", "--json")
    assert result.returncode == 0, result.stderr
    return {record["url"]: record for record in json.loads(result.stdout)}


def article_requests(mirror) -> list[str]:
    return [path for _, path, _ in mirror.server.requests if "/20" in path]


def test_crawl_stores_exactly_the_park_articles_and_each_revision_once(cli, mirror, db_url):
    mirror.use(en=1)
    first = cli("--db", db_url, "crawl", "--mirror", mirror.origin, "--spider", "hainan_gov_en")
    assert first.returncode == 0, first.stderr
    stored = articles(cli, db_url)
    assert set(stored) == set(PARK_ARTICLES)
    for url, (title, published, publisher) in PARK_ARTICLES.items():
        record = stored[url]
        assert (record["title"], record["published"], record["publisher"]) == (title, published, publisher)
        assert record["source"] == "hainan_gov_en"
        assert record["language"] == "en"
        assert record["versions"] == 1
    with sqlite3.connect(db_url.removeprefix("sqlite:///")) as db:
        text = db.execute(
            "select text from article_versions v join articles a on a.id = v.article_id where a.url = ?", (GD_HN,)
        ).fetchone()[0]
    assert text.startswith("The Guangdong-Hainan Advanced Manufacturing Cooperation Industrial Park in Haikou has landed 27 projects")
    assert "Views" not in text and "Share to" not in text and "third-party website" not in text

    # Same mirror again: list pages only, nothing new stored.
    mirror.use(en=1)
    second = cli("--db", db_url, "crawl", "--mirror", mirror.origin, "--spider", "hainan_gov_en")
    assert second.returncode == 0, second.stderr
    assert article_requests(mirror) == []
    assert {url: r["versions"] for url, r in articles(cli, db_url).items()} == {url: 1 for url in PARK_ARTICLES}

    # Snapshot 2: one article revised, one changed only its visit counter, one new article.
    mirror.use(en=2)
    third = cli("--db", db_url, "crawl", "--mirror", mirror.origin, "--spider", "hainan_gov_en", "--revisit", "all")
    assert third.returncode == 0, third.stderr
    versions = {url: r["versions"] for url, r in articles(cli, db_url).items()}
    assert versions == {**{url: 1 for url in PARK_ARTICLES}, GD_HN: 2, GD_HN_49: 1}
    statuses = {path.rsplit("/", 1)[-1]: status for _, path, status in mirror.server.requests}
    assert statuses["c3e5a7b9d1f24e6a8c0b2d4f6a8c0e1b.shtml"] == 304  # unchanged: a conditional 304

    history = cli("--db", db_url, "history", GD_HN + "?ddtab=true")
    assert history.returncode == 0, history.stderr
    assert "have a total investment of [-5.2-]{+5.69+} billion yuan" in history.stdout
    as_json = json.loads(cli("--db", db_url, "history", GD_HN, "--json").stdout)
    assert [entry["version"] for entry in as_json["history"]] == [1, 2]


def test_crawl_records_its_run(cli, mirror, db_url):
    mirror.use(en=1)
    result = cli("--db", db_url, "crawl", "--mirror", mirror.origin, "--spider", "hainan_gov_en")
    assert result.returncode == 0, result.stderr
    assert "hainan_gov_en" in result.stdout
    with sqlite3.connect(db_url.removeprefix("sqlite:///")) as db:
        row = db.execute(
            "select requests, new_articles, new_versions, irrelevant, outcome, finished_at from crawl_runs"
        ).fetchone()
    requests, new_articles, new_versions, irrelevant, outcome, finished_at = row
    assert (new_articles, new_versions, irrelevant) == (5, 5, 3)
    assert requests == len(mirror.server.requests)
    assert outcome == "ok" and finished_at


def test_scrapy_crawl_from_the_repository_root(mirror, tmp_path: Path):
    mirror.use(en=1)
    db_url = f"sqlite:///{tmp_path / 'scrapy.db'}"
    result = subprocess.run(
        [sys.executable, "-m", "scrapy", "crawl", "hainan_gov_en", "-s", f"MIRROR_ORIGIN={mirror.origin}", "-s", f"HAINAN_MONITOR_DB={db_url}"],
        cwd=REPO, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    with sqlite3.connect(tmp_path / "scrapy.db") as db:
        urls = {row[0] for row in db.execute("select url from articles")}
    assert urls == set(PARK_ARTICLES)
