"""decode_body: the declared charset (header, then meta), else UTF-8 if it decodes, else
GB18030; Big5 and GBK labels read with their supersets; no mojibake either way."""

from __future__ import annotations

from pathlib import Path

import pytest
from scrapy.http import HtmlResponse

from scraper.encoding import decode_body

MIRRORS = Path(__file__).parent / "mirrors"
TEXT = "洋浦经济开发区上半年新增市场主体１．２万户"
TRADITIONAL = "海口國家高新區工業產值增長１５％"
RARE = "发改委负责人王䶮介绍"  # 䶮 is in GB18030 but not in GBK or GB2312


def page(text: str, meta: str = "") -> str:
    return f"<html><head>{meta}<title>t</title></head><body><p>{text}</p></body></html>"


def response(body: bytes, content_type: str = "text/html") -> HtmlResponse:
    return HtmlResponse("https://www.hainan.gov.cn/hainan/x.shtml", body=body, headers={"Content-Type": content_type})


@pytest.mark.parametrize(
    ("body", "content_type", "expected"),
    [
        (page(TEXT).encode("utf-8"), "text/html", TEXT),  # undeclared UTF-8
        (page(TEXT).encode("gbk"), "text/html", TEXT),  # undeclared GBK
        (page(RARE).encode("gb18030"), "text/html", RARE),  # undeclared GB18030
        (page(RARE, '<meta charset="gb2312">').encode("gb18030"), "text/html", RARE),  # labelled gb2312, really GB18030
        (page(TEXT, '<meta http-equiv="Content-Type" content="text/html; charset=GBK">').encode("gbk"), "text/html", TEXT),
        (page(TRADITIONAL).encode("big5"), "text/html; charset=big5", TRADITIONAL),  # header only
        (page(TRADITIONAL, '<meta charset="big5">').encode("big5"), "text/html", TRADITIONAL),  # meta only
        (page(TRADITIONAL, '<meta charset="x-big5">').encode("big5"), "text/html", TRADITIONAL),
        (page(TEXT, '<meta charset="gb2312">').encode("utf-8"), "text/html", TEXT),  # wrong label: bytes win
        (page(TEXT).encode("utf-8"), "text/html; charset=utf-8", TEXT),
        (b"\xef\xbb\xbf" + page(TEXT).encode("utf-8"), "text/html; charset=gbk", TEXT),  # a BOM beats the label
    ],
)
def test_decode_body(body, content_type, expected):
    decoded = decode_body(response(body, content_type))
    assert expected in decoded and "\ufffd" not in decoded


def test_hkscs_characters_of_a_big5_page():
    text = "香港特區政府與海南簽署合作備忘錄，涉及𥚃等用字"  # 𥚃 exists only in HKSCS
    assert text in decode_body(response(page(text).encode("big5hkscs"), "text/html; charset=big5"))


@pytest.mark.parametrize(
    ("fixture", "expected"),
    [
        ("hndaily/1/news.hndaily.cn/html/2024-07/04/content_58465_19684712.htm", "海南老城经济开发区入驻数字经济企业达到1260家"),
        ("zh/1/www.hainan.gov.cn/hainan/sxian/202407/5d7f9b1c3e2a4c6e8b0d1f3a5c7e9b2d.shtml", "王䶮"),
        ("hndaily/1/hnrb.hinews.cn/html/2015-03/12/content_1_2.htm", "洋浦保税港区前两月进出口货值增长两成"),
    ],
)
def test_fixture_pages_decode(fixture, expected):
    body = (MIRRORS / fixture).read_bytes()
    with pytest.raises(UnicodeDecodeError):
        body.decode("utf-8")  # the fixture really is not UTF-8
    assert expected in decode_body(response(body))
