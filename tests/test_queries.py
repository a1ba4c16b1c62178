"""The query commands (articles, history, figures, parks) and the SQL views, on a store built by
real crawls of the en mirror: snapshot 1, then snapshot 2 (a revision, and the 27 → 49 story)."""

from __future__ import annotations

import json
import sqlite3

import pytest

from monitor.query.word_diff import tokens, word_diff
from tests.helpers.cli import run_cli
from tests.helpers.crawled_stores import (
    GD_HN_27_URL,
    GD_HN_49_URL,
    en_store,
    query_in_process,
)

METRICS_FIELDS = {"park", "metric", "value", "unit", "qualifier", "bound", "period", "quote"}


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> str:
    return en_store(tmp_path_factory, tmp_path_factory.mktemp("queries"))


def query(db: str, *args: str):
    return run_cli("--db", db, *args)


def as_json(db: str, *args: str):
    done = query(db, *args, "--json")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)




# -- articles -------------------------------------------------------------------------------


@pytest.mark.slow
def test_articles_json_has_the_public_fields_newest_first(db):
    records = as_json(db, "articles")
    assert records, "the crawl stored articles"
    for record in records:
        assert {"url", "source", "title", "published", "language", "versions"} <= set(record)
    assert [r["published"] for r in records] == sorted((r["published"] for r in records), reverse=True)
    by_url = {r["url"]: r for r in records}
    assert by_url[GD_HN_27_URL]["versions"] == 2
    assert by_url[GD_HN_49_URL]["versions"] == 1


@pytest.mark.parametrize(
    ("filters", "included", "excluded"),
    [
        (["--park", "gd-hn-manufacturing"], [GD_HN_27_URL, GD_HN_49_URL], []),
        (["--since", "2024-09-01"], [GD_HN_49_URL], [GD_HN_27_URL]),
        (["--search", "rise to 49"], [GD_HN_49_URL], [GD_HN_27_URL]),  # in the title
        (["--search", "5.69 billion"], [GD_HN_27_URL], [GD_HN_49_URL]),  # only in the revised text
        (["--source", "hainan_gov_en"], [GD_HN_27_URL, GD_HN_49_URL], []),
    ],
)
@pytest.mark.slow
def test_articles_filters(db, filters, included, excluded):
    urls = {r["url"] for r in query_in_process(db, "articles", *filters)}
    assert set(included) <= urls
    assert not set(excluded) & urls


@pytest.mark.slow
def test_articles_table_is_aligned_and_readable(db):
    done = query(db, "articles", "--park", "gd-hn-manufacturing")
    assert done.returncode == 0
    assert "2 articles" in done.stdout
    assert "Guangdong-Hainan park's landed projects rise to 49" in done.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["articles", "--park", "gd-hn"], "unknown park 'gd-hn' (known: yangpu, jiangdong,"),
        (["articles", "--source", "hainan_gov"], "unknown source 'hainan_gov' (known: hainan_gov_en)"),
        (["figures", "--metric", "projects"], "unknown metric 'projects' (known: projects_landed, projects_signed,"),
        (["figures", "--park", "nowhere"], "unknown park 'nowhere' (known: yangpu,"),
        (["history", GD_HN_27_URL.replace("31.shtml", "32.shtml")], "no stored article at "),
    ],
)
@pytest.mark.slow
def test_unknown_names_get_one_line_listing_what_exists(db, args, message):
    done = query(db, *args)
    assert done.returncode != 0
    assert message in done.stderr
    assert "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


# -- history --------------------------------------------------------------------------------


@pytest.mark.slow
def test_history_shows_the_word_level_change_of_a_revision(db):
    record = as_json(db, "history", GD_HN_27_URL + "?ddtab=true")
    assert record["url"] == GD_HN_27_URL
    assert [v["version"] for v in record["history"]] == [1, 2]
    assert record["history"][0]["diff"] is None
    assert {"old": "5.2", "new": "5.69"} in record["history"][1]["edits"]
    human = query(db, "history", GD_HN_27_URL)
    assert "[-5.2-]{+5.69+}" in human.stdout
    assert "version 2" in human.stdout


@pytest.mark.parametrize(
    ("old", "new", "edits"),
    [
        ("总投资5.2亿元", "总投资5.69亿元", [("5.2", "5.69")]),  # a number is one token
        ("已落地27个项目", "已落地49个项目", [("27", "49")]),
        ("广东海南产业园", "广东海南合作产业园", [("", "合作")]),  # CJK by character
        ("has landed 27 projects", "has now landed 27 projects", [("", " now")]),  # Latin by word
        ("same text", "same text", []),
    ],
)
def test_word_diff_is_chinese_aware(old, new, edits):
    assert [(e.old, e.new) for e in word_diff(old, new).edits] == edits


def test_tokens_keep_latin_words_and_numbers_whole():
    assert tokens("Konka落地1,200家 firms") == ["Konka", "落", "地", "1,200", "家", " ", "firms"]


# -- figures --------------------------------------------------------------------------------


@pytest.mark.slow
def test_figures_json_is_a_time_series_with_the_article_behind_each_value(db):
    records = as_json(db, "figures", "--park", "gd-hn-manufacturing", "--metric", "projects_landed")
    assert [(r["value"], r["published"]) for r in records] == [(27, "2024-07-05"), (49, "2024-09-12")]
    assert [r["article_url"] for r in records] == [GD_HN_27_URL, GD_HN_49_URL]
    for record in records:
        assert METRICS_FIELDS | {"article_url", "published"} <= set(record)


@pytest.mark.parametrize(
    ("filters", "check"),
    [
        (["--period", "cumulative"], lambda r: r["period"] is None),
        (["--since", "2024-09-01"], lambda r: r["published"] >= "2024-09-01"),
        (["--source", "hainan_gov_en"], lambda r: r["source"] == "hainan_gov_en"),
        (["--metric", "projects_landed"], lambda r: r["metric"] == "projects_landed"),
    ],
)
@pytest.mark.slow
def test_figures_filters(db, filters, check):
    records = query_in_process(db, "figures", *filters)
    assert records
    assert all(check(r) for r in records)


@pytest.mark.slow
def test_figures_show_only_what_articles_say_now_unless_asked(db):
    current = query_in_process(db, "figures", "--park", "gd-hn-manufacturing", "--metric", "investment_total")
    every = query_in_process(db, "figures", "--park", "gd-hn-manufacturing", "--metric", "investment_total", "--all-versions")
    assert 5200000000 not in [r["value"] for r in current]  # superseded by the revision (5.69 billion)
    assert 5200000000 in [r["value"] for r in every]


@pytest.mark.slow
def test_figures_table_groups_by_park_and_metric(db):
    done = query(db, "figures", "--metric", "projects_landed")
    assert "Guangdong-Hainan Advanced Manufacturing Cooperation Industrial Park · gd-hn-manufacturing · projects_landed" in done.stdout
    assert "49" in done.stdout


# -- parks ----------------------------------------------------------------------------------


@pytest.mark.slow
def test_parks_lists_every_gazetteer_park_with_its_latest_figures(db):
    rows = {row["id"]: row for row in as_json(db, "parks")}
    assert {"yangpu", "jiangdong", "gd-hn-manufacturing", "key-parks"} <= set(rows)
    landed = [f for f in rows["gd-hn-manufacturing"]["latest_figures"] if f["metric"] == "projects_landed"]
    cumulative = [(f["value"], f["article_url"]) for f in landed if f["period"] is None]
    assert cumulative == [(49, GD_HN_49_URL)], "one latest value per key: 49 replaced 27"
    assert rows["gd-hn-manufacturing"]["name_zh"] == "广东海南先进制造业合作产业园"
    assert rows["jiangdong"]["latest_figures"] == []
    human = query(db, "parks", "--with-figures")
    assert "gd-hn-manufacturing" in human.stdout and "jiangdong" not in human.stdout


# -- SQL views ------------------------------------------------------------------------------


@pytest.mark.slow
def test_sql_views_answer_the_users_questions(db):
    connection = sqlite3.connect(db.removeprefix("sqlite:///"))
    latest = connection.execute(
        "SELECT value, article_url, published, source FROM latest_figures"
        " WHERE park = 'gd-hn-manufacturing' AND metric = 'projects_landed' AND period IS NULL"
    ).fetchall()
    assert latest == [(49.0, GD_HN_49_URL, "2024-09-12", "hainan_gov_en")]
    history = connection.execute(
        "SELECT value, published, version, is_current_version FROM figure_history"
        " WHERE park = 'gd-hn-manufacturing' AND metric = 'investment_total' AND value > 5e9"
        " AND published = '2024-07-05' ORDER BY version"
    ).fetchall()
    assert history == [(5200000000.0, "2024-07-05", 1, 0), (5690000000.0, "2024-07-05", 2, 1)]
    keys = connection.execute(
        "SELECT COUNT(*), COUNT(DISTINCT park || metric || IFNULL(period, '') || qualifier) FROM latest_figures"
    ).fetchone()
    assert keys[0] == keys[1], "one row per park, metric, period and qualifier"
