"""The article parsers on the mirrors' pages: which field each layer (meta, selectors, url)
found, and what a stub page without text yields."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from scrapy.http import HtmlResponse

from scraper.article_parser import parse_article
from scraper.encoding import decode_body
from scraper.founder_parser import join_lines, parse_founder_article

MIRRORS = Path(__file__).parent / "mirrors"
ZH = "zh/1/www.hainan.gov.cn/hainan"
PAPER = "hndaily/1/news.hndaily.cn/html"


def load(fixture: str) -> tuple[str, str]:
    """(real URL, decoded HTML) of a mirror file, with its `.headers` as the server sends them."""
    path = MIRRORS / fixture
    headers = {"Content-Type": "text/html"}
    extra = path.with_name(path.name + ".headers")
    if extra.is_file():
        headers.update(line.split(": ", 1) for line in extra.read_text(encoding="utf-8").splitlines())
    host_path = fixture.split("/", 2)[2]
    scheme = "https" if ".gov.cn" in host_path.split("/")[0] else "http"
    url = f"{scheme}://{host_path}"
    return url, decode_body(HtmlResponse(url, body=path.read_bytes(), headers=headers))


UCAP = {"title": "meta", "text": "selectors", "published": "meta", "publisher": "meta"}
FOUNDER = {"title": "selectors", "text": "selectors", "published": "url", "publisher": "url"}


@pytest.mark.parametrize(
    ("fixture", "title", "published", "publisher", "column", "first_line", "layers"),
    [
        (f"{ZH}/ywdt/202407/7d2e4b9a1c3f4e5d8a6b0c2d4e6f8a1b.shtml", "洋浦经济开发区上半年新增市场主体1.2万户",
         date(2024, 7, 5), "海南日报", "要闻动态", "7月4日，记者从洋浦经济开发区管委会获悉", UCAP),
        # the 2024 template: body in .xgleft (headline and info line dropped), source only in #ly
        (f"{ZH}/sxian/202407/5d7f9b1c3e2a4c6e8b0d1f3a5c7e9b2d.shtml", "儋州洋浦一体化发展提速 新英湾片区引进企业65家",
         date(2024, 7, 2), "儋州市人民政府", "市县动态", "今年以来，儋州、洋浦一体化发展步伐加快",
         {**UCAP, "publisher": "selectors"}),
        # Big5 (declared in the Content-Type header only), traditional characters
        (f"{ZH}/tingju/202407/c7e9a1b3d5f24c6e8a0b2d4f6c8e0a2d.shtml", "省工信廳：海口國家高新區上半年工業產值增長１５％",
         date(2024, 7, 5), "海南省工業和信息化廳", "廳局動態", "記者７月４日從省工業和信息化廳獲悉", UCAP),
        # a TRS document URL (t<date>_<id>.html)
        (f"{ZH}/5309/202406/t20240625_3612345.html", "海南省人民政府办公厅关于印发海南省防台风应急预案的通知",
         date(2024, 6, 25), "海南省人民政府办公厅", "新闻中心", "各市、县、自治县人民政府，省政府直属各单位：", UCAP),
    ],
)
def test_portal_pages(fixture, title, published, publisher, column, first_line, layers):
    url, html = load(fixture)
    parsed = parse_article(url, html)
    assert parsed.ok
    assert (parsed.title, parsed.published, parsed.publisher, parsed.column_name, parsed.language) == (
        title, published, publisher, column, "zh")
    assert parsed.text.startswith(first_line)
    assert parsed.layers == layers
    assert "分享到" not in parsed.text and "琼ICP备" not in parsed.text


@pytest.mark.parametrize(
    ("fixture", "title", "published", "first_line"),
    [
        # two-line <founder-title> (<br>), byline in <founder-author>, npm comments in the body
        (f"{PAPER}/2024-07/04/content_58464_19684674.htm", "洋浦经济开发区上半年外贸进出口额突破千亿元",
         date(2024, 7, 4), "本报洋浦7月3日电 记者从洋浦经济开发区管委会获悉"),
        # empty <founder-author>: the byline is the body's "■" paragraph
        (f"{PAPER}/2024-07/04/content_58465_19684701.htm", "三亚崖州湾科技城上半年新增企业１２３家",
         date(2024, 7, 4), "■ 本报记者 孙慧 通讯员 郑文雯"),
        # GBK without any charset declaration
        (f"{PAPER}/2024-07/04/content_58465_19684712.htm", "老城经济开发区数字经济产业加速集聚",
         date(2024, 7, 4), "本报金江7月3日电"),
        # the legacy host's 2015 template: <founder-title><p>, gb2312
        ("hndaily/1/hnrb.hinews.cn/html/2015-03/12/content_1_2.htm", "洋浦保税港区前两月进出口货值增长两成",
         date(2015, 3, 12), "本报洋浦3月11日电"),
    ],
)
def test_founder_pages(fixture, title, published, first_line):
    url, html = load(fixture)
    parsed = parse_founder_article(url, html)
    assert parsed.ok
    assert (parsed.title, parsed.published, parsed.publisher, parsed.language) == (title, published, "海南日报", "zh")
    assert parsed.text.startswith(first_line)
    assert parsed.layers == FOUNDER
    assert "本报记者 陈蔚林" not in parsed.text  # the <founder-author> byline is not body text


@pytest.mark.parametrize(
    ("lines", "title"),
    [
        (["洋浦经济开发区", "上半年外贸进出口额突破千亿元"], "洋浦经济开发区上半年外贸进出口额突破千亿元"),
        (["Yangpu", "trade tops 100 billion yuan"], "Yangpu trade tops 100 billion yuan"),
        (["三亚CBD", "招商引资提速"], "三亚CBD 招商引资提速"),
        (["  ", "江东新区", ""], "江东新区"),
    ],
)
def test_title_lines_join(lines, title):
    assert join_lines(lines) == title


def test_a_page_whose_body_is_empty_yields_no_article():
    """The stub's CMS body tag is empty; the breadcrumb and footer must not become its text."""
    url, html = load("zh/3/www.hainan.gov.cn/hainan/ywdt/202407/b5d7f9a1c3e24b6d8f0a2c4e6b8d0f4a.shtml")
    parsed = parse_article(url, html)
    assert parsed.title == "洋浦经济开发区举行重点项目集中开工仪式"
    assert parsed.text == "" and not parsed.ok


def test_founder_date_comes_from_the_url_even_when_the_page_prints_another():
    html = ("<html><body><span class='default'>2024年07月05日</span><founder-title>江东新区总部经济项目集中签约</founder-title>"
            "<founder-content><P>本报海口7月2日讯 7月2日，海口江东新区举行总部经济项目集中签约活动，18个项目签约落户。</P></founder-content></body></html>")
    parsed = parse_founder_article("http://news.hndaily.cn/html/2024-07/03/content_58456_19683933.htm", html)
    assert parsed.published == date(2024, 7, 3)


@pytest.mark.parametrize(
    ("first_line", "kept"),
    [
        ("2024-07-02 08:45　来源：儋州市人民政府　浏览次数：1386", False),  # the info line
        ("发布时间：2024年07月02日　来源：海南日报", False),
        ("2024年7月4日，省统计局发布上半年全省经济运行数据。", True),  # a dateline paragraph stays
        ("来源：海南日报记者现场采访的企业负责人表示，订单已排到年底。", True),  # no date: body text
        ("Source:Hainan Daily", False),  # the en portal's source paragraph opening the body
        ("July 5, 2024", False),  # a date alone on a line
        ("【打印】【关闭】", False),
    ],
)
def test_wrapper_info_line(first_line, kept):
    body = "洋浦经济开发区上半年新增市场主体1.2万户，同比增长18.6%，其中外资企业87家。"
    html = f"<html><body><div class='xgleft'><h2>标题</h2><p>{first_line}</p><p>{body}</p></div></body></html>"
    parsed = parse_article("https://www.hainan.gov.cn/hainan/sxian/202407/5d7f9b1c3e2a4c6e8b0d1f3a5c7e9b2d.shtml", html)
    assert parsed.text.startswith(first_line) is kept and parsed.text.endswith(body)


EN_URL = "https://en.hainan.gov.cn/englishsite/Updates/202407/4f2a9c1e7b3d4e8fa1c26d5b9e0f7a31.shtml"
PLAIN_TEMPLATE = """<html><head><title>Yangpu port adds three container routes - Hainan</title></head><body>
<div class="nav">Home | News and Highlights | Updates</div>
<h1>Yangpu port adds three container routes</h1><div class="meta">{info}</div>
<div class="content"><p>Yangpu Economic Development Zone opened three new container routes to Southeast Asia,
bringing the total to 52, the zone's administration said.</p><p>The port handled more containers in June than in
any month before, officials said.</p></div><div class="footer">Copyright 2026 Hainan</div></body></html>"""


@pytest.mark.parametrize(
    ("info", "published", "publisher"),
    [
        ("Updated: 2024-07-05 10:31 &nbsp; Source: Hainan Daily", date(2024, 7, 5), "Hainan Daily"),
        ("July 5, 2024 | Source:Hainan Daily", date(2024, 7, 5), "Hainan Daily"),
        ("Date: 2024-07-05 &nbsp;&nbsp; Source: China Daily", date(2024, 7, 5), "China Daily"),
        ("5 July 2024 来源：海南日报 浏览次数：1386", date(2024, 7, 5), "海南日报"),
        # a date of another month (a clock widget, an old photo) is not believed: the URL's month is
        ("2023-12-31 &nbsp; 来源：海南日报", date(2024, 7, 1), "海南日报"),
    ],
)
def test_a_template_without_meta_or_known_selectors_falls_back_to_generic_layers(info, published, publisher):
    parsed = parse_article(EN_URL, PLAIN_TEMPLATE.format(info=info))
    assert parsed.ok
    assert parsed.title == "Yangpu port adds three container routes"
    assert parsed.text.startswith("Yangpu Economic Development Zone opened three new container routes")
    assert (parsed.published, parsed.publisher) == (published, publisher)
    assert parsed.layers["text"] == "generic"


def test_a_date_the_page_labels_wins_over_a_period_in_its_headline():
    """No meta, no known selector, no dated URL: "发布时间：" says the date; htmldate alone took the
    headline's "2024年1-9月" for 2024-01-09."""
    page = ("<html><body><h1>2024年1-9月海南自贸港重点园区主要经济指标</h1><div class='info'>发布时间：2024-10-25"
            " 来源：海南省统计局</div><div class='content'><p>今年前三季度，洋浦经济开发区营业收入5123.4亿元，"
            "海口江东新区营业收入856.7亿元，各重点园区保持增长。</p></div></body></html>")
    parsed = parse_article("https://stats.example.cn/news/article-4581.html", page)
    assert (parsed.published, parsed.layers["published"]) == (date(2024, 10, 25), "label")
