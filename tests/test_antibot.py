"""Anti-bot challenges and broken pages are never stored as versions; they are counted as
source problems (crawl_runs.problems, with a breakdown in crawl_runs.detail).

Snapshot 3 of tests/mirrors/zh and tests/mirrors/hndaily is "the sites misbehave": known
articles answer with a Ruishu-style 412, a 200 challenge or an empty body, and a new article's
page has an empty body tag."""

from __future__ import annotations

import pytest
from scrapy import Request
from scrapy.http import HtmlResponse

from scraper.middlewares.antibot_middleware import antibot_verdict
from tests.helpers.crawl import articles, crawl, last_run, module_mirror

RUISHU = (
    b"<html><head><script>$_ts=window['$_ts'];if(!$_ts)$_ts={};$_ts.nsd=84931;</script>"
    b"<script>document.cookie='enable_H0EONiMfekeD=true';location.reload();</script></head><body></body></html>"
)
ARTICLE = "<html><body><ucapcontent><p>" + "洋浦经济开发区上半年新增市场主体1.2万户。" * 30 + "</p></ucapcontent></body></html>"


@pytest.mark.parametrize(
    ("status", "body", "verdict"),
    [
        (412, RUISHU, "anti_bot"),  # Ruishu: 412 plus a script that sets a cookie and reloads
        (412, b"", "anti_bot"),
        (200, RUISHU, "anti_bot"),  # the same challenge served with 200
        (200, b"", "empty_body"),
        (200, b"  \r\n ", "empty_body"),
        (200, ARTICLE.encode(), None),
        (200, ARTICLE.replace("</ucapcontent>", "</ucapcontent><script>document.cookie='a=1';location.reload();</script>").encode(), None),
        (500, b"", None),  # a server error is the retry/error machinery's business
    ],
)
def test_verdict(status, body, verdict):
    response = HtmlResponse("https://www.hainan.gov.cn/hainan/x.shtml", status=status, body=body,
                            request=Request("https://www.hainan.gov.cn/hainan/x.shtml"))
    assert antibot_verdict(response, [412]) == verdict


ZH = "https://www.hainan.gov.cn/hainan"
VICTIMS = [
    f"{ZH}/ywdt/202407/7d2e4b9a1c3f4e5d8a6b0c2d4e6f8a1b.shtml",  # now a 412 challenge
    f"{ZH}/ywdt/202407/9f1e3d5c7b2a4e6d8c0f1b3d5e7a9c2b.shtml",  # now an empty 200
    f"{ZH}/zmgyshj/202407/d4f6a8c0e2b14d3f5a7c9e1b3d5f7a0c.shtml",  # now a challenge served with 200
    "http://news.hndaily.cn/html/2024-07/04/content_58465_19684701.htm",  # 412
    "http://news.hndaily.cn/html/2024-07/04/content_58468_19684760.htm",  # empty
]
STUB = f"{ZH}/ywdt/202407/b5d7f9a1c3e24b6d8f0a2c4e6b8d0f4a.shtml"  # a new article whose body is empty


@pytest.fixture(scope="module")
def misbehaving(tmp_path_factory):
    base = tmp_path_factory.mktemp("antibot")
    db_url = f"sqlite:///{base / 'monitor.db'}"
    spiders = ("--spider", "hainan_gov_zh", "--spider", "hainan_daily")
    with module_mirror(base) as mirror:
        mirror.use(zh=1, hndaily=1)
        crawl(db_url, mirror, *spiders)
        before = articles(db_url)
        mirror.use(zh=3, hndaily=3)
        crawl(db_url, mirror, *spiders, "--revisit", "all")
        yield db_url, before, articles(db_url)


@pytest.mark.slow
@pytest.mark.parametrize("url", VICTIMS)
def test_a_refused_page_leaves_the_stored_article_untouched(misbehaving, url):
    _, before, after = misbehaving
    assert after[url] == before[url]
    assert after[url]["versions"] == 1 and len(after[url]["text"]) > 60


@pytest.mark.slow
def test_a_page_without_text_is_not_stored(misbehaving):
    _, _, after = misbehaving
    assert STUB not in after


@pytest.mark.slow
@pytest.mark.parametrize(
    ("spider", "problems", "breakdown"),
    [
        ("hainan_gov_zh", 4, {"problems/anti_bot": 2, "problems/empty_body": 1, "problems/unparsed": 1}),
        ("hainan_daily", 2, {"problems/anti_bot": 1, "problems/empty_body": 1}),
    ],
)
def test_problems_are_counted_per_source(misbehaving, spider, problems, breakdown):
    db_url, _, _ = misbehaving
    run = last_run(db_url, spider)
    assert (run["problems"], run["errors"], run["outcome"]) == (problems, 0, "degraded")
    assert {key: value for key, value in run["detail"].items() if key.startswith("problems/")} == breakdown
