"""www.hnftp.gov.cn, the first declared source (scraper/sources.toml), against our own mirror of
it built to SITES.md §4.1 (tests/mirrors/hnftp): what the store holds after one real crawl,
TRS paging, park topics discovered from their index, `scrapy crawl hnftp`, `sources check`, and
a default mirror crawl that leaves out a declared source the mirror does not hold."""

from __future__ import annotations

import json

import pytest
from tests.helpers.crawl import articles, crawl, fetched, last_run, module_mirror, query, scrapy_crawl

pytestmark = pytest.mark.slow

SITE = "https://www.hnftp.gov.cn"
#: url -> (title, published, publisher, column, first words of the text)
PARK_ARTICLES = {
    f"{SITE}/xwzx/ywsd/202407/t20240706_3601234.html": (
        "洋浦上半年新增市场主体1.2万户 固定资产投资126.5亿元", "2024-07-06", "海南日报", "热点资讯", "日前，洋浦经济开发区管委会公布"),
    f"{SITE}/xwzx/ywsd/202406/t20240618_3587412.html": (
        "老城经济开发区前5月引进企业146家", "2024-06-18", "澄迈县融媒体中心", "热点资讯", "记者从老城经济开发区获悉"),
    f"{SITE}/zczdtx/qtzc/202407/t20240702_3597310.html": (
        "海口国家高新区出台标准厂房“零租金”扶持办法", "2024-07-02", "海口国家高新区管委会", "其他政策", "为加快引进优质制造业项目"),
    f"{SITE}/yshj/yqzt/ypjjkfq/202407/t20240710_3603388.html": (
        "洋浦国际集装箱码头新开两条外贸航线", "2024-07-10", "海南自由贸易港", "洋浦经济开发区", "7月9日，洋浦国际集装箱码头"),
    f"{SITE}/yshj/yqzt/hnzymygbalcgjyllyxxq/202406/t20240626_3592201.html": (
        "博鳌乐城先行区今年已引进创新药械120个", "2024-06-26", "海南日报", "博鳌乐城国际医疗旅游先行区", "记者从博鳌乐城国际医疗旅游先行区"),
}
NOT_PARKS = (
    f"{SITE}/xwzx/ywsd/202407/t20240705_3600871.html",
    f"{SITE}/xwzx/gzdt_1/202407/t20240703_3598765.html",
)


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    base = tmp_path_factory.mktemp("hnftp")
    db_url = f"sqlite:///{base / 'monitor.db'}"
    with module_mirror(base) as mirror:
        mirror.use(hnftp=1)
        result = crawl(db_url, mirror, "--spider", "hnftp")
        first = fetched(mirror)
        first_run = last_run(db_url, "hnftp")
        again = crawl(db_url, mirror, "--spider", "hnftp", "--revisit", "none")
        second = fetched(mirror)
        second_run = last_run(db_url, "hnftp")
        # The site turns its Ruishu challenge on for the list pages (snapshot 2); articles unchanged.
        crawl(db_url, mirror.use(hnftp=2), "--spider", "hnftp", "--revisit", "all")
        yield db_url, first, result, second, again, second_run, first_run


def test_stores_exactly_the_park_articles(crawled):
    db_url, *_ = crawled
    assert set(articles(db_url)) == set(PARK_ARTICLES)
    skipped = {url for (url,) in query(db_url, "SELECT url FROM skipped_urls WHERE reason = 'not about a park'")}
    assert skipped == set(NOT_PARKS)


@pytest.mark.parametrize("url", sorted(PARK_ARTICLES))
def test_each_park_article_has_title_date_publisher_and_text(crawled, url):
    db_url, *_ = crawled
    stored = articles(db_url)[url]
    title, published, publisher, column, first_words = PARK_ARTICLES[url]
    assert (stored["title"], stored["published"], stored["publisher"]) == (title, published, publisher)
    assert (stored["source"], stored["language"], stored["versions"]) == ("hnftp", "zh", 1)
    assert stored["text"].startswith(first_words) and len(stored["text"]) > 40
    assert not any(furniture in stored["text"] for furniture in ("当前位置", "分享到", "琼ICP备", "技术支持"))
    [(stored_column,)] = query(db_url, "SELECT column_name FROM articles WHERE url = ?", url)
    assert stored_column == column


def test_trs_lists_page_by_the_count_in_create_page_html(crawled):
    _, first, *_ = crawled
    # createPageHTML(2, 0, "index", "html") on index.html: one more page, index_1.html, and no index_2.html.
    assert "/www.hnftp.gov.cn/xwzx/ywsd/index_1.html" in first
    assert not any(path.endswith("index_2.html") for path in first)
    # Lists without a pager are read once.
    assert not any(path.startswith("/www.hnftp.gov.cn/xwzx/gzdt_1/index_") for path in first)


def test_park_topics_are_discovered_from_their_index(crawled):
    _, first, *_ = crawled
    # Neither topic is named in sources.toml: both come from the links on yshj/yqzt/.
    assert "/www.hnftp.gov.cn/yshj/yqzt/" in first
    assert "/www.hnftp.gov.cn/yshj/yqzt/ypjjkfq/" in first
    assert "/www.hnftp.gov.cn/yshj/yqzt/hnzymygbalcgjyllyxxq/index.html" in first
    assert "/www.hnftp.gov.cn/yshj/zdcy/" not in first  # a sibling section, not a park topic
    # The Yangpu story is linked from 热点资讯 and from the Yangpu topic: fetched once.
    assert first.count("/www.hnftp.gov.cn/xwzx/ywsd/202407/t20240706_3601234.html") == 1
    # Links to another host are not this source's articles.
    assert not any("www.hainan.gov.cn" in path for path in first)


def test_robots_txt_is_obeyed_and_the_run_is_recorded(crawled):
    db_url, first, result, *_, run = crawled
    assert first[0] == "/www.hnftp.gov.cn/robots.txt"
    assert run["outcome"] == "ok" and run["errors"] == 0 and run["problems"] == 0
    [(host, title)] = query(db_url, "SELECT host, title FROM sources WHERE name = 'hnftp'")
    assert host == "www.hnftp.gov.cn" and "hnftp.gov.cn" in title
    assert "hnftp" in result.stdout


def test_a_second_crawl_stops_paging_at_known_articles(crawled):
    _, _, _, second, again, second_run, _ = crawled
    assert "/www.hnftp.gov.cn/xwzx/ywsd/index_1.html" not in second  # page 1 held only known articles
    assert not any("/t2024" in path for path in second)  # --revisit none: no article fetched again
    assert second_run["new_articles"] == 0 and second_run["outcome"] == "ok" and "hnftp" in again.stdout


def test_challenged_lists_are_anti_bot_problems_and_known_articles_revisit_conditionally(crawled):
    db_url, *_ = crawled
    run = last_run(db_url, "hnftp")
    # The three columns and the topic index answered 412 challenges: counted, never parsed as lists.
    assert run["problems"] == 4 and run["detail"]["problems/anti_bot"] == 4
    # --revisit all re-checked the five known articles with If-None-Match / If-Modified-Since: 304s.
    assert (run["not_modified"], run["new_versions"], run["outcome"]) == (5, 0, "degraded")
    assert all(stored["versions"] == 1 for stored in articles(db_url).values())


def test_scrapy_crawl_hnftp(tmp_path):
    db_url = f"sqlite:///{tmp_path / 'scrapy.db'}"
    with module_mirror(tmp_path) as mirror:
        mirror.use(hnftp=1)
        scrapy_crawl("hnftp", db_url, mirror)
    assert set(articles(db_url)) == set(PARK_ARTICLES)


def test_sources_check_reads_the_declared_source(cli, tmp_path):
    with module_mirror(tmp_path) as mirror:
        mirror.use(hnftp=1)
        result = cli("--db", f"sqlite:///{tmp_path / 'c.db'}", "sources", "check", "--source", "hnftp",
                     "--mirror", mirror.origin, "--json")
    assert result.returncode == 0, result.stdout + result.stderr
    [source] = json.loads(result.stdout)
    assert source["verdict"] == "ok" and len(source["start_urls"]) == 3
    first = source["start_urls"][0]
    assert first["article_links"] == 2  # the park and the non-park story; not the www.hainan.gov.cn link
    sample = first["sample"]
    assert (sample["title"], sample["published"], sample["publisher"]) == (
        "洋浦上半年新增市场主体1.2万户 固定资产投资126.5亿元", "2024-07-06", "海南日报")
    assert sample["layers"] == {"title": "selectors", "text": "selectors", "published": "selectors", "publisher": "selectors"}


def test_a_mirror_crawl_takes_the_bundled_declared_source_only_when_named(cli, tmp_path):
    # An outside checker's copy of the three portals, crawled with no --spider: hnftp, declared
    # after such copies were made, is not asked for, so the cycle is what it always was.
    db_url = f"sqlite:///{tmp_path / 'm.db'}"
    with module_mirror(tmp_path) as mirror:
        mirror.use(outside_a=1, hnftp=1)
        crawl(db_url, mirror, "--revisit", "none")
        assert not any(path.startswith("/www.hnftp.gov.cn/") for path in fetched(mirror))
        spiders = {spider for (spider,) in query(db_url, "SELECT spider FROM crawl_runs")}
        assert spiders == {"hainan_gov_en", "hainan_gov_zh", "hainan_daily"}
        # Named, it joins them.
        crawl(db_url, mirror, "--revisit", "none", "--spider", "hainan_gov_zh", "--spider", "hnftp")
    assert "hnftp" in {spider for (spider,) in query(db_url, "SELECT spider FROM crawl_runs")}
