"""The crawl's item path (issue 16): batched, set-based writes that lose nothing, and a spider
start that reads only the articles it will re-check.

Real parts throughout: a synthetic en.hainan.gov.cn mirror (bench/crawl.py's generator) served by
the project's mirror server, `scrapy crawl` in a subprocess stopped with a real SIGTERM, and
SQLite files read back with plain SQL.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import event

from bench.crawl import START_URL, write_mirror
from db.store import Store
from monitor.service.mirror_server import MirrorServer
from scraper.items import ArticleItem, KnownArticle
from scraper.revisit import DEFAULT_POLICY, due_clause, is_due
from tests.helpers.cli import REPO
from tests.helpers.processes import assert_store_consistent, query, wait_for

SOURCE = "hainan_gov_en"


def _item(url: str, text: str, parks: tuple[str, ...] = ("yangpu",), etag: str | None = None) -> ArticleItem:
    return ArticleItem(
        url=url, source=SOURCE, host="en.hainan.gov.cn", language="en", title=f"Title of {url}", text=text,
        html="<html></html>", published=date(2024, 7, 1), parks=parks, etag=etag,
    )


def _counted(store: Store) -> list[str]:
    """The statements run on `store` from now on (a list that fills as they run)."""
    statements: list[str] = []
    event.listen(store.engine, "before_cursor_execute", lambda *args: statements.append(args[2]))
    return statements


# -- the store's batch write ----------------------------------------------------------------------


def test_a_batch_is_saved_with_a_few_statements_whatever_its_size(tmp_path: Path) -> None:
    store = Store.open(f"sqlite:///{tmp_path / 'monitor.db'}")
    store.ensure_source(SOURCE, "en.hainan.gov.cn")
    statements = _counted(store)
    results = store.save_many([_item(f"https://en.hainan.gov.cn/a/{n}.shtml", f"text {n}") for n in range(120)])
    writes = [s for s in statements if s.lstrip().upper().startswith(("SELECT", "INSERT", "UPDATE", "DELETE"))]
    # one lookup of the batch's URLs (in chunks of 500), one multi-row insert each of articles,
    # versions and parks; nothing per item (SQLAlchemy may split a multi-row insert, never 120 ways)
    assert len(writes) <= 10, writes
    assert [r.new_article for r in results] == [True] * 120
    assert query(f"sqlite:///{tmp_path / 'monitor.db'}", "select count(*) from article_versions") == [(120,)]
    store.close()


def test_a_batch_stores_new_articles_once_revisions_as_versions_and_keeps_order(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'monitor.db'}"
    store = Store.open(url)
    a, b, c = (f"https://en.hainan.gov.cn/a/{name}.shtml" for name in "abc")
    store.save_many([_item(a, "first"), _item(b, "second")])
    results = store.save_many([
        _item(a, "first", etag='"e2"'),  # unchanged: no version, the new validator kept
        _item(b, "second, revised", parks=("boao-lecheng",)),  # a revision with another park
        _item(c, "third", parks=()),
        _item(c, "third, revised at once"),  # the same URL twice in one batch: saved in order
    ])
    assert [(r.new_article, r.new_version) for r in results] == [(False, False), (False, True), (True, True), (False, True)]
    versions = query(url, "select a.url, v.number, v.etag from article_versions v join articles a on a.id = v.article_id order by 1, 2")
    assert versions == [(a, 1, '"e2"'), (b, 1, None), (b, 2, None), (c, 1, None), (c, 2, None)]
    parks = query(url, "select a.url, p.park from article_parks p join articles a on a.id = p.article_id order by 1")
    assert parks == [(a, "yangpu"), (b, "boao-lecheng"), (c, "yangpu")]
    assert_store_consistent(url)
    store.close()


# -- the spider's start: only the revisit candidates ---------------------------------------------


def test_the_revisit_query_returns_exactly_the_articles_the_policy_says_are_due(tmp_path: Path) -> None:
    store = Store.open(f"sqlite:///{tmp_path / 'monitor.db'}")
    today, clock = date(2024, 7, 6), datetime(2024, 7, 6, 12, 0)
    known: list[KnownArticle] = []
    for n, (age, hours_ago, dated) in enumerate(
        (age, hours, dated)
        for age in (-2, 0, 3, 7, 8, 29, 30, 31, 100, 180, 181, 400)
        for hours in (0.5, 23, 25, 167, 169, 719, 721)
        for dated in (True, False)
    ):
        checked = clock - timedelta(hours=hours_ago)
        item = _item(f"https://en.hainan.gov.cn/a/{n}.shtml", f"text {n}")
        item.published = today - timedelta(days=age) if dated else None
        item.fetched_at = checked if dated else datetime.combine(today - timedelta(days=age), checked.time())
        store.save(item)
        known.append(KnownArticle(item.url, item.published, item.fetched_at, None, None))
    for policy in ([list(rule) for rule in DEFAULT_POLICY], [[30, 24], [7, 0]], [[7.5, 1]]):
        expected = {article.url for article in known if is_due(article, today, clock, policy)}
        found = {row.url for row in store.articles_of(SOURCE, where=due_clause(today, clock, policy))}
        assert found == expected, policy
        assert 0 < len(found) < len(known)
    store.close()


@pytest.mark.parametrize(("mode", "policy", "reads"), [("none", None, False), ("due", [], False), ("due", None, True), ("all", None, True)])
def test_the_spider_start_reads_nothing_when_nothing_can_be_due(tmp_path: Path, mode: str, policy: list | None, reads: bool) -> None:
    from scrapy.utils.test import get_crawler

    from scraper.spiders.hainan_gov_en import HainanGovEnSpider

    store = Store.open(f"sqlite:///{tmp_path / 'monitor.db'}")
    store.save(_item("https://en.hainan.gov.cn/a/1.shtml", "text"))
    settings = {"REVISIT_MODE": mode, "REVISIT_NOW": "2024-07-02"}
    if policy is not None:
        settings["REVISIT_POLICIES"] = {SOURCE: policy}

    class Spider(HainanGovEnSpider):
        @property
        def store(self) -> Store:  # the test's store instead of the crawl's extension
            return store

    spider = Spider.from_crawler(get_crawler(Spider, settings))
    statements = _counted(store)
    candidates = spider.revisit_candidates()
    assert bool(statements) is reads
    assert [known.url for known in candidates] == (["https://en.hainan.gov.cn/a/1.shtml"] if reads else [])
    store.close()


# -- a crawl stopped by SIGTERM keeps every item it accepted ---------------------------------------


@pytest.mark.slow
def test_a_crawl_stopped_by_sigterm_keeps_every_article_it_accepted(tmp_path: Path) -> None:
    mirror = write_mirror(tmp_path / "mirror", 240)
    db_url = f"sqlite:///{tmp_path / 'monitor.db'}"
    env = {**os.environ}
    env.pop("HAINAN_MONITOR_DB", None)
    with MirrorServer(mirror) as server:
        settings = {
            "MIRROR_ORIGIN": server.origin, "HAINAN_MONITOR_DB": db_url, "LOG_LEVEL": "DEBUG",
            "START_URLS": json.dumps({SOURCE: [START_URL]}), "MAX_LIST_PAGES": "1000", "DOWNLOAD_DELAY": "0.02",
            # nothing is committed before the spider closes: only the close can save the accepted items
            "STORE_BATCH_ITEMS": "100000", "STORE_BATCH_SECONDS": "100000",
        }
        command = [sys.executable, "-m", "scrapy", "crawl", SOURCE, *(part for key, value in settings.items() for part in ("-s", f"{key}={value}"))]
        crawl = subprocess.Popen(command, cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            articles = lambda: sum(1 for _, path, status in list(server.requests) if "/Updates/2024" in path and status == 200)  # noqa: E731
            wait_for("40 articles fetched", lambda: articles() >= 40, timeout=60, process=crawl)
            crawl.send_signal(signal.SIGTERM)
            _, stderr = crawl.communicate(timeout=60)
        finally:
            if crawl.poll() is None:
                crawl.kill()
    assert crawl.returncode == 0, stderr[-3000:]
    accepted = set(re.findall(r"stored: (\S+)", stderr))
    stored = {url for (url,) in query(db_url, "select url from articles")}
    assert accepted and stored == accepted
    assert len(accepted) < 180, "the crawl was stopped before it fetched every park article"
    [(outcome, detail, seen)] = query(db_url, "select outcome, detail, articles_seen from crawl_runs")
    assert outcome == "interrupted" and json.loads(detail)["finish_reason"] == "shutdown"
    assert seen == len(accepted)
    assert_store_consistent(db_url)
