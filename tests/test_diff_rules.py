"""Change detection rules (DESIGN.md §Changes) on a real SQLite store.

Each scenario is a list of steps; a step publishes articles (through `Store.save`, with the
figures the extractor would have written) and lists the changes one detection pass must find.
The extractor is not involved: the rules are about comparing figures, not finding them.
"""

from __future__ import annotations

import json
import logging
from datetime import date

import pytest
from sqlalchemy import select

from db.models import Change
from db.store import Store, utcnow
from monitor.diff import detect_changes
from monitor.diff.version_changes import diff_version, pending_versions
from tests.helpers.figure_store import YP, Fig, Post, Step, publish


def detected(store: Store) -> set[tuple]:
    """The changes of one pass as (kind, url-suffix, metric, old, new)."""
    before = _max_change_id(store)
    detect_changes(store)
    with store.session() as session:
        rows = session.scalars(select(Change).where(Change.id > before))
        return {
            (c.kind, c.article.url.rsplit("/", 1)[1] if c.article else None, c.metric, c.old_value, c.new_value)
            for c in rows
        }


def _max_change_id(store: Store) -> int:
    with store.session() as session:
        return max(session.scalars(select(Change.id)), default=0)


def new(url: str) -> tuple:
    return ("new_article", url, None, None, None)


def revised(url: str) -> tuple:
    return ("article_revised", url, None, None, None)


U = "https://en.example/"
JUL, SEP = date(2024, 7, 5), date(2024, 9, 12)

SCENARIOS: dict[str, list[Step]] = {
    "first report: new article and new figure": [
        Step((Post(U + "a", JUL, (Fig("projects_landed", 27),)),),
             {new("a"), ("figure_new", "a", "projects_landed", None, 27)}),
    ],
    "newer article with a new value: figure changed 27 → 49": [
        Step((Post(U + "a", JUL, (Fig("projects_landed", 27),)),), {new("a"), ("figure_new", "a", "projects_landed", None, 27)}),
        Step((Post(U + "b", SEP, (Fig("projects_landed", 49),)),), {new("b"), ("figure_changed", "b", "projects_landed", 27, 49)}),
    ],
    "the same value re-reported later is not a change": [
        Step((Post(U + "a", JUL, (Fig("projects_landed", 27),)),), {new("a"), ("figure_new", "a", "projects_landed", None, 27)}),
        Step((Post(U + "b", SEP, (Fig("projects_landed", 27),), text="another wording, 27 projects"),), {new("b")}),
    ],
    "two outlets, same value, same week: not a change": [
        Step((Post(U + "a", SEP, (Fig("projects_landed", 49),)),), {new("a"), ("figure_new", "a", "projects_landed", None, 49)}),
        Step((Post(U + "b", date(2024, 9, 14), (Fig("projects_landed", 49),), text="Daily: 49", source="hainan_daily"),), {new("b")}),
    ],
    "an old article found late never overrides a newer figure": [
        Step((Post(U + "b", SEP, (Fig("projects_landed", 49),)),), {new("b"), ("figure_new", "b", "projects_landed", None, 49)}),
        Step((Post(U + "a", JUL, (Fig("projects_landed", 27),)),), {new("a")}),
    ],
    "an old article found late may still be the first figure of its key": [
        Step((Post(U + "b", SEP, (Fig("projects_landed", 49),)),), {new("b"), ("figure_new", "b", "projects_landed", None, 49)}),
        Step((Post(U + "a", JUL, (Fig("projects_landed", 27), Fig("investment_total", 5.2e9))),),
             {new("a"), ("figure_new", "a", "investment_total", None, 5.2e9)}),
    ],
    "a revision that moves a figure: article revised and figure changed": [
        Step((Post(U + "a", JUL, (Fig("investment_total", 5.2e9),)),), {new("a"), ("figure_new", "a", "investment_total", None, 5.2e9)}),
        Step((Post(U + "a", JUL, (Fig("investment_total", 5.69e9),)),),
             {revised("a"), ("figure_changed", "a", "investment_total", 5.2e9, 5.69e9)}),
    ],
    "a correction in one of two same-week reports is a change, announced once": [
        Step((Post(U + "zh", date(2024, 7, 11), (Fig("investment_total", 61.25e9),)),
              Post(U + "en", date(2024, 7, 12), (Fig("investment_total", 61.25e9),), source="hainan_daily")),
             {new("zh"), new("en"), ("figure_new", "zh", "investment_total", None, 61.25e9)}),
        Step((Post(U + "zh", date(2024, 7, 11), (Fig("investment_total", 62.15e9),)),
              Post(U + "en", date(2024, 7, 12), (Fig("investment_total", 62.15e9),), source="hainan_daily")),
             {revised("zh"), revised("en"), ("figure_changed", "zh", "investment_total", 61.25e9, 62.15e9)}),
    ],
    "a revision of an old report does not override a much newer figure": [
        Step((Post(U + "a", JUL, (Fig("projects_landed", 27),)),), {new("a"), ("figure_new", "a", "projects_landed", None, 27)}),
        Step((Post(U + "b", SEP, (Fig("projects_landed", 49),)),), {new("b"), ("figure_changed", "b", "projects_landed", 27, 49)}),
        Step((Post(U + "a", JUL, (Fig("projects_landed", 28),), text="a corrected count: 28"),), {revised("a")}),
    ],
    "a revision whose figures did not change: article revised only": [
        Step((Post(U + "a", JUL, (Fig("projects_landed", 27),)),), {new("a"), ("figure_new", "a", "projects_landed", None, 27)}),
        Step((Post(U + "a", JUL, (Fig("projects_landed", 27),), text="27 projects, and a corrected typo"),), {revised("a")}),
    ],
    "figures that vanish (page parsed badly) are not changes, and still stand": [
        Step((Post(U + "a", JUL, (Fig("projects_landed", 27),)),), {new("a"), ("figure_new", "a", "projects_landed", None, 27)}),
        Step((Post(U + "a", JUL, (), text="Share to WeChat Weibo"),), {revised("a")}),
        Step((Post(U + "b", SEP, (Fig("projects_landed", 27),)),), {new("b")}),
    ],
    "the same page fetched again: nothing": [
        Step((Post(U + "a", JUL, (Fig("projects_landed", 27),)),), {new("a"), ("figure_new", "a", "projects_landed", None, 27)}),
        Step((Post(U + "a", JUL, (Fig("projects_landed", 27),)),), set()),
    ],
    "another period, qualifier or unit is another figure": [
        Step((Post(U + "a", JUL, (Fig("projects_landed", 27),)),), {new("a"), ("figure_new", "a", "projects_landed", None, 27)}),
        Step((Post(U + "b", SEP, (Fig("projects_landed", 12, period="2024"), Fig("projects_landed", 60, qualifier="target"),
                                  Fig("foreign_capital", 1e8), Fig("foreign_capital", 7e8, unit="CNY"))),),
             {new("b"), ("figure_new", "b", "projects_landed", None, 12), ("figure_new", "b", "projects_landed", None, 60),
              ("figure_new", "b", "foreign_capital", None, 1e8), ("figure_new", "b", "foreign_capital", None, 7e8)}),
    ],
    "another park is another figure; figures of no park are not compared": [
        Step((Post(U + "a", JUL, (Fig("projects_landed", 27), Fig("projects_landed", 5, park=None))),),
             {new("a"), ("figure_new", "a", "projects_landed", None, 27)}),
        Step((Post(U + "b", SEP, (Fig("projects_landed", 8, park=YP), Fig("projects_landed", 9, park=None))),),
             {new("b"), ("figure_new", "b", "projects_landed", None, 8)}),
    ],
    "found in one cycle, compared in publishing order": [
        Step((Post(U + "b", SEP, (Fig("projects_landed", 49),)), Post(U + "a", JUL, (Fig("projects_landed", 27),))),
             {new("a"), new("b"), ("figure_new", "a", "projects_landed", None, 27), ("figure_changed", "b", "projects_landed", 27, 49)}),
    ],
    "two values of one key in one article: the changed one is paired with its nearest": [
        Step((Post(U + "a", JUL, (Fig("investment_total", 5.2e9), Fig("investment_total", 1.1e8))),),
             {new("a"), ("figure_new", "a", "investment_total", None, 5.2e9), ("figure_new", "a", "investment_total", None, 1.1e8)}),
        Step((Post(U + "a", JUL, (Fig("investment_total", 5.69e9), Fig("investment_total", 1.1e8))),),
             {revised("a"), ("figure_changed", "a", "investment_total", 5.2e9, 5.69e9)}),
    ],
}


@pytest.mark.parametrize("steps", SCENARIOS.values(), ids=SCENARIOS.keys())
def test_changes_follow_the_rules(db_url: str, steps: list[Step]) -> None:
    store = Store.open(db_url)
    for number, step in enumerate(steps, 1):
        for post in step.posts:
            publish(store, post)
        assert detected(store) == step.expected, f"step {number}"
    assert detected(store) == set(), "a second pass over the same store finds nothing"


def test_a_version_claimed_by_another_run_is_not_diffed_twice(db_url: str) -> None:
    """Crash safety: diffed_at is set in the same transaction as the changes are written."""
    store = Store.open(db_url)
    publish(store, Post(U + "a", JUL, (Fig("projects_landed", 27),)))
    pending = pending_versions(store)
    assert len(pending) == 1
    first = diff_version(store, pending[0], utcnow())
    again = diff_version(store, pending[0], utcnow())
    assert sorted(first) == ["figure_new", "new_article"] and again == []


# -- source_failing --------------------------------------------------------------------

HEALTHY = dict(outcome="ok", counts={"requests": 8, "articles_seen": 2, "not_modified": 5}, detail={"list_pages": 1})
RUNS = {
    "failed": dict(outcome="failed", counts={"requests": 1, "errors": 1}, detail={"finish_reason": "finished"}),
    "no links on the list pages": dict(outcome="degraded", counts={"requests": 2}, detail={"list_pages": 2, "empty_lists": 2}),
    "most requests failed": dict(outcome="degraded", counts={"requests": 8, "errors": 5, "articles_seen": 1}, detail={"list_pages": 1}),
    "anti-bot pages": dict(outcome="degraded", counts={"requests": 4, "problems": 3, "not_modified": 1},
                           detail={"list_pages": 1, "problems/anti_bot": 3}),
}
NOT_FAILING = {
    "healthy": HEALTHY,
    "one page fails to parse among many": dict(outcome="degraded", counts={"requests": 8, "problems": 1, "not_modified": 6},
                                               detail={"list_pages": 1, "problems/unparsed": 1}),
    "one request error among many": dict(outcome="degraded", counts={"requests": 8, "errors": 1, "not_modified": 6},
                                         detail={"list_pages": 1}),
    "a quiet cycle: nothing new, nothing due": dict(outcome="ok", counts={"requests": 2}, detail={"list_pages": 1}),
}


def crawl(store: Store, cycle: str, run: dict) -> str:
    store.ensure_source("hainan_gov_en", "en.hainan.gov.cn")
    run_id = store.start_run(cycle, "hainan_gov_en")
    store.finish_run(run_id, run["outcome"], run["counts"], json.dumps(run["detail"]))
    return cycle


def failing_alerts(store: Store, cycle: str) -> list[str]:
    before = _max_change_id(store)
    detect_changes(store, cycle)
    with store.session() as session:
        return [c.summary for c in session.scalars(select(Change).where(Change.id > before, Change.kind == "source_failing"))]


def test_a_whole_and_its_part_under_one_key_are_never_alerted_as_a_move(db_url: str) -> None:
    """"新增市场主体1.2万户，其中外资企业87家": both are enterprises of the same period. A later
    article adding the part must not read as 12,000 → 87; it is kept as a possible change."""
    store = Store.open(db_url)
    publish(store, Post(U + "a", JUL, (Fig("enterprises", 12000, unit="count"),)))
    detect_changes(store)
    publish(store, Post(U + "b", SEP, (Fig("enterprises", 12000, unit="count"), Fig("enterprises", 87, unit="count"))))
    detect_changes(store)
    with store.session() as session:
        moved = [(c.old_value, c.new_value, c.possible) for c in session.scalars(select(Change).where(Change.kind == "figure_changed"))]
    store.close()
    assert moved == [(12000, 87, True)]


@pytest.mark.parametrize(("period", "old", "new", "possible"), [
    (None, 11000, 1200, True),  # a running total that falls below half: a period's count read as the total
    (None, 27, 26, False),  # a correction of a total is news
    (None, 27, 49, False),
    ("2024-01..2024-06", 11000, 1200, False),  # a period's count may fall as far as it likes
])
def test_a_running_total_that_halves_is_only_a_possible_change(db_url: str, period, old, new, possible) -> None:
    store = Store.open(db_url)
    publish(store, Post(U + "a", JUL, (Fig("enterprises", old, unit="count", period=period),)))
    detect_changes(store)
    publish(store, Post(U + "b", SEP, (Fig("enterprises", new, unit="count", period=period),)))
    detect_changes(store)
    with store.session() as session:
        moved = [(c.old_value, c.new_value, c.possible) for c in session.scalars(select(Change).where(Change.kind == "figure_changed"))]
    store.close()
    assert moved == [(old, new, possible)]


@pytest.mark.parametrize(("old", "new", "moved"), [
    ((1046, "exact"), (1000, "at_least"), []),  # "more than 1,000" after 1,046: a looser statement, nothing new
    ((3.1e9, "exact"), (3e9, "approx"), []),  # "about 3 billion" after 3.1 billion
    ((1000, "at_least"), (1046, "exact"), [(1000, 1046, False)]),  # the exact count after "more than 1,000": news
    ((800, "at_least"), (1000, "at_least"), [(800, 1000, False)]),  # passed 1,000: news
    ((1046, "exact"), (900, "at_least"), []),
    ((1046, "exact"), (1200, "at_least"), [(1046, 1200, False)]),
])
def test_a_bound_that_holds_the_value_told_before_moves_nothing(db_url: str, old, new, moved) -> None:
    store = Store.open(db_url)
    publish(store, Post(U + "a", JUL, (Fig("enterprises", old[0], unit="count", bound=old[1]),)))
    detect_changes(store)
    publish(store, Post(U + "b", SEP, (Fig("enterprises", new[0], unit="count", bound=new[1]),)))
    detect_changes(store)
    with store.session() as session:
        found = [(c.old_value, c.new_value, c.possible) for c in session.scalars(select(Change).where(Change.kind == "figure_changed"))]
    store.close()
    assert found == moved


@pytest.mark.parametrize("run", RUNS.values(), ids=RUNS.keys())
def test_a_broken_source_is_alerted_once_until_it_recovers(db_url: str, run: dict, caplog) -> None:
    store = Store.open(db_url)
    assert len(failing_alerts(store, crawl(store, "c1", run))) == 1
    assert failing_alerts(store, crawl(store, "c2", run)) == [], "still broken: no second alert"
    with caplog.at_level(logging.WARNING, logger="monitor.diff"):
        assert failing_alerts(store, crawl(store, "c3", HEALTHY)) == []
    assert "hainan_gov_en recovered" in caplog.text
    assert len(failing_alerts(store, crawl(store, "c4", run))) == 1, "broken again: alerted again"


@pytest.mark.parametrize("run", NOT_FAILING.values(), ids=NOT_FAILING.keys())
def test_noise_is_not_a_failing_source(db_url: str, run: dict) -> None:
    store = Store.open(db_url)
    assert failing_alerts(store, crawl(store, "c1", run)) == []
