"""A declared source's table: what a valid one yields, and the one-line error each mistake gets
(from the schema, and from the real CLI with exit code 2)."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from parsel import Selector
from scrapy.http import HtmlResponse

from monitor.config import ConfigError, load_config
from monitor.service.crawl_runner import project_settings, spider_loader
from scraper.declared_fields import parse_declared
from scraper.source_declaration import DeclarationError, declared_sources, parse_declaration
from scraper.spiders.declared_spider import DeclaredSpider

USER_CONFIG = Path(__file__).parent / "sources" / "dongfang_park.toml"
HNFTP_MIRROR = Path(__file__).parent / "mirrors" / "hnftp" / "1" / "www.hnftp.gov.cn"


def user_table() -> dict:
    return tomllib.loads(USER_CONFIG.read_text(encoding="utf-8"))["sources"]["dongfang_park"]


def test_the_bundled_hnftp_declaration():
    hnftp = declared_sources()["hnftp"]
    assert hnftp.publisher == "海南自由贸易港" and hnftp.language == "zh" and hnftp.pagination == "trs"
    assert hnftp.start_urls == (
        "https://www.hnftp.gov.cn/xwzx/ywsd/", "https://www.hnftp.gov.cn/xwzx/gzdt_1/", "https://www.hnftp.gov.cn/zczdtx/qtzc/",
    )
    assert hnftp.hubs == ("https://www.hnftp.gov.cn/yshj/yqzt/",) and hnftp.all_hosts == {"www.hnftp.gov.cn"}


def test_a_user_table_amends_a_bundled_one_key_by_key():
    amended = declared_sources({"hnftp": {"max_list_pages": 2}, "dongfang_park": user_table()})
    assert amended["hnftp"].max_list_pages == 2 and amended["hnftp"].pagination == "trs"
    assert amended["dongfang_park"].date_format == "%y年%m月%d日" and amended["dongfang_park"].origin == "config"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"article_pattern": "^/news/(show-\\d+\\.html$"}, "article_pattern is not a regular expression"),
        ({"pagination": "infinite"}, "pagination must be one of none, suffix, trs, script, not 'infinite'"),
        ({"pagination": "script"}, 'pagination = "script" needs page_url'),
        ({"start_urls": ["www.dflg-park.example/news/"]}, "start_urls: 'www.dflg-park.example/news/' is not an http(s) URL"),
        ({"start_urls": "https://www.dflg-park.example/news/list.html", "max_list_pages": 0},
         "max_list_pages must be a whole number from 1 to 100"),
        ({"body_selectors": ["div..body"]}, "body_selectors: 'div..body' is not a CSS selector"),
        ({"language": "fr"}, "language must be one of zh, en"),
        ({"date_selector": [".when"]}, "unknown key 'date_selector' (known: "),
        ({"hubs": ["https://www.dflg-park.example/topics/"]}, "hubs needs list_pattern"),
        ({"date_format": "yy-mm-dd"}, "date_format must be a strptime format"),
        ({"pagination": "script", "page_url": "list_{page}_{size}.html"}, "page_url may name only {page} and {index}"),
    ],
)
def test_each_mistake_is_named_in_one_line(change, message):
    with pytest.raises(DeclarationError) as caught:
        parse_declaration("dongfang_park", {**user_table(), **change}, "monitor.toml")
    text = str(caught.value)
    assert text.startswith("monitor.toml: [sources.dongfang_park]") and message in text and "\n" not in text


def test_required_keys_and_ids():
    table = user_table()
    del table["article_pattern"]
    with pytest.raises(DeclarationError, match=r"\[sources.dongfang_park\]: article_pattern is missing"):
        parse_declaration("dongfang_park", table)
    with pytest.raises(DeclarationError, match="the id must be lower-case letters"):
        parse_declaration("Dongfang Park", user_table())


def test_a_declared_id_may_not_take_a_coded_spiders_name():
    with pytest.raises(ConfigError, match=r"\[sources.hainan_daily\]: 'hainan_daily' is the name of a spider written in code"):
        spider_loader(project_settings({"hainan_daily": user_table()}))


def test_the_loader_registers_bundled_and_configured_sources():
    loader = spider_loader(project_settings({"dongfang_park": user_table()}))
    assert {"hainan_gov_en", "hainan_gov_zh", "hainan_daily", "hnftp", "dongfang_park"} <= set(loader.list())
    spider = loader.load("dongfang_park")
    assert spider.name == "dongfang_park" and spider.article_patterns == (r"^/news/show-\d+\.html$",)


def test_a_bad_declaration_in_the_config_file_is_a_config_error(tmp_path):
    config = tmp_path / "monitor.toml"
    config.write_text(USER_CONFIG.read_text(encoding="utf-8").replace('pagination = "suffix"', 'pagination = "pages"'), encoding="utf-8")
    with pytest.raises(ConfigError, match=rf"^{config}: \[sources.dongfang_park\]: pagination must be one of"):
        load_config(config)


def test_the_cli_reports_a_bad_declaration_in_one_line_with_exit_2(cli, tmp_path):
    config = tmp_path / "monitor.toml"
    config.write_text(USER_CONFIG.read_text(encoding="utf-8").replace("'^/news/show-", "'^/news/(show-"), encoding="utf-8")
    result = cli("--config", str(config), "--db", f"sqlite:///{tmp_path / 'm.db'}", "sources", "check", "--source", "dongfang_park")
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        f"error: {config}: [sources.dongfang_park]: article_pattern is not a regular expression "
        "(missing ), unterminated subpattern at position 7)"
    ]


def test_hnftp_fields_by_the_declaration():
    hnftp = declared_sources()["hnftp"]
    url = "https://www.hnftp.gov.cn/xwzx/ywsd/202407/t20240706_3601234.html"
    html = (HNFTP_MIRROR / "xwzx/ywsd/202407/t20240706_3601234.html").read_text(encoding="utf-8")
    parsed = parse_declared(hnftp, url, html)
    # No meta tags on this page: the <title> split on " -- " gives the headline and the column.
    assert parsed.title == "洋浦上半年新增市场主体1.2万户 固定资产投资126.5亿元"
    assert parsed.column_name == "热点资讯" and parsed.publisher == "海南日报" and parsed.language == "zh"
    assert parsed.published.isoformat() == "2024-07-06"
    assert parsed.layers == {"title": "selectors", "text": "selectors", "published": "selectors", "publisher": "selectors"}
    assert parsed.text.startswith("日前，洋浦经济开发区管委会") and "分享到" not in parsed.text
    assert Selector(text=html).css(".article-info .date::text").get() == "2024-07-06"


def list_response(url: str, pager: str) -> HtmlResponse:
    body = f"<html><body><ul><li><a href='a/t20240701_1.html'>x</a></li></ul><script>{pager}</script></body></html>"
    return HtmlResponse(url=url, body=body.encode(), encoding="utf-8")


def spider_for(**changes) -> DeclaredSpider:
    return DeclaredSpider.for_declaration(parse_declaration("dongfang_park", {**user_table(), **changes}))()


@pytest.mark.parametrize(
    ("changes", "url", "pager", "page", "expected"),
    [
        # TRS: index.html is page 1 (createPageHTML's current 0), index_1.html page 2, …
        ({"pagination": "trs"}, "https://x.example/xwzx/ywsd/", 'createPageHTML(3, 0, "index", "html");', 1,
         "https://x.example/xwzx/ywsd/index_1.html"),
        ({"pagination": "trs"}, "https://x.example/xwzx/ywsd/index_1.html", 'createPageHTML(3, 1, "index", "html");', 2,
         "https://x.example/xwzx/ywsd/index_2.html"),
        ({"pagination": "trs"}, "https://x.example/xwzx/ywsd/index_2.html", 'createPageHTML(3, 2, "index", "html");', 3, None),
        ({"pagination": "trs"}, "https://x.example/xwzx/ywsd/", "", 1, None),  # no pager: one page
        # another script pager, declared by its count pattern and page URL
        ({"pagination": "script", "pager_pattern": r"var pageCount = (\d+);", "page_url": "list-{page}.htm"},
         "https://x.example/news/list.htm", "var pageCount = 4;", 1, "https://x.example/news/list-2.htm"),
        ({"pagination": "script", "pager_pattern": r"var pageCount = (\d+);", "page_url": "list-{page}.htm"},
         "https://x.example/news/list-4.htm", "var pageCount = 4;", 4, None),
        ({"pagination": "none"}, "https://x.example/xwzx/ywsd/", 'createPageHTML(3, 0, "index", "html");', 1, None),
    ],
)
def test_list_pagination_by_the_declaration(changes, url, pager, page, expected):
    assert spider_for(**changes).next_list_page(list_response(url, pager), page) == expected


def test_hnftp_dates_fall_back_to_the_url():
    hnftp = declared_sources()["hnftp"]
    url = "https://www.hnftp.gov.cn/yshj/yqzt/ypjjkfq/202407/t20240710_3603388.html"
    html = (HNFTP_MIRROR / "yshj/yqzt/ypjjkfq/202407/t20240710_3603388.html").read_text(encoding="utf-8")
    undated = html.replace('<span class="date">2024-07-10</span>', "")
    assert undated != html
    parsed = parse_declared(hnftp, url, undated)
    assert (parsed.published.isoformat(), parsed.layers["published"]) == ("2024-07-10", "url")  # t20240710_
    spider = DeclaredSpider.for_declaration(hnftp)()
    assert spider.declared_findings(url, undated, parsed) == (
        [], ["sample article: the declared date rules found no date (meta PubDate, selector .article-info .date, "
             "selector .xxxq-info, selector .pages-date); the url layer did"])
    # No source named on the page: the declared publisher.
    assert spider.parse_document(url, html).publisher == "海南自由贸易港"
