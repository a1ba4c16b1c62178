"""Park attribution and the gazetteer, as tables."""

from __future__ import annotations

import pytest
from tests.helpers.extract import find, run

from db.gazetteer import GENERIC_PARK_TERMS, is_park_related, load_gazetteer

PARK_IDS = {
    "yangpu", "jiangdong", "haikou-bonded-zone", "haikou-hitech-zone", "fuxing-city", "boao-lecheng",
    "yazhou-bay", "sanya-cbd", "wenchang-aerospace", "lingshui-lian", "software-park", "laocheng",
    "lingao-jinpai", "gd-hn-manufacturing", "dongfang-lingang", "wanling-logistics", "key-parks",
}

MENTIONS = [
    ("Guangdong Hainan Advanced Manufacturing Cooperation Industrial Park", "gd-hn-manufacturing"),
    ("广东海南先进制造业合作产业园", "gd-hn-manufacturing"),
    ("Haikou High-tech Zone", "haikou-hitech-zone"),
    ("海口國家高新區", "haikou-hitech-zone"),
    ("the Yangpu port", "yangpu"),
    ("洋浦經濟開發區", "yangpu"),
    ("三亚 CBD", "sanya-cbd"),
    ("海南生態軟件園", "software-park"),
    ("Hainan's 13 key industrial parks", "key-parks"),
    ("11个重点园区", "key-parks"),
    ("Lingshui Li’an International Education Innovation Pilot Zone", "lingshui-lian"),
]


def test_gazetteer_has_every_park_of_parks_md():
    gazetteer = load_gazetteer()
    assert {park.id for park in gazetteer.parks} == PARK_IDS
    for park in gazetteer.parks:
        assert park.name_en in park.aliases and park.name_zh in park.aliases
    assert gazetteer.get("yangpu").name_zh == "洋浦经济开发区"
    assert gazetteer.get("nowhere") is None


@pytest.mark.parametrize(("text", "park"), MENTIONS, ids=[row[0] for row in MENTIONS])
def test_mentions(text, park):
    mentions = load_gazetteer().mentions("据报道，" + text + "。")
    assert [m[2] for m in mentions] == [park]
    start, end, _ = mentions[0]
    assert ("据报道，" + text)[start:end].strip()


def test_longest_match_wins():
    text = "Haikou National High-tech Zone and Yangpu Economic Development Zone"
    assert [(text[s:e], p) for s, e, p in load_gazetteer().mentions(text)] == [
        ("Haikou National High-tech Zone", "haikou-hitech-zone"),
        ("Yangpu Economic Development Zone", "yangpu"),
    ]


RELATED = [
    ("Yangpu sees record cargo", "Cargo throughput at the port of Yangpu rose in May.", True),
    ("园区动态", "海口综保区新增企业。", True),
    ("Hainan's industrial parks grow", "Parks drew investment.", True),
    ("Weather", "Sunny days ahead for tourists on the beaches of Sanya; the scenic zone is open.", False),
    ("旅游", "三亚春节期间接待游客120万人次，旅游收入增长。", False),
    ("News", "Two new development zones and an industrial park were approved.", True),
]


@pytest.mark.parametrize(("title", "text", "related"), RELATED, ids=[row[0] for row in RELATED])
def test_is_park_related(title, text, related):
    assert is_park_related(title, text) is related


def test_generic_terms_cover_both_languages():
    assert "industrial park" in GENERIC_PARK_TERMS and "产业园" in GENERIC_PARK_TERMS


ATTRIBUTION = [
    # (lang, text, metric, value, park)
    ("en", "The reporter learned from Haikou National High-tech Zone that Yangpu Economic Development Zone "
     "has landed 40 projects.", "projects_landed", 40, "yangpu"),
    ("zh", "记者从海口国家高新区获悉，洋浦经济开发区已落地项目40个。", "projects_landed", 40, "yangpu"),
    ("en", "Hainan Ecological Software Park is a key park. The park has attracted 1,800 enterprises.",
     "enterprises", 1800, "software-park"),
    ("zh", "海南生态软件园是重点园区之一。园区已入驻企业1800家。", "enterprises", 1800, "software-park"),
    ("zh", "三亚崖州湾科技城由三亚崖州湾科技城管理局和海口国家高新区管委会共建，规划面积69平方公里。",
     "planning_area", 69, "yazhou-bay"),
    ("en", "Laocheng Economic Development Zone, together with the Guangzhou High-tech Zone Management Committee, "
     "signed 14 projects on April 2.", "projects_signed", 14, "laocheng"),
    ("zh", "广州高新区签约项目14个。", "projects_signed", 14, "zh:广州高新区"),
    ("zh", "洋浦经济开发区、海口江东新区、海口综合保税区分别完成税收100亿元、40亿元、20亿元。",
     "tax_revenue", 4e9, "jiangdong"),
    ("zh", "洋浦经济开发区、海口江东新区、海口综合保税区分别完成税收100亿元、40亿元、20亿元。",
     "tax_revenue", 2e9, "haikou-bonded-zone"),
    ("en", "Yangpu Economic Development Zone and Jiangdong New Area received a total of 3 billion yuan in tax revenue.",
     "tax_revenue", 3e9, None),
]


@pytest.mark.parametrize(("lang", "text", "metric", "value", "park"), ATTRIBUTION, ids=[row[1][:40] for row in ATTRIBUTION])
def test_attribution(lang, text, metric, value, park):
    figures = run(text, lang, "2024-05-01")
    if park is None:
        assert find(figures, metric, value) is None, figures  # a joint figure of two parks belongs to neither
        return
    figure = find(figures, metric, value, park)
    assert figure is not None, figures
