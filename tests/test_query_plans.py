"""The hot queries use their indexes (migrations 0007 and 0008), on SQLite and on PostgreSQL.

Each query is the project's own statement, run by the project's own function where that is a
read (the stages' pending-work lookups, delivery's undelivered changes), or built by the
function the stage executes (the figure replacement, the diff's prior reports). While it runs,
every statement sent to the database is also EXPLAINed on the same connection, so a change to
a query or to the schema that brings back a full scan of a big table fails here. PostgreSQL is
asked with sequential scans disabled: a plan that still scans a table has no index to use.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime, timedelta

from sqlalchemy import Engine, event

from db.store import Store
from monitor.alerts.delivery import pending_changes
from monitor.diff import detect_changes
from monitor.diff.figure_rules import FigureKey
from monitor.diff.standing import figures_query, standing_query
from monitor.diff.version_changes import pending_versions
from monitor.query.store_queries import latest_figure_records
from monitor.service.figure_stage import extract_pending, old_figures_statement
from tests.helpers.figure_store import Fig, Post, publish

#: Tables that grow with the store: a hot query must never read one of them from end to end.
BIG_TABLES = ("article_versions", "figures", "changes", "change_deliveries", "standing_figures")
SQLITE_SCAN = re.compile(rf"^SCAN ({'|'.join(BIG_TABLES)})\b")
PG_SCAN = re.compile(rf"Seq Scan on ({'|'.join(BIG_TABLES)})\b")


@contextmanager
def explained(engine: Engine) -> Iterator[list[tuple[str, list[str]]]]:
    """(statement, plan lines) for every statement run on `engine` inside the block."""
    plans: list[tuple[str, list[str]]] = []
    sqlite = engine.dialect.name == "sqlite"

    def explain(conn, cursor, statement, parameters, context, executemany):  # type: ignore[no-untyped-def]
        if executemany or not statement.lstrip().upper().startswith(("SELECT", "DELETE", "UPDATE")):
            return
        if sqlite:
            cursor.execute("EXPLAIN QUERY PLAN " + statement, parameters)
            plans.append((statement, [row[-1] for row in cursor.fetchall()]))
        else:
            cursor.execute("SET enable_seqscan = off")
            cursor.execute("EXPLAIN " + statement, parameters)
            plans.append((statement, [row[0] for row in cursor.fetchall()]))

    event.listen(engine, "before_cursor_execute", explain)
    try:
        yield plans
    finally:
        event.remove(engine, "before_cursor_execute", explain)


def plans_of(store: Store, run: Callable[[], object]) -> list[tuple[str, list[str]]]:
    with explained(store.engine) as plans:
        run()
    assert plans, "the query ran no statement"
    return plans


def assert_indexed(plans: list[tuple[str, list[str]]], index: str) -> None:
    """No full scan of a big table, and `index` serves the query."""
    for statement, plan in plans:
        scans = [line for line in plan if SQLITE_SCAN.search(line.strip()) or PG_SCAN.search(line)]
        assert not scans, f"full scan in the plan of\n{statement}\n" + "\n".join(plan)
    everything = "\n".join(line for _, plan in plans for line in plan)
    assert index in everything, f"{index} unused:\n{everything}"


def execute(store: Store, statement) -> Callable[[], object]:  # type: ignore[no-untyped-def]
    def run() -> None:
        with store.session() as session:
            session.execute(statement)
            session.rollback()

    return run


def test_the_hot_queries_use_their_indexes(store_url):
    store = Store.open(store_url)
    try:
        # the extraction stage's pending versions
        assert_indexed(plans_of(store, lambda: extract_pending(store)), "ix_article_versions_extracted_with")
        # the diff's pending versions
        assert_indexed(plans_of(store, lambda: pending_versions(store)), "ix_article_versions_diffed_at")
        # versions' old figures dropped before its (re)extraction is written
        assert_indexed(plans_of(store, execute(store, old_figures_statement([1, 2]))), "ix_figures_version_id")
        keys = [
            FigureKey("yangpu-edz", "projects_landed", None, "actual", "count"),
            FigureKey("gd-hn-manufacturing", "investment_total", "2024", "actual", "CNY"),
        ]
        # the diff's standing reports of the keys a batch states (migration 0008)
        assert_indexed(plans_of(store, execute(store, standing_query(keys))), "ix_standing_figures_key")
        # their rebuild from the figures of those keys, when an article's date changed
        assert_indexed(plans_of(store, execute(store, figures_query(keys))), "ix_figures_key")
        # the changes a channel has not accepted yet
        since = datetime(2026, 1, 1) - timedelta(days=1)
        assert_indexed(plans_of(store, lambda: pending_changes(store, "email", since)), "ix_change_deliveries_channel_change")
    finally:
        store.close()


def test_the_crawl_queries_use_their_indexes(store_url):
    """The spider's start (the revisit candidates with their newest version's validators) and the
    crawl's batch write (the batch's URLs and their newest versions) reach a version through the
    (article_id, number) index, article by article, never by reading the version table whole."""
    from scraper.items import ArticleItem
    from scraper.revisit import DEFAULT_POLICY, due_clause

    store = Store.open(store_url)
    try:
        unique_number = "sqlite_autoindex_article_versions_1" if store.engine.dialect.name == "sqlite" else "article_versions_article_id_number_key"
        items = [
            ArticleItem(url=f"https://en.hainan.gov.cn/a/{n}.shtml", source="hainan_gov_en", host="en.hainan.gov.cn",
                        language="en", title="t", text=f"text {n}", html="<p></p>", parks=("yangpu",))
            for n in range(3)
        ]
        store.save_many(items)
        due = due_clause(datetime(2026, 1, 1).date(), datetime(2026, 1, 1), [list(rule) for rule in DEFAULT_POLICY])
        assert_indexed(plans_of(store, lambda: store.articles_of("hainan_gov_en", where=due)), unique_number)
        assert_indexed(plans_of(store, lambda: store.articles_of("hainan_gov_en")), unique_number)
        assert_indexed(plans_of(store, lambda: store.save_many(items)), unique_number)
    finally:
        store.close()


def test_the_spider_start_reads_only_the_due_articles(store_url):
    """The revisit query (scraper/revisit.py `due_clause`) is a union of index ranges: the bands
    of young articles by published date, everything unchecked for the longest interval by last
    check (migration 0010), then the due articles' rows by their ids. No articles row is read
    to find out whether it is due (issue 16: 43 ms at 100,000 articles, 4 ms at 1,000). The
    store holds a year of articles, most of them old and checked recently; PostgreSQL is given
    its statistics (ANALYZE), as a store in use has them."""
    from sqlalchemy import text

    from scraper.items import ArticleItem
    from scraper.revisit import DEFAULT_POLICY, due_clause

    store = Store.open(store_url)
    try:
        items = [
            ArticleItem(url=f"https://en.hainan.gov.cn/a/{n}.shtml", source="hainan_gov_en", host="en.hainan.gov.cn",
                        language="en", title="t", text=f"text {n}", html="<p></p>", parks=("yangpu",),
                        published=date(2025, 12, 31) - timedelta(days=n))
            for n in range(3000)
        ]
        for item in items:
            item.fetched_at = datetime(2025, 12, 31, 12)
        store.save_many(items)
        if store.engine.dialect.name == "postgresql":
            with store.engine.begin() as connection:
                connection.execute(text("ANALYZE"))
        for policy in ([list(rule) for rule in DEFAULT_POLICY], [[30, 24], [7, 0]], [[7.5, 1]]):
            due = due_clause(date(2026, 1, 1), datetime(2026, 1, 1), policy)
            plans = plans_of(store, lambda: store.articles_of("hainan_gov_en", where=due))
            lines = [line for _, plan in plans for line in plan]
            everything = "\n".join(lines)
            assert not re.search(r"^\s*SCAN articles\b|Seq Scan on articles\b", everything, re.M), everything
            for number, line in enumerate(lines):  # PostgreSQL: an index read whole is a scan too
                if re.search(r"Scan (?:Backward )?using \w+ on articles\b", line):
                    assert "Index Cond" in lines[number + 1], everything
            assert "ix_articles_last_checked" in everything, everything
    finally:
        store.close()


def test_parks_reads_figures_from_the_newest_articles_on(store_url):
    """`parks` reads the keys from ix_figures_key alone, then the newest articles' dates
    (ix_articles_published), their current versions (the unique (article_id, number) index) and
    their figures (ix_figures_version_id): never the figures table from end to end."""
    store = Store.open(store_url)
    try:
        for number in range(3):
            publish(store, Post(f"https://en.example/{number}", date(2024, 7, 1 + number), (Fig("projects_landed", 27 + number),)))

        def run() -> None:
            with store.session() as session:
                assert latest_figure_records(session)

        plans = plans_of(store, run)
        everything = "\n".join(line for _, plan in plans for line in plan)
        for index in ("ix_figures_key", "ix_articles_published", "ix_figures_version_id"):
            assert index in everything, everything
        assert not re.search(r"^SCAN figures\b(?! USING COVERING INDEX)|Seq Scan on figures\b", everything, re.M), everything
    finally:
        store.close()


def test_an_incremental_diff_reads_no_big_table_end_to_end(store_url):
    """Every statement of a cycle's diff once the memory is built: pending versions, the batch's
    versions, figures and previous texts, the articles' standing dates, the standing reports of
    the batch's keys, the claim and the write-back."""
    store = Store.open(store_url)
    try:
        for number in range(3):
            publish(store, Post(f"https://en.example/{number}", date(2024, 7, 1 + number), (Fig("projects_landed", 27 + number),)))
        detect_changes(store)  # builds the memory (a rebuild reads every figure: not a hot path)
        publish(store, Post("https://en.example/new", date(2024, 9, 12), (Fig("projects_landed", 49),)))
        publish(store, Post("https://en.example/0", date(2024, 7, 1), (Fig("projects_landed", 28),), text="revised: 28"))
        plans = plans_of(store, lambda: detect_changes(store))
        assert_indexed(plans, "ix_standing_figures_key")
        everything = "\n".join(line for _, plan in plans for line in plan)
        assert "ix_standing_figures_article_id" in everything and "ix_figures_version_id" in everything, everything
    finally:
        store.close()
