"""Each rule of monitor/extract/park_rules.py alone: the mentions of a text (parks.find_refs),
a number in it, and the parks, bindings and rule name the rules give it.  Our own wording."""

from __future__ import annotations

import re

import pytest

from db.gazetteer import fold
from monitor.extract import park_rules, parks

# (lang, text, the number as written, [(park, binding)], rule)
RULES = [
    ("zh", "海口国家高新区管委会介绍，22个签约高新区项目已落地16个。", "22", [("haikou-hitech-zone", "named")], "park-in-noun-phrase"),
    ("en", "Last year the province set up 1,200 foreign-invested enterprises.", "1,200", [(None, "named")],
     "scope-is-a-place"),
    ("en", "Danzhou, Yangpu's neighbour, recorded industrial output of 80 billion yuan.", "80", [(None, "named")],
     "place-opens-the-sentence"),
    ("en", "According to Yangpu Economic Development Zone, Hainan's foreign trade reached 200 billion yuan.", "200",
     [(None, "named")], "place-opens-the-sentence"),
    ("en", "Yangpu Economic Development Zone is one of the 13 key parks, which together generated revenue of 2 "
           "trillion yuan.", "2", [(None, "named")], "figure-of-the-group-the-park-is-one-of"),
    ("en", "Hainan Airlines, based in the Haikou Comprehensive Bonded Zone, reported revenue of 50 billion yuan.", "50",
     [(None, "named")], "money-of-a-company-in-the-park"),
    ("en", "We will push Haikou National High-tech Zone to grow, and strive for 30 projects to be started in "
           "Jiangdong New Area.", "30", [("jiangdong", "named")], "park-of-own-clause"),
    ("en", "Hainan Ecological Software Park and Haikou Fuxing City paid taxes of 4.6 billion yuan combined.", "4.6",
     [(None, "named")], "joint-figure-of-parks"),
    ("zh", "去年，洋浦经济开发区、海口江东新区等2个园区营收超1000亿元。", "1000",
     [("yangpu", "named"), ("jiangdong", "named")], "coordinated-parks"),
    ("en", "Yangpu Economic Development Zone signed 12 projects on Monday.", "12", [("yangpu", "named")], "park-before"),
    ("en", "According to Haikou National High-tech Zone, 40 enterprises signed up.", "40",
     [("haikou-hitech-zone", "named")], "demoted-park-before"),
    ("en", "Over 40 companies have set up offices in Haikou.", "40", [(None, "named")], "located-in-a-place"),
    ("en", "More than 200 enterprises have settled in Yangpu Economic Development Zone.", "200", [("yangpu", "named")],
     "park-after"),
    ("en", "On Monday 129 projects started construction across the province.", "129", [(None, "named")],
     "scope-is-a-place"),
    ("en", "Haikou Comprehensive Bonded Zone grew.\nSince 2020, Hainan has registered 9,000 foreign-funded companies. "
           "Paid-in foreign capital reached 16 billion yuan.", "16", [(None, "carried")], "story-moved-to-a-place"),
    ("zh", "洋浦经济开发区、海口江东新区发展迅速。\n全年新增企业3000家。", "3000", [(None, "carried")], "no-single-park-after-a-run"),
    ("zh", "洋浦经济开发区上半年多项指标位居自贸港重点园区首位。新增市场主体1287户。", "1287", [("yangpu", "anaphor")],
     "subject-of-sentence-before"),
    ("en", "Yangpu Economic Development Zone grew fast. Sinopec, which runs a refinery there, reported revenue of 3.1 "
           "trillion yuan.", "3.1", [(None, "carried")], "money-of-a-company-told-before"),
    ("en", "Laocheng Pak and Yangpu Zone together collected tax revenue of $3.1 billion.", "3.1", [(None, "named")],
     "joint-figure-of-parks"),
    ("en", "Dongfang Lingang Industrial Park grew.\nChina's hydrogen industry output reached 300 billion yuan.", "300",
     [(None, "named")], "scope-is-a-place"),
    ("en", "Yangpu Economic Development Zone grew fast.\nLast year, 300 new enterprises registered.", "300",
     [("yangpu", "carried")], "park-of-earlier-sentences"),
    ("en", "Last year, 300 new enterprises registered.", "300", [(None, "carried")], "no-park"),
]


# the counted noun that ends a number's noun phrase ("22个签约高新区项目")
_NOUN_PHRASE = re.compile(r"[^,，;；。、]{0,30}?(?:项目|企业|projects?|enterprises?|compan(?:y|ies))")


@pytest.mark.parametrize(("lang", "text", "number", "owners", "rule"), RULES, ids=[f"{row[4]}-{row[2]}" for row in RULES])
def test_the_named_rule_binds_the_number(lang, text, number, owners, rule):
    folded = fold(text)
    position = folded.index(number)
    sentence_start = max(folded.rfind(stop, 0, position) for stop in ("。", ". ", "\n")) + 1
    sentence_end = min((i for i in (folded.find(stop, position) for stop in ("。", ". ")) if i != -1), default=len(folded))
    phrase = _NOUN_PHRASE.match(folded, position + len(number))
    found = park_rules.attribute(folded, park_rules.Mentions(parks.find_refs(folded, lang)), (sentence_start, sentence_end + 1), position,
                                 phrase.end() if phrase else position + len(number), zero_subject=lang == "zh",
                                 company_money="revenue" in text)
    assert [(owner.park, owner.binding) for owner in found] == owners
    assert {owner.rule for owner in found} == {rule}


def test_every_rule_of_the_table_is_exercised_above():
    assert {name for name, _ in park_rules.RULES} == {row[4] for row in RULES}
