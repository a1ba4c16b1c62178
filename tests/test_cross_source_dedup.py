"""The same story on www.hnftp.gov.cn and www.hainan.gov.cn in the same week is one figure
report: two articles, two sets of figures, but each figure is alerted once, never as a change
from one outlet's copy to the other's."""

from __future__ import annotations

import pytest
from tests.helpers.crawl import crawl, module_mirror, query

pytestmark = pytest.mark.slow

ZH = "https://www.hainan.gov.cn/hainan/ywdt/202407/7d2e4b9a1c3f4e5d8a6b0c2d4e6f8a1b.shtml"  # 2024-07-05
HNFTP = "https://www.hnftp.gov.cn/xwzx/ywsd/202407/t20240706_3601234.html"  # 2024-07-06, retold


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    base = tmp_path_factory.mktemp("dedup")
    db_url = f"sqlite:///{base / 'monitor.db'}"
    with module_mirror(base) as mirror:
        crawl(db_url, mirror.use(zh=1, hnftp=1), "--spider", "hainan_gov_zh", "--spider", "hnftp")
    return db_url


def figure_keys(db_url: str, url: str) -> set[tuple]:
    return set(query(
        db_url,
        "SELECT f.park, f.metric, f.period, f.qualifier, f.value FROM figures f JOIN articles a ON a.id = f.article_id "
        "WHERE a.url = ?", url,
    ))


def test_both_outlets_report_the_same_figures(store):
    shared = figure_keys(store, ZH) & figure_keys(store, HNFTP)
    # At least the half-year investment and output of Yangpu are in both.
    assert {("yangpu", "investment_completed", "2024-01..2024-06", "actual", 12650000000.0),
            ("yangpu", "output_value", "2024-01..2024-06", "actual", 81500000000.0)} <= shared


def test_each_shared_figure_is_one_change_not_two(store):
    shared = {key[:4] for key in figure_keys(store, ZH) & figure_keys(store, HNFTP)}
    for park, metric, period, qualifier in shared:
        changes = query(
            store,
            "SELECT kind FROM changes WHERE park = ? AND metric = ? AND period IS ? AND qualifier = ? "
            "AND kind IN ('figure_new', 'figure_changed')",
            park, metric, period, qualifier,
        )
        assert changes == [("figure_new",)], (park, metric, period, qualifier, changes)


def test_both_articles_are_new_articles(store):
    new = {url for (url,) in query(store, "SELECT a.url FROM changes c JOIN articles a ON a.id = c.article_id WHERE c.kind = 'new_article'")}
    assert {ZH, HNFTP} <= new
