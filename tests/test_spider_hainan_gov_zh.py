"""The www.hainan.gov.cn spider against its mirror (tests/mirrors/zh): what a user finds in the
store after one crawl, the cross-host duplicate on en.hainan.gov.cn, and `scrapy crawl`."""

from __future__ import annotations

from datetime import date

import pytest

from tests.helpers.crawl import (
    articles,
    crawl,
    fetched,
    last_run,
    module_mirror,
    scrapy_crawl,
)

#: Real crawls, subprocesses or servers: seconds each (`python -m pytest -m "not slow"` skips them).
pytestmark = pytest.mark.slow

WWW = "https://www.hainan.gov.cn/hainan"
PARK_ARTICLES = {
    f"{WWW}/ywdt/202407/7d2e4b9a1c3f4e5d8a6b0c2d4e6f8a1b.shtml": ("洋浦经济开发区上半年新增市场主体1.2万户", date(2024, 7, 5), "海南日报"),
    f"{WWW}/ywdt/202407/9f1e3d5c7b2a4e6d8c0f1b3d5e7a9c2b.shtml": ("海口江东新区上半年签约项目46个 总投资超300亿元", date(2024, 7, 3), "海口日报"),
    f"{WWW}/ywdt/202406/4b6d8f0a2c1e3b5d7f9a1c3e5b7d9f0a.shtml": ("海口综合保税区1至5月进出口总值同比增长23%", date(2024, 6, 20), "海口海关"),
    f"{WWW}/sxian/202407/5d7f9b1c3e2a4c6e8b0d1f3a5c7e9b2d.shtml": ("儋州洋浦一体化发展提速 新英湾片区引进企业65家", date(2024, 7, 2), "儋州市人民政府"),
    f"{WWW}/sxian/202403/6e8a0c2d4f1b3e5a7c9d0f2b4e6a8c1d.shtml": ("陵水黎安国际教育创新试验区在校生突破3200人", date(2024, 3, 15), "陵水黎族自治县人民政府"),
    f"{WWW}/5309/202406/a1c3e5b7d9f04a2c6e8b1d3f5a7c9e0b.shtml": ("文昌国际航天城卫星超级工厂首颗卫星下线", date(2024, 6, 28), "海南日报"),
    f"{WWW}/tingju/202407/c7e9a1b3d5f24c6e8a0b2d4f6c8e0a2d.shtml": ("省工信廳：海口國家高新區上半年工業產值增長１５％", date(2024, 7, 5), "海南省工業和信息化廳"),
    f"{WWW}/zmgyshj/202407/d4f6a8c0e2b14d3f5a7c9e1b3d5f7a0c.shtml": ("博鳌乐城先行区上半年接待医疗旅游人数增长31%", date(2024, 7, 3), "海南日报"),
}
CROSS_HOST = f"{WWW}/zmgyshj/202407/d4f6a8c0e2b14d3f5a7c9e1b3d5f7a0c.shtml"
DISALLOWED = "/www.hainan.gov.cn/hainan/nbxx/202406/2e4a6c8e0b1d3f5a7c9e1b3d5f7a9c0e.shtml"
MOJIBAKE = ("Ã", "â€", "ï¿½", "\ufffd", "锟斤拷", "鍦", "娴峰崡")


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    base = tmp_path_factory.mktemp("zh")
    db_url = f"sqlite:///{base / 'monitor.db'}"
    with module_mirror(base) as mirror:
        mirror.use(zh=1)
        result = crawl(db_url, mirror, "--spider", "hainan_gov_zh")
        yield db_url, fetched(mirror), result


def test_stores_exactly_the_park_articles(crawled):
    db_url, _, _ = crawled
    assert set(articles(db_url)) == set(PARK_ARTICLES)


@pytest.mark.parametrize("url", sorted(PARK_ARTICLES))
def test_article_fields(crawled, url):
    db_url, _, _ = crawled
    stored = articles(db_url)[url]
    title, published, publisher = PARK_ARTICLES[url]
    assert (stored["title"], stored["published"], stored["publisher"]) == (title, published.isoformat(), publisher)
    assert stored["language"] == "zh" and stored["source"] == "hainan_gov_zh"
    assert len(stored["text"]) > 60 and not any(bad in stored["text"] + stored["title"] for bad in MOJIBAKE)
    assert "当前位置" not in stored["text"] and "琼ICP备" not in stored["text"]


def test_chinese_text_arrives_intact_whatever_the_encoding(crawled):
    db_url, _, _ = crawled
    stored = articles(db_url)
    big5 = stored[f"{WWW}/tingju/202407/c7e9a1b3d5f24c6e8a0b2d4f6c8e0a2d.shtml"]["text"]
    assert "海口國家高新區實現規模以上工業產值３６８億元" in big5  # traditional, full-width digits kept
    gb18030 = stored[f"{WWW}/sxian/202407/5d7f9b1c3e2a4c6e8b0d1f3a5c7e9b2d.shtml"]["text"]
    assert "发改委负责人王䶮介绍" in gb18030  # a GB18030-only character on a page labelled gb2312
    assert gb18030.startswith("今年以来")  # the .xgleft wrapper's headline and info line are not text


def test_follows_both_pagers_and_obeys_robots(crawled):
    _, paths, _ = crawled
    assert "/www.hainan.gov.cn/hainan/ywdt/xw_2.shtml" in paths  # <a href="xw_2.shtml">
    assert "/www.hainan.gov.cn/hainan/sxian/list3_2.shtml" in paths  # createPageHTML(2, 0, "list3", "shtml")
    assert DISALLOWED not in paths
    assert paths[0] == "/www.hainan.gov.cn/robots.txt"


def test_run_is_recorded(crawled):
    db_url, _, result = crawled
    run = last_run(db_url, "hainan_gov_zh")
    assert (run["new_articles"], run["irrelevant"], run["problems"], run["errors"], run["outcome"]) == (8, 7, 0, 0, "ok")
    assert run["detail"]["ignored"] == 1  # the robots.txt refusal, not an error
    assert "hainan_gov_zh" in result.stdout


def test_cross_host_duplicate_is_one_article(mirror, db_url, tmp_path):
    """en.hainan.gov.cn serves the Chinese portal's /hainan/ pages: whichever spider sees the
    article first, it is stored once, under its www URL and the Chinese portal's source."""
    config = tmp_path / "monitor.toml"
    config.write_text(
        '[spiders.hainan_gov_en]\nstart_urls = ["https://en.hainan.gov.cn/hainan/zmgyshj/list_hnzymyg.shtml"]\n',
        encoding="utf-8",
    )
    mirror.use(en=1, zh=1)
    crawl(db_url, mirror, "--spider", "hainan_gov_en", config=config)
    assert "/www.hainan.gov.cn/hainan/zmgyshj/202407/d4f6a8c0e2b14d3f5a7c9e1b3d5f7a0c.shtml" in fetched(mirror)
    assert list(articles(db_url)) == [CROSS_HOST]
    crawl(db_url, mirror, "--spider", "hainan_gov_zh", config=config)
    # known, and young: the Chinese spider only re-checks it, and the site answers 304
    assert [status for _, path, status in mirror.server.requests if "d4f6a8c0e2b14d3f5a7c9e1b3d5f7a0c" in path] == [304]
    stored = articles(db_url)
    assert len(stored) == len(PARK_ARTICLES)
    assert stored[CROSS_HOST]["source"] == "hainan_gov_zh" and stored[CROSS_HOST]["versions"] == 1
    assert not [url for url in stored if "en.hainan.gov.cn" in url]


def test_scrapy_crawl_from_the_repository_root(mirror, db_url):
    mirror.use(zh=1)
    scrapy_crawl("hainan_gov_zh", db_url, mirror)
    assert set(articles(db_url)) == set(PARK_ARTICLES)
    assert last_run(db_url, "hainan_gov_zh")["outcome"] == "ok"
