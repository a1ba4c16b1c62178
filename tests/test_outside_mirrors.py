"""The spiders on mirrors written as an outside checker would write them: other templates that
SITES.md allows (its low/medium-confidence guesses), not the ones our own fixtures use.

outside_a: the 2019/legacy generation — en articles with no UCAP meta, a "Source:Hainan Daily"
paragraph opening the body, visible-only dates ("2024-07-05 10:30", "Date: 2024-07-04",
"June 27, 2024"), bodies in unknown containers, a legacy /englishgov/Latest/ table page; www
lists in the 2019 `list3` template (relative `../` links, script pager), the `.lm4` document
list (`a[title]`) and the `xinnew-lm2-nr-x` list paged by `_2.shtml` links; articles with
`<ucaptitle>`/`<ucapcontent>` and an empty `#ly`, a TRS `t<date>_<id>.html` document, a page
declaring gb2312 but sent as UTF-8; Hainan Daily with an upper-case unquoted meta refresh,
unquoted `id=pageLink`, npm comments, `<br>` titles and bylines in the body.

outside_b: the current generation — `createPageHTML('page_div', total, current, …)` pagers,
"July 5, 2024" as the only date, the headline and a Source line opening `<ucapcontent>`, the
`.list_div` list with "发布时间：", `.dbj-nr-m` and `.xgleft` templates, a `<title>` with a
"_海南省人民政府网" suffix, a two-line `<ucaptitle>`; Hainan Daily in real GB2312 with
`<FOUNDER-*>` upper-case tags, a lower-case quoted refresh and `<area>` article links.

Each mirror is crawled twice through the real CLI: snapshot 1, then snapshot 2 (one revised
article per site) with `--revisit all`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.helpers.crawl import articles, crawl, last_run, module_mirror

#: Real crawls, subprocesses or servers: seconds each (`python -m pytest -m "not slow"` skips them).
pytestmark = pytest.mark.slow

EN = "https://en.hainan.gov.cn/englishsite"
WWW = "https://www.hainan.gov.cn/hainan"
PAPER = "http://news.hndaily.cn/html"
GOV = "海南省人民政府"

#: (mirror, url, title, published, publisher, language, first words of the text)
PARK_ARTICLES = [
    # -- outside_a
    ("outside_a", f"{EN}/Updates/202407/b81f2c07d4e94a3c9e65f1a0c2d7e4b8.shtml",
     "Yangpu sees foreign trade surge in first half", "2024-07-05", "Hainan Daily", "en",
     "Foreign trade of Yangpu Economic Development Zone reached 102.6 billion yuan"),
    ("outside_a", f"{EN}/Updates/202407/5d0e9a7c3b1f48e2a6c4d8f0b2e1a3c5.shtml",
     "Jiangdong New Area draws 18 regional headquarters", "2024-07-04", "China Daily", "en",
     "A view of the central business district of Haikou Jiangdong New Area. [Photo/IC]"),
    ("outside_a", f"{EN}/Updates/202406/2e7a4c9b1d3f45a8b6c0e2d4f6a8b0c1.shtml",
     "Wenchang aerospace city signs 11 new projects", "2024-06-27", None, "en",
     "Wenchang International Aerospace City signed 11 projects"),
    ("outside_a", "https://en.hainan.gov.cn/englishgov/Latest/202312/1a7c3e5b9d2f4a6c8e0b1d3f5a7c9e2b.shtml",
     "Media tour visits key industrial parks of Hainan FTP", "2023-12-01", "Hinews", "en",
     "Journalists from 22 media outlets at home and abroad visited Haikou Comprehensive Bonded Zone"),
    ("outside_a", f"{WWW}/ywdt/202407/0d9c8b7a6f5e4d3c2b1a0f9e8d7c6b5a.shtml",
     "上半年我省重点园区营业收入同比增长12.6%", "2024-07-05", GOV, "zh",
     "7月4日，记者从省发展改革委获悉，今年上半年，海南自由贸易港11个重点园区实现营业收入9865.3亿元"),
    ("outside_a", f"{WWW}/ywdt/202406/4c3b2a1f0e9d48c7b6a5f4e3d2c1b0a9.shtml",
     "文昌国际航天城上半年新注册企业超400家", "2024-06-29", "文昌市融媒体中心", "zh",
     "记者6月28日从文昌国际航天城管理局获悉"),
    ("outside_a", f"{WWW}/sxian/202407/c4e6a8b0d2f14e3a5c7b9d1f3a5e7c9b.shtml",
     "老城经济开发区上半年固定资产投资较快增长", "2024-07-03", "海南日报", "zh",
     "记者7月2日从海南老城经济开发区管委会获悉"),
    ("outside_a", f"{WWW}/tingju/202407/9a8b7c6d5e4f40312a2b3c4d5e6f7a8b.shtml",
     "省商务厅：海口综合保税区上半年进出口货值同比增长34.8%", "2024-07-04", "省商务厅", "zh",
     "记者从省商务厅获悉，今年上半年，海口综合保税区实现进出口货值286.7亿元"),
    ("outside_a", f"{WWW}/szfbgt/202406/t20240628_3612890.html",
     "海南省人民政府办公厅关于支持重点园区高质量发展的若干措施", "2024-06-28", "海南省人民政府办公厅", "zh",
     "各市、县、自治县人民政府，省政府直属各单位："),
    ("outside_a", f"{PAPER}/2024-07/05/content_58480_19702214.htm",
     "江东新区上半年新增企业逾万家", "2024-07-05", "海南日报", "zh",
     "■ 本报记者 王晓雯 通讯员 林芳\n今年上半年，海口江东新区新增市场主体1.06万户"),
    ("outside_a", f"{PAPER}/2024-07/05/content_58482_19702301.htm",
     "海南生态软件园上半年营收突破千亿元", "2024-07-05", "海南日报", "zh",
     "本报澄迈7月4日讯（记者 陈明 通讯员 吴琼）记者4日从海南生态软件园获悉"),
    # -- outside_b
    ("outside_b", f"{EN}/Updates/202407/a3f5c7e9b1d24f6a8c0e2b4d6f8a1c3e.shtml",
     "Yazhou Bay sci-tech city posts strong first-half growth", "2024-07-05", "Hainan Daily", "en",
     "Enterprises in Sanya Yazhou Bay Science and Technology City generated"),
    ("outside_b", f"{EN}/Updates/202407/f0e1d2c3b4a5469788796a5b4c3d2e1f.shtml",
     "Boao Lecheng treats record number of patients", "2024-07-04", "Hainan Daily", "en",
     "A doctor checks a patient at a hospital in the pilot zone. [Photo/VCG]"),
    ("outside_b", f"{EN}/Updates/202406/7e6d5c4b3a2940f1e0d9c8b7a6f5e4d3.shtml",
     "Li'an education pilot zone enrolls more international students", "2024-06-26", None, "en",
     "Lingshui Li'an International Education Innovation Pilot Zone will enroll 1,200"),
    ("outside_b", f"{EN}/oinf/202406/9d8c7b6a5f4e43d2c1b0a9f8e7d6c5b4.shtml",
     "Hainan Ecological Software Park: a digital hub by the sea", "2024-06-30", "Hainan Daily", "en",
     "Fifteen years ago, the site of Hainan Ecological Software Park"),
    ("outside_b", f"{WWW}/ywdt/202407/2f4e6d8c0b1a43f5e7d9c1b3a5f7e9d2.shtml",
     "洋浦上半年港口集装箱吞吐量同比增长15.8%", "2024-07-05", "海南日报", "zh",
     "7月4日，记者从洋浦经济开发区管委会获悉"),
    ("outside_b", f"{WWW}/ywdt/202406/t20240627_3611234.html",
     "海口国家高新区上半年规上工业产值增长13.5%", "2024-06-27", "海口日报", "zh",
     "记者从海口国家高新区获悉，今年上半年，高新区规模以上工业总产值达到412.8亿元"),
    ("outside_b", f"{WWW}/zmgyshj/202407/5e4d3c2b1a0f49e8d7c6b5a4f3e2d1c0.shtml",
     "江东新区总部经济区新签约企业24家", "2024-07-04", "海南日报", "zh",
     "7月3日，海口江东新区总部经济区举行集中签约活动"),
    ("outside_b", f"{WWW}/5309/202407/3c2b1a0f9e8d47c6b5a4f3e2d1c0b9a8.shtml",
     "三亚中央商务区上半年新增注册企业1800余家", "2024-07-03", "三亚市人民政府", "zh",
     "今年上半年，三亚中央商务区新增注册企业1836家"),
    ("outside_b", f"{PAPER}/2024-07/04/content_58464_19699001.htm",
     "洋浦保税港区上半年进出口货值增长三成", "2024-07-04", "海南日报", "zh",
     "本报洋浦7月3日电（记者 曾毓慧 通讯员 吴庆）"),
    ("outside_b", f"{PAPER}/2024-07/04/content_58467_19699017.htm",
     "广东海南先进制造业合作产业园合作有序推进", "2024-07-04", "海南日报", "zh",
     "■ 本报记者 邱江华\n记者7月3日从省工业和信息化厅获悉"),
]

#: Fetched and parsed, but not about a park: never stored.
OTHER_ARTICLES = {
    "outside_a": [
        f"{EN}/Updates/202407/8f3b6d1a9c2e47f0b5d7a3c1e9f2b4d6.shtml",
        f"{WWW}/ywdt/202407/6b5a4f3e2d1c40b9a8f7e6d5c4b3a291.shtml",
        f"{WWW}/sxian/202407/e1f2a3b4c5d64e7f8a9b0c1d2e3f4a5b.shtml",
        f"{PAPER}/2024-07/05/content_58480_19702220.htm",
    ],
    "outside_b": [
        f"{EN}/Updates/202407/1b2c3d4e5f6a47b8c9d0e1f2a3b4c5d6.shtml",
        f"{WWW}/ywdt/202407/8a9b0c1d2e3f44a5b6c7d8e9f0a1b2c3.shtml",
        f"{PAPER}/2024-07/04/content_58467_19699025.htm",
    ],
}

#: Revised in snapshot 2: (url, text of the revision).
REVISED = {
    "outside_a": [(f"{WWW}/sxian/202407/c4e6a8b0d2f14e3a5c7b9d1f3a5e7c9b.shtml", "完成固定资产投资88.1亿元，同比增长23.7%")],
    "outside_b": [
        (f"{EN}/Updates/202407/a3f5c7e9b1d24f6a8c0e2b4d6f8a1c3e.shtml", "63.2 billion yuan in operating revenue"),
        (f"{WWW}/ywdt/202407/2f4e6d8c0b1a43f5e7d9c1b3a5f7e9d2.shtml", "集装箱吞吐量113.4万标箱"),
    ],
}

#: Linked from both hosts (en.hainan.gov.cn/hainan/… and www): one article, the portal's.
CROSS_HOST = {
    "outside_a": f"{WWW}/sxian/202407/c4e6a8b0d2f14e3a5c7b9d1f3a5e7c9b.shtml",
    "outside_b": f"{WWW}/zmgyshj/202407/5e4d3c2b1a0f49e8d7c6b5a4f3e2d1c0.shtml",
}

#: Page furniture that must never reach an article's text or title.
FURNITURE = ("You are leaving this site", "Copyright", "All Rights Reserved", "琼ICP备", "版权所有", "Share to",
             "分享", "字体", "打印", "About Hainan", "Home |", "首页", "当前位置",
             "Hainan Free Trade Port International Services")
#: What UTF-8 read as Latin-1/GBK (or the reverse) looks like.
MOJIBAKE = re.compile(r"[\ufffd]|[ÃÂâåæçè][\x80-\xbf€-™]|锟斤拷|鈥|銆")

SPIDERS = ("hainan_gov_en", "hainan_gov_zh", "hainan_daily")


class Crawled:
    """A mirror crawled at snapshot 1, then at snapshot 2 with `--revisit all`."""

    def __init__(self, first: dict[str, dict], second: dict[str, dict], runs: dict[str, dict]) -> None:
        self.first, self.second, self.runs = first, second, runs


@pytest.fixture(scope="module", params=["outside_a", "outside_b"])
def crawled(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Crawled]]:
    name = request.param
    base: Path = tmp_path_factory.mktemp(name)
    db_url = f"sqlite:///{base / 'monitor.db'}"
    with module_mirror(base) as mirror:
        crawl(db_url, mirror.use(**{name: 1}))
        first = articles(db_url)
        crawl(db_url, mirror.use(**{name: 2}), "--revisit", "all")
        second = articles(db_url)
        runs = {spider: last_run(db_url, spider) for spider in SPIDERS}
    yield name, Crawled(first, second, runs)


def expected(name: str) -> dict[str, tuple]:
    return {row[1]: row[2:] for row in PARK_ARTICLES if row[0] == name}


def test_exactly_the_park_articles_are_stored(crawled):
    name, result = crawled
    assert sorted(result.first) == sorted(expected(name))
    assert not set(OTHER_ARTICLES[name]) & set(result.first)


def test_each_article_has_its_title_date_publisher_language_and_text(crawled):
    name, result = crawled
    problems = []
    for url, (title, published, publisher, language, first_words) in expected(name).items():
        stored = result.first.get(url)
        if stored is None:
            problems.append(f"{url}: not stored")
            continue
        got = (stored["title"], stored["published"], stored["publisher"], stored["language"])
        if got != (title, published, publisher, language):
            problems.append(f"{url}: {got} != {(title, published, publisher, language)}")
        if not stored["text"].startswith(first_words):
            problems.append(f"{url}: text starts {stored['text'][:80]!r}")
    assert not problems, "\n".join(problems)


def test_no_page_furniture_headline_source_line_or_mojibake_in_the_text(crawled):
    _, result = crawled
    for url, stored in result.first.items():
        text, title = stored["text"], stored["title"]
        first_line = text.split("\n")[0]
        assert not any(marker in text or marker in title for marker in FURNITURE), url
        assert first_line.replace(" ", "") != title.replace(" ", ""), f"{url}: headline repeated in the body"
        assert not re.match(r"(Sources?|来源)\s*[:：]", first_line, re.IGNORECASE), f"{url}: source line in the body"
        assert not MOJIBAKE.search(text + title), f"{url}: mojibake"


def test_urls_are_canonical_and_cross_host_copies_fold_into_one_article(crawled):
    name, result = crawled
    for url in result.first:
        parts = urlsplit(url)
        assert not parts.query and not parts.fragment
        assert not (parts.hostname == "en.hainan.gov.cn" and parts.path.startswith("/hainan/"))
        assert parts.scheme == "https" or parts.hostname == "news.hndaily.cn"
    folded = CROSS_HOST[name]
    assert [url for url in result.first if urlsplit(url).path == urlsplit(folded).path] == [folded]
    assert result.first[folded]["source"] == "hainan_gov_zh"


def test_the_second_crawl_finds_only_the_revision(crawled):
    name, result = crawled
    assert sorted(result.second) == sorted(result.first)
    revised = dict(REVISED[name])
    for url, stored in result.second.items():
        if url in revised:
            assert stored["versions"] == 2 and revised[url] in stored["text"], url
        else:
            assert stored["versions"] == 1, url
    assert sum(run["new_articles"] for run in result.runs.values()) == 0
    assert sum(run["new_versions"] for run in result.runs.values()) == len(revised)
    assert all(run["problems"] == 0 for run in result.runs.values())
