"""The Hainan Daily spider against its mirror (tests/mirrors/hndaily): today's issue found
through paperindex.htm's meta refresh, its pages, its park articles; `-a days=N` backfill; and
the legacy host hnrb.hinews.cn read by the same parser."""

from __future__ import annotations

import pytest

from tests.helpers.crawl import (
    articles,
    crawl,
    fetched,
    last_run,
    module_mirror,
    scrapy_crawl,
    statuses,
)

#: Real crawls, subprocesses or servers: seconds each (`python -m pytest -m "not slow"` skips them).
pytestmark = pytest.mark.slow

PAPER = "http://news.hndaily.cn/html"
TODAY = {
    f"{PAPER}/2024-07/04/content_58464_19684674.htm": "洋浦经济开发区上半年外贸进出口额突破千亿元",
    f"{PAPER}/2024-07/04/content_58465_19684701.htm": "三亚崖州湾科技城上半年新增企业１２３家",
    f"{PAPER}/2024-07/04/content_58465_19684712.htm": "老城经济开发区数字经济产业加速集聚",
    f"{PAPER}/2024-07/04/content_58468_19684760.htm": "海口综合保税区保税维修业务量增长四成",
}
EARLIER = {
    f"{PAPER}/2024-07/03/content_58455_19683901.htm": "博鳌乐城国际医疗旅游先行区真实世界数据应用试点成果发布",
    f"{PAPER}/2024-07/03/content_58456_19683933.htm": "江东新区总部经济项目集中签约",
    f"{PAPER}/2024-07/01/content_58437_19682511.htm": "文昌国际航天城商业航天发射场二号工位完成合练",
}
LEGACY = "http://hnrb.hinews.cn/html/2015-03/12/content_1_2.htm"


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    base = tmp_path_factory.mktemp("hndaily")
    db_url = f"sqlite:///{base / 'monitor.db'}"
    with module_mirror(base) as mirror:
        mirror.use(hndaily=1)
        crawl(db_url, mirror, "--spider", "hainan_daily")
        yield db_url, fetched(mirror)


def test_stores_the_park_articles_of_todays_issue(crawled):
    db_url, _ = crawled
    assert {url: row["title"] for url, row in articles(db_url).items()} == TODAY


def test_walks_the_issue_from_the_paper_index(crawled):
    _, paths = crawled
    assert paths[:3] == ["/news.hndaily.cn/robots.txt", "/news.hndaily.cn/paperindex.htm", "/news.hndaily.cn/html/2024-07/04/node_1.htm"]
    assert {"/news.hndaily.cn/html/2024-07/04/node_2.htm", "/news.hndaily.cn/html/2024-07/04/node_5.htm"} <= set(paths)
    assert not [path for path in paths if "/2024-07/03/" in path or "resfile" in path]
    assert len([path for path in paths if "/content_" in path]) == 7  # 4 park + 3 other articles


@pytest.mark.parametrize("url", sorted(TODAY))
def test_article_fields(crawled, url):
    db_url, _ = crawled
    row = articles(db_url)[url]
    assert (row["published"], row["publisher"], row["language"], row["source"]) == ("2024-07-04", "海南日报", "zh", "hainan_daily")
    assert len(row["text"]) > 60 and "\ufffd" not in row["text"] and "npm:" not in row["text"]
    assert "返回本版" not in row["text"] and "版权所有" not in row["text"]


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        # GBK bytes, no charset in header or meta
        (f"{PAPER}/2024-07/04/content_58465_19684712.htm", "海南老城经济开发区入驻数字经济企业达到1260家"),
        # full-width digits reach the store as published
        (f"{PAPER}/2024-07/04/content_58465_19684701.htm", "新增注册企业１２３家，新增注册资本４５.６亿元"),
        # a title broken over two lines with <br> is one headline; the body keeps its dateline
        (f"{PAPER}/2024-07/04/content_58464_19684674.htm", "本报洋浦7月3日电 记者从洋浦经济开发区管委会获悉"),
    ],
)
def test_chinese_text_arrives_intact(crawled, url, expected):
    db_url, _ = crawled
    assert expected in articles(db_url)[url]["text"]


def test_backfill_walks_back_n_issues_by_date(mirror, db_url):
    mirror.use(hndaily=1)
    scrapy_crawl("hainan_daily", db_url, mirror, "-a", "days=4")
    assert set(articles(db_url)) == set(TODAY) | set(EARLIER)
    served = statuses(mirror)
    assert served["/news.hndaily.cn/html/2024-07/02/node_1.htm"] == 404  # no paper that day
    assert "/news.hndaily.cn/html/2024-06/30/node_1.htm" not in served
    run = last_run(db_url, "hainan_daily")
    assert (run["errors"], run["outcome"], run["detail"]["missing_issues"]) == (0, "ok", 1)


def test_legacy_host_is_read_by_the_same_parser(mirror, db_url, tmp_path):
    config = tmp_path / "monitor.toml"
    config.write_text('[spiders.hainan_daily]\nstart_urls = ["http://hnrb.hinews.cn/html/2015-03/12/node_1.htm"]\n', encoding="utf-8")
    mirror.use(hndaily=1)
    crawl(db_url, mirror, "--spider", "hainan_daily", config=config)
    stored = articles(db_url)
    assert list(stored) == [LEGACY]
    row = stored[LEGACY]
    assert (row["title"], row["published"], row["publisher"]) == ("洋浦保税港区前两月进出口货值增长两成", "2015-03-12", "海南日报")
    assert "实现进出口货值58.2亿元" in row["text"]  # gb2312-declared page
