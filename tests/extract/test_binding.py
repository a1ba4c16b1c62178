"""Whose figure it is, and how sure: scope, venues, comparisons, anaphors and carried parks.

Each row is a document (our own wording) and the whole set of (park, metric, value, binding)
the extractor must give for it: nothing more, nothing less.
"""

from __future__ import annotations

import datetime as dt

import pytest

from monitor.extract import extract_figures

PUBLISHED = dt.date(2024, 7, 10)

CASES = [
    ("a city as the subject, an adverb set off after it, owns its figure: not the park told before",
     "en", "Yangpu Economic Development Zone recorded revenue of 80 billion yuan in the first half.\nHaikou, meanwhile, "
           "attracted foreign investment of US$820 million in the first half.",
     {("yangpu", "revenue", 8e10, "named")}),
    ("an anaphor after the office of a park that speaks stands for that park, not for the story's lead",
     "zh", "上半年，海南重点园区营业收入增长12%。\n三亚崖州湾科技城管理局负责人表示，园区上半年新增企业1100家。",
     {("yazhou-bay", "enterprises", 1100, "anaphor")}),
    ("an anaphor after the office of a park that speaks stands for that park (en)",
     "en", "Hainan's key parks grew fast in the first half.\nAn official of the Haikou Fuxing City Administration said "
           "the park added 260 companies in the first half.",
     {("fuxing-city", "enterprises", 260, "anaphor")}),
    ("a province-wide count with a park as the main venue owns nothing",
     "en", "On Monday 129 projects started construction across the province. The main venue was the Haikou National "
           "High-tech Zone.",
     set()),
    ("a ceremony's main venue in a park (zh) does not claim the province's projects",
     "zh", "7月1日，全省第三批项目集中开工活动举行。在位于海口国家高新区项目现场的活动主会场，省领导宣布开工。\n"
           "本次集中开工项目共88个，总投资300亿元。",
     set()),
    ("the province as subject blocks the park named in the sentence before",
     "en", "The Sanya Central Business District opened a new tower.\nLast year the province set up 1,200 foreign-invested "
           "enterprises.",
     set()),
    ("'one of Hainan's key parks' describes the park: 'the district' after it is still the CBD",
     "en", "The Sanya Central Business District, one of Hainan's key parks, drew new headquarters. In the first half, "
           "the district added 320 enterprises.",
     {("sanya-cbd", "enterprises", 320, "anaphor")}),
    ("parks given as examples of a group ('key parks such as A and B') do not claim the group's figure",
     "en", "Key parks such as Yangpu Economic Development Zone and Haikou National High-tech Industrial Development Zone "
           "generated 1.4 trillion yuan in operating revenue in the first three quarters.",
     {("key-parks", "revenue", 1.4e12, "named")}),
    ("a park that only places a city ('In Haikou, where the high-tech zone is located') owns nothing",
     "en", "In Haikou, where the high-tech zone is located, 3,000 new companies were set up in the first half.",
     set()),
    ("a city 'home to' a park: the city's figure",
     "en", "Haikou, home to the Haikou National High-tech Industrial Development Zone, registered 5,000 new companies.",
     set()),
    ("the zone after an aside ('27 projects, with … , have settled in the zone') is the count's place",
     "en", "Yangpu Economic Development Zone is on the west coast. Twenty-seven projects, with a combined investment "
           "of 10.2 billion yuan, have settled in the zone this year.",
     {("yangpu", "projects_landed", 27, "anaphor"), ("yangpu", "investment_total", 10.2e9, "carried")}),
    ("'Hainan as a whole' is the province's scope, not the park told before",
     "en", "Sanya Yazhou Bay Science and Technology City now has 10,000 registered companies.\n"
           "Hainan as a whole had 3.4 million market entities by the end of October.",
     {("yazhou-bay", "enterprises", 10000, "named")}),
    ("a company placed in a park ('based in the bonded zone') earns its own revenue",
     "en", "Hainan Airlines, based in the Haikou Comprehensive Bonded Zone, reported revenue of 50 billion yuan.",
     set()),
    ("the park's largest firm pays its own taxes",
     "en", "Yangpu Economic Development Zone's largest firm paid taxes of 2 billion yuan.",
     set()),
    ("the companies of a park together earn the park's revenue",
     "en", "Companies based in the Yangpu Economic Development Zone reported revenue of 500 billion yuan.",
     {("yangpu", "revenue", 5e11, "named")}),
    ("the park's own tax revenue is still the park's",
     "en", "Yangpu Economic Development Zone's tax revenue reached 2 billion yuan.",
     {("yangpu", "tax_revenue", 2e9, "named")}),
    ("a project of a company in a park: its investment is the park's figure (METRICS.md)",
     "en", "A company in the Yangpu Economic Development Zone started building a plant with a total investment of "
           "1.2 billion yuan.",
     {("yangpu", "investment_total", 1.2e9, "named")}),
    ("a provincial body as the source of the story's park figure ('海南省统计局数据显示，园区…') does not take it",
     "zh", "洋浦经济开发区发展迅速。海南省统计局数据显示，园区前三季度营收达1000亿元。",
     {("yangpu", "revenue", 1e11, "anaphor")}),
    ("a park named as a yardstick does not claim the next sentence's figure",
     "en", "Yangpu Economic Development Zone ranked first among the key parks of the free trade port.\n"
           "The zone added 1,382 enterprises in the first half of the year.",
     {("yangpu", "enterprises", 1382, "anaphor")}),
    ("Chinese leaves out the subject it goes on with; the yardstick parks are no subject",
     "zh", "洋浦经济开发区上半年多项指标位居自贸港重点园区首位。新增市场主体1287户，同比增长20%。",
     {("yangpu", "enterprises", 1287, "anaphor")}),
    ("an anaphor as the number's place ('registered in the zone') binds it",
     "en", "In the first half, Yangpu's growth outpaced the key parks of the free trade port. In the period, 1,287 new "
           "enterprises were registered in the zone.",
     {("yangpu", "enterprises", 1287, "anaphor")}),
    ("a province after the number, in its clause, is its scope (the comma of 1,200 is no clause break)",
     "en", "The Sanya Central Business District opened a tower. Last year 1,200 foreign-invested enterprises were set "
           "up across the province.",
     set()),
    ("a park's name translated word for word (金牌港: Gold Medal Port); a project named after an industrial park is no park",
     "en", "In May, five projects broke ground at the Gold Medal Port Park in Lingao, among them the Example Glass "
           "Industrial Park Project.",
     {("lingao-jinpai", "projects_started", 5, "named")}),
    ("universities count only as signings; 'the 500 largest' is a ranking; the CBD as wire stories describe it",
     "en", "The Lingshui Li'an International Education Innovation Pilot Zone says nine overseas universities signed "
           "teaching agreements there in 2023.\nSome 240 firms, one a supplier listed among the 500 largest enterprises, now "
           "rent space in the central business district of Sanya.",
     {("lingshui-lian", "projects_signed", 9, "named"), ("sanya-cbd", "enterprises", 240, "named")}),
    ("a source that 'said' is not the subject",
     "en", "The Guangdong-Hainan Advanced Manufacturing Cooperation Industrial Park has landed 27 projects, the Haikou "
           "National High-tech Zone said on July 3. Its projects have completed an investment of 120 million yuan.",
     {("gd-hn-manufacturing", "projects_landed", 27, "named"),
      ("gd-hn-manufacturing", "investment_completed", 120_000_000, "anaphor")}),
    ("English 'it' goes on with the subject of the sentence before, as a Chinese zero subject does",
     "en", "Haikou Jiangdong New Area arranged 40 key projects this year.\nIn the first half, it completed an investment "
           "of 6 billion yuan. Investment in the province grew, and 2 billion yuan went to roads.",
     {("jiangdong", "investment_completed", 6e9, "anaphor")}),
    ("a park named in the sentence binds by name; an anaphor resolves to the article's park",
     "zh", "洋浦经济开发区上半年实现营业收入1200亿元。\n园区新增市场主体3000家。",
     {("yangpu", "revenue", 120_000_000_000, "named"), ("yangpu", "enterprises", 3000, "anaphor")}),
    ("pinyin glosses in brackets are read through",
     "zh", "今年洋浦經濟開發區新增註冊企業(yè)2480家。",
     {("yangpu", "enterprises", 2480, "named")}),
    ("a ranking's 500 is a name, not a count",
     "en", "The Sanya Central Business District has attracted 30 Fortune Global 500 enterprises.",
     {("sanya-cbd", "enterprises", 30, "named")}),
    ("foreign trade turnover is trade value",
     "en", "In the first half, foreign trade turnover of the Yangpu Economic Development Zone exceeded 60 billion yuan.",
     {("yangpu", "trade_value", 60_000_000_000, "named")}),
    ("a number glued to the word before it, and a thousands word",
     "en", "The Yazhou Bay Science and Technology City, covering12 square kilometres, has attracted 4.5 thousand "
           "enterprises.",
     {("yazhou-bay", "planning_area", 12, "named"), ("yazhou-bay", "enterprises", 4500, "named")}),
    ("construction began on N projects is projects started",
     "en", "Construction began on three projects in the Jiangdong New Area on Monday.",
     {("jiangdong", "projects_started", 3, "named")}),
    ("fixed capital investment is investment completed",
     "en", "Investment in the fixed capital of the Yangpu Economic Development Zone amounted to 30 billion yuan "
           "from January to June.",
     {("yangpu", "investment_completed", 30_000_000_000, "named")}),
    ("a heading names what its list lines count",
     "zh", "营业收入超百亿元的园区：\n洋浦经济开发区1234.5亿元\n海口国家高新区560.2亿元",
     {("yangpu", "revenue", 123_450_000_000, "named"), ("haikou-hitech-zone", "revenue", 56_020_000_000, "named")}),
    ("an increase is no figure; the level after it is",
     "zh", "洋浦经济开发区营业收入较上年增长100亿元，达到1200亿元。",
     {("yangpu", "revenue", 120_000_000_000, "named")}),
    ("signed-and-landed projects count what was signed",
     "zh", "海口国家高新区签约落地产业项目39个。",
     {("haikou-hitech-zone", "projects_signed", 39, "named")}),
    ("a wire story that goes on from a park to the province gives the province's numbers to nobody",
     "en", "Haikou Comprehensive Bonded Zone handled goods worth a record amount this spring.\n"
           "In the first half, Hainan has registered more than 9,000 foreign-funded companies. Paid-in foreign capital "
           "reached 16 billion yuan in the period, the commerce department said.",
     set()),
    ("a Chinese story that goes on from a park to the province (after a time phrase) carries the park no further",
     "zh", "洋浦经济开发区1-9月新增市场主体2100户。\n今年以来，全省新设外资企业1300家。力争全年实际使用外资200亿元。",
     {("yangpu", "enterprises", 2100, "named")}),
    ("parks counted (新建6个园区) are no anaphor: the next figure is only carried, not bound",
     "zh", "三亚崖州湾科技城上半年新增企业900家。\n下一步,将新建6个园区。力争全年引进企业300家。",
     {("yazhou-bay", "enterprises", 900, "named"), ("yazhou-bay", "enterprises", 300, "carried")}),
    ("'The province' opening a sentence and 'across' a city are scopes wider than the park told before",
     "en", "Haikou Jiangdong New Area signed 22 projects on June 3.\nThe province aims to attract 900 foreign firms this "
           "year. Across Haikou, 2,100 new enterprises registered in the first quarter.",
     {("jiangdong", "projects_signed", 22, "named")}),
    ("a zone's own few industrial parks are not the province's key parks",
     "en", "Haikou National High-tech Zone has 9 industrial parks covering 40 square kilometers.",
     {("haikou-hitech-zone", "planning_area", 40, "named")}),
    ("a Chinese sentence with a subject of its own (a city, the province's government, the nation, an industry) is no "
     "zero subject going on with the park",
     "zh", "洋浦经济开发区12月9日集中签约项目15个。三亚今年引进企业800家。省政府批准投资项目80个，总投资600亿元。"
           "旅游业实现收入2000亿元。我国今年新设外资企业5万家。高新技术企业总数达2500家。",
     {("yangpu", "projects_signed", 15, "named")}),
    ("the province as a sentence's subject, bare, is a place",
     "en", "Sanya Yazhou Bay Science and Technology City signed 15 projects on Friday.\nHainan plans to attract 600 "
           "foreign companies this year.",
     {("yazhou-bay", "projects_signed", 15, "named")}),
    ("a count placed 'in Hainan' is the province's; the park's share is the park's",
     "en", "Of the 31 global top-500 firms that invested in Hainan, 9 are in Yangpu Economic Development Zone.",
     set()),
    ("'Hainan' naming a company's local branch is no place",
     "en", "Dongfang Lingang Industrial Park broke ground on two projects.\nThe Keda (Hainan) project has an investment "
           "of 300 million yuan, and Keda's Hainan chemical base will invest 200 million yuan.",
     {("dongfang-lingang", "projects_started", 2, "named"), ("dongfang-lingang", "investment_total", 3e8, "carried"),
      ("dongfang-lingang", "investment_total", 2e8, "carried")}),
    ("'fixed capital investment' is read as one cue, investment completed",
     "en", "Fixed capital investment in Yangpu Economic Development Zone came to 41 billion yuan last year.",
     {("yangpu", "investment_completed", 4.1e10, "named")}),
    ("a planned construction land area is the park's planning area, not a target",
     "zh", "海口江东新区规划建设用地面积达20.6平方公里。",
     {("jiangdong", "planning_area", 20.6, "named")}),
]


@pytest.mark.parametrize(("lang", "text", "expected"), [case[1:] for case in CASES], ids=[case[0] for case in CASES])
def test_binding(lang, text, expected):
    figures = extract_figures(text, lang=lang, published=PUBLISHED)
    assert {(f.park, f.metric, f.value, f.binding) for f in figures} == expected


# (lang, text, the (metric, value, qualifier) of every figure)
QUALIFIERS = [
    ("en", "In the Boao Lecheng International Medical Tourism Pilot Zone, 14 more hospitals will be built.",
     {("enterprises", 14, "target")}),
    # the plan as what was done ("completed 80% of the annual plan") states no plan for what follows
    ("zh", "洋浦经济开发区完成固定资产投资150亿元，完成年度计划的80%；新开工项目25个。",
     {("investment_completed", 1.5e10, "actual"), ("projects_started", 25, "actual")}),
    ("zh", "洋浦经济开发区超额完成全年目标，引进企业300家。", {("enterprises", 300, "actual")}),
    ("zh", "洋浦经济开发区计划完成固定资产投资150亿元，新开工项目25个。",
     {("investment_completed", 1.5e10, "target"), ("projects_started", 25, "target")}),
    # a count opening a clause of its own with a verb in the past reports a result, after a plan's cue
    ("en", "In the first half, Haikou National High-tech Industrial Development Zone introduced 28 key projects with a "
           "planned total investment of 9.2 billion yuan, and 16 projects were put into operation.",
     {("projects_landed", 28, "actual"), ("investment_total", 9.2e9, "target"), ("projects_completed", 16, "actual")}),
    ("en", "Haikou National High-tech Industrial Development Zone plans to sign 40 projects, and 16 projects will be put "
           "into operation.", {("projects_signed", 40, "target"), ("projects_completed", 16, "target")}),
]


@pytest.mark.parametrize(("lang", "text", "expected"), QUALIFIERS, ids=[row[1][:30] for row in QUALIFIERS])
def test_a_plan_stated_makes_targets(lang, text, expected):
    figures = extract_figures(text, lang=lang, published=PUBLISHED)
    assert {(f.metric, f.value, f.qualifier) for f in figures} == expected


def test_every_figure_names_the_rules_that_chose_it():
    figures = extract_figures("洋浦经济开发区上半年实现营业收入1200亿元。", lang="zh", published=PUBLISHED)
    assert [dict(f.rules) for f in figures] == [{
        "metric": "money-cue-nearest", "park": "park-before",
        "period": "named-period-before", "qualifier": "no-target-words",
    }]
