"""Incremental crawling end to end: a second crawl of an unchanged site sends only list-page
requests (plus robots.txt) and conditional re-checks of young articles; `--revisit all|none`;
the list-page cap; and one cycle of all three spiders.

Ages are measured to 2024-07-06 (HAINAN_MONITOR_REVISIT_NOW), so the July articles are young
(re-checked every cycle) and the June and March ones are not due.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from scrapy.settings import Settings

from scraper.items import KnownArticle
from scraper.revisit import DEFAULT_POLICY, is_due
from scraper.spiders.hainan_gov_zh import HainanGovZhSpider
from tests.helpers.crawl import (
    articles,
    crawl,
    fetched,
    last_run,
    module_mirror,
    statuses,
)

WWW = "/www.hainan.gov.cn/hainan"
ZH_LISTS = [f"{WWW}/ywdt/xw.shtml", f"{WWW}/sxian/list3.shtml", f"{WWW}/5309/list3.shtml",
            f"{WWW}/tingju/list3.shtml", f"{WWW}/zmgyshj/list_hnzymyg.shtml"]
ZH_YOUNG = [f"{WWW}/ywdt/202407/7d2e4b9a1c3f4e5d8a6b0c2d4e6f8a1b.shtml", f"{WWW}/ywdt/202407/9f1e3d5c7b2a4e6d8c0f1b3d5e7a9c2b.shtml",
            f"{WWW}/sxian/202407/5d7f9b1c3e2a4c6e8b0d1f3a5c7e9b2d.shtml", f"{WWW}/tingju/202407/c7e9a1b3d5f24c6e8a0b2d4f6c8e0a2d.shtml",
            f"{WWW}/zmgyshj/202407/d4f6a8c0e2b14d3f5a7c9e1b3d5f7a0c.shtml"]
ZH_REVISED = f"{WWW}/sxian/202403/6e8a0c2d4f1b3e5a7c9d0f2b4e6a8c1d.shtml"  # March: old, never due
ZH_ROBOTS = "/www.hainan.gov.cn/robots.txt"
PAPER = "/news.hndaily.cn"
PAPER_LISTS = [f"{PAPER}/robots.txt", f"{PAPER}/paperindex.htm", f"{PAPER}/html/2024-07/04/node_1.htm",
               f"{PAPER}/html/2024-07/04/node_2.htm", f"{PAPER}/html/2024-07/04/node_5.htm"]
PAPER_REVISED = f"{PAPER}/html/2024-07/04/content_58464_19684674.htm"


def cycle(db_url, mirror, *args):
    crawl(db_url, mirror, *args)
    return {"paths": fetched(mirror), "statuses": statuses(mirror)}


@pytest.fixture(scope="module")
def zh(tmp_path_factory):
    """One store crawled five times: first, unchanged, revised (due), revised (all), none."""
    base = tmp_path_factory.mktemp("zh-incremental")
    db_url = f"sqlite:///{base / 'monitor.db'}"
    runs = {}
    with module_mirror(base) as mirror:
        mirror.use(zh=1)
        for name, args in (("first", ()), ("second", ())):
            runs[name] = cycle(db_url, mirror, "--spider", "hainan_gov_zh", *args)
            runs[name]["run"] = last_run(db_url, "hainan_gov_zh")
        mirror.use(zh=2)
        for name, args in (("due", ()), ("all", ("--revisit", "all")), ("none", ("--revisit", "none"))):
            runs[name] = cycle(db_url, mirror, "--spider", "hainan_gov_zh", *args)
            runs[name]["run"] = last_run(db_url, "hainan_gov_zh")
            runs[name]["revised"] = articles(db_url)[f"https://www.hainan.gov.cn/hainan/sxian/202403/{ZH_REVISED.rsplit('/', 1)[1]}"]
        yield runs


@pytest.mark.slow
def test_first_crawl_fetches_lists_their_second_pages_and_every_article(zh):
    first = zh["first"]
    assert len(first["paths"]) == 23  # robots.txt + 7 list pages + 15 articles
    assert first["run"]["requests"] == 23


@pytest.mark.slow
def test_second_crawl_sends_list_pages_and_conditional_rechecks_of_young_articles(zh):
    second = zh["second"]
    assert sorted(second["paths"]) == sorted([ZH_ROBOTS, *ZH_LISTS, *ZH_YOUNG])
    assert {second["statuses"][path] for path in ZH_YOUNG} == {304}
    run = second["run"]
    assert (run["requests"], run["not_modified"], run["new_articles"], run["new_versions"]) == (11, 5, 0, 0)
    assert run["detail"]["conditional_requests"] == 5


@pytest.mark.slow
def test_due_policy_leaves_an_old_article_alone(zh):
    assert ZH_REVISED not in zh["due"]["paths"]
    assert zh["due"]["revised"]["versions"] == 1


@pytest.mark.slow
def test_revisit_all_finds_the_revision_of_an_old_article_with_one_request_each(zh):
    run = zh["all"]["run"]
    article_paths = [path for path in zh["all"]["paths"] if path not in ZH_LISTS and path != ZH_ROBOTS]
    assert len(article_paths) == len(set(article_paths)) == 8  # one conditional request per known article
    assert (run["not_modified"], run["new_versions"], run["new_articles"]) == (7, 1, 0)
    revised = zh["all"]["revised"]
    assert revised["versions"] == 2 and "在校生已突破3500人" in revised["text"]


@pytest.mark.slow
def test_revisit_none_only_looks_for_new_articles(zh):
    assert sorted(zh["none"]["paths"]) == sorted([ZH_ROBOTS, *ZH_LISTS])


@pytest.fixture(scope="module")
def paper(tmp_path_factory):
    base = tmp_path_factory.mktemp("hndaily-incremental")
    db_url = f"sqlite:///{base / 'monitor.db'}"
    runs = {}
    with module_mirror(base) as mirror:
        mirror.use(hndaily=1)
        runs["first"] = cycle(db_url, mirror, "--spider", "hainan_daily")
        runs["second"] = cycle(db_url, mirror, "--spider", "hainan_daily")
        mirror.use(hndaily=2)
        runs["due"] = cycle(db_url, mirror, "--spider", "hainan_daily")
        runs["all"] = cycle(db_url, mirror, "--spider", "hainan_daily", "--revisit", "all")
        runs["all"]["run"] = last_run(db_url, "hainan_daily")
        runs["stored"] = articles(db_url)
        yield runs


@pytest.mark.slow
def test_paper_second_crawl_refetches_no_content_page(paper):
    assert len(paper["first"]["paths"]) == 12  # robots, index, 3 pages, 7 articles
    assert sorted(paper["second"]["paths"]) == sorted(PAPER_LISTS)
    assert sorted(paper["due"]["paths"]) == sorted(PAPER_LISTS)  # issues do not change: nothing is due


@pytest.mark.slow
def test_paper_revisit_all_rechecks_every_known_article_conditionally(paper):
    content = {path: status for path, status in paper["all"]["statuses"].items() if "/content_" in path}
    assert len(content) == 4 and content.pop(PAPER_REVISED) == 200 and set(content.values()) == {304}
    run = paper["all"]["run"]
    assert (run["requests"], run["not_modified"], run["new_versions"]) == (9, 3, 1)
    revised = paper["stored"]["http://news.hndaily.cn/html/2024-07/04/content_58464_19684674.htm"]
    assert revised["versions"] == 2 and "1032.6亿元" in revised["text"]


@pytest.mark.slow
def test_list_page_cap(mirror, db_url, tmp_path):
    config = tmp_path / "monitor.toml"
    config.write_text("[crawl]\nmax_list_pages = 1\n", encoding="utf-8")
    mirror.use(zh=1)
    crawl(db_url, mirror, "--spider", "hainan_gov_zh", config=config)
    paths = fetched(mirror)
    assert f"{WWW}/ywdt/xw_2.shtml" not in paths and f"{WWW}/sxian/list3_2.shtml" not in paths
    assert len(articles(db_url)) == 6  # the two park articles only on second pages wait for a later run


@pytest.mark.slow
def test_one_cycle_runs_all_three_spiders(mirror, db_url):
    mirror.use(en=1, zh=1, hndaily=1)
    result = crawl(db_url, mirror)
    for spider in ("hainan_gov_en", "hainan_gov_zh", "hainan_daily"):
        assert spider in result.stdout
        assert last_run(db_url, spider)["outcome"] == "ok"
    sources = [row["source"] for row in articles(db_url).values()]
    assert (sources.count("hainan_gov_zh"), sources.count("hainan_daily")) == (8, 4)
    assert sources.count("hainan_gov_en") >= 1
    hosts = {path.split("/")[1] for path in fetched(mirror)}
    assert hosts == {"en.hainan.gov.cn", "www.hainan.gov.cn", "news.hndaily.cn"}


# -- the policy and the politeness settings, without a crawl ------------------------------------

CLOCK = datetime(2026, 1, 10, 12, 0)


@pytest.mark.parametrize(
    ("published", "checked_hours_ago", "policy", "due"),
    [
        (date(2024, 7, 5), 0.1, DEFAULT_POLICY, True),  # young: every cycle
        (date(2024, 6, 20), 2, DEFAULT_POLICY, False),  # 16 days: once a day
        (date(2024, 6, 20), 25, DEFAULT_POLICY, True),
        (date(2024, 3, 15), 100, DEFAULT_POLICY, False),  # 113 days: once a week
        (date(2024, 3, 15), 170, DEFAULT_POLICY, True),
        (date(2023, 1, 1), 700, DEFAULT_POLICY, False),  # older than every rule: once in 30 days
        (date(2024, 7, 5), 1000, [], False),  # an empty policy: never due (a printed paper)
    ],
)
def test_revisit_policy(published, checked_hours_ago, policy, due):
    known = KnownArticle("u", published, CLOCK - timedelta(hours=checked_hours_ago), None, None)
    assert is_due(known, date(2024, 7, 6), CLOCK, policy) is due


def test_politeness_settings():
    settings = Settings()
    settings.setmodule("scraper.settings")
    assert settings.getbool("ROBOTSTXT_OBEY") and settings.getbool("AUTOTHROTTLE_ENABLED")
    assert "+https://" in settings.get("USER_AGENT") and "HainanParkMonitor" in settings.get("USER_AGENT")
    assert 1 <= settings.getint("CONCURRENT_REQUESTS_PER_DOMAIN") <= 2
    assert settings.getfloat("DOWNLOAD_DELAY") >= 1 and settings.getfloat("AUTOTHROTTLE_TARGET_CONCURRENCY") <= 1
    assert 0 < settings.getint("DOWNLOAD_MAXSIZE") <= 16 * 1024 * 1024
    HainanGovZhSpider.update_settings(settings)
    assert settings.getfloat("DOWNLOAD_DELAY") >= 1  # delays stay on against the real sites
    settings.set("MIRROR_ORIGIN", "http://127.0.0.1:1")
    HainanGovZhSpider.update_settings(settings)
    assert settings.getfloat("DOWNLOAD_DELAY") == 0 and not settings.getbool("AUTOTHROTTLE_ENABLED")
