"""The one language detector (scraper/language.py): what makes a text Chinese."""

from __future__ import annotations

import pytest

from scraper.article_parser import guess_language
from scraper.language import detect_language


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("洋浦经济开发区实现货物贸易进出口总额621.5亿元", "zh"),
        ("Yangpu recorded an import and export value of 62.15 billion yuan", "en"),
        # A Chinese menu on an English page: 8 characters against 60-odd letters stays English.
        ("首页 新闻 政务 English Yangpu's foreign trade grows in the first half of 2024", "en"),
        # A Chinese article quoting an English name stays Chinese.
        ("海南自由贸易港 Hainan Free Trade Port 建设总体方案发布实施以来成效显著", "zh"),
        ("", "en"),
        ("2024-07-04 612.5", "en"),
    ],
)
def test_detect_language(text: str, lang: str) -> None:
    assert detect_language(text) == lang


def test_the_portals_url_folder_wins_over_the_text() -> None:
    assert guess_language("https://en.hainan.gov.cn/englishsite/Updates/202407/a.shtml", "海南自贸港新闻") == "en"
    assert guess_language("https://www.hainan.gov.cn/hainan/5309/202407/a.shtml", "Hainan news") == "zh"
    assert guess_language("http://news.hndaily.cn/html/2024-07/04/content_1.htm", "海南日报 广东海南先进制造业合作产业园") == "zh"
