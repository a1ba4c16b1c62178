"""Which rule of monitor/extract/metric_rules.py chose a figure's metric: rows in our own wording.

Each row gives a figure's value, the metric it must get and the rule that must choose it (what
`extract --explain` prints), so a rule that stops applying, or one that starts applying where
another should, fails here by name.
"""

from __future__ import annotations

import datetime as dt

import pytest

from db.gazetteer import fold
from monitor.extract import extract_figures, metric_rules
from monitor.extract.numbers import find_amounts

PUBLISHED = dt.date(2024, 7, 10)

# (lang, text, value, metric, rule)
RULES = [
    ("en", "Hainan Ecological Software Park covers 2 square kilometres.", 2, "planning_area", "area-cue"),
    ("zh", "洋浦经济开发区营收1120亿元、税收86亿元。", 8.6e9, "tax_revenue", "money-cue-nearest"),
    ("zh", "洋浦经济开发区、海口江东新区营收分别为1120亿元、486亿元。", 4.86e10, "revenue", "money-list-item-takes-head-cue"),
    ("zh", "营业收入超百亿元的园区：\n洋浦经济开发区1234.5亿元\n海口江东新区456.7亿元", 4.567e10, "revenue",
     "money-list-line-takes-heading-cue"),
    ("en", "Tax revenue is key for Yangpu Economic Development Zone. They reached nearly 5.2 billion yuan last year.",
     5.2e9, "tax_revenue", "money-pronoun-takes-cue-of-sentence-before"),
    ("en", "Yangpu Economic Development Zone's revenue, tax revenue and industrial output value reached 500 billion "
           "yuan, 15 billion yuan and 300 billion yuan respectively.", 1.5e10, "tax_revenue", "money-cues-taken-respectively"),
    ("zh", "洋浦经济开发区营收、税收和工业产值分别达到5000亿元、150亿元和3000亿元。", 5e11, "revenue",
     "money-cues-taken-respectively"),
    ("en", "Yangpu Economic Development Zone signed and started 30 and 12 projects respectively.", 30, "projects_signed",
     "en-numbers-take-verbs-respectively"),
    ("en", "Yangpu Economic Development Zone's revenue reached 100 billion yuan last year, and this year it aims for "
           "120 billion yuan.", 1.2e11, "revenue", "money-pronoun-clause-takes-cue-before"),
    ("en", "The key parks' revenue reached 1.2 trillion yuan. Yangpu Economic Development Zone contributed 300 billion "
           "yuan, and Haikou Jiangdong New Area 80 billion yuan.", 3e11, "revenue", "money-share-takes-cue-of-sentence-before"),
    ("en", "The key parks' revenue reached 1.2 trillion yuan. Yangpu Economic Development Zone contributed 300 billion "
           "yuan, and Haikou Jiangdong New Area 80 billion yuan.", 8e10, "revenue", "money-share-takes-cue-of-sentence-before"),
    ("en", "More than 4.7 thousand organizations registered in Hainan Ecological Software Park.", 4700, "enterprises",
     "scaled-count-verb-and-noun"),
    ("zh", "文昌国际航天城第三批项目集中开工，共22个项目。", 22, "projects_started", "zh-count-totalling-verb-in-clause-before"),
    ("en", "Sanya Central Business District added 1,240 enterprises, bringing the total to 16,500.", 16500, "enterprises",
     "bringing-the-total-to"),
    ("en", "Yangpu Economic Development Zone added 300 firms, bringing the number of registered enterprises to 12,000.",
     12000, "enterprises", "bringing-the-number-of-X-to"),
    ("en", "The number of enterprises in Haikou Comprehensive Bonded Zone has exceeded 1,450.", 1450, "enterprises",
     "the-number-of-X-reached"),
    ("en", "In Haikou Jiangdong New Area, newly registered market entities exceeded 3,200 last year.", 3200, "enterprises",
     "the-number-of-X-reached"),
    ("en", "Signed projects in Wenchang International Aerospace City totalled 46 by June.", 46, "projects_signed",
     "the-number-of-X-reached"),
    ("en", "Haikou Jiangdong New Area signed 15, 12 and 9 projects in three rounds.", 15, "projects_signed",
     "en-coordinated-numbers-share-verb"),
    ("en", "Haikou Jiangdong New Area has introduced 120 projects, 80 of which have started construction.", 80,
     "projects_started", "part-of-whole-told-before"),
    ("en", "Haikou Jiangdong New Area signed 20 projects and landed 12.", 12, "projects_landed", "bare-number-takes-noun-before"),
    ("en", "Haikou Jiangdong New Area signed 20 projects and landed 12.", 20, "projects_signed", "en-count-verb-and-noun"),
    ("zh", "海口江东新区现场签约项目37个。其中，世界500强企业投资项目6个。", 6, "projects_signed",
     "item-of-part-opening-takes-count-before"),
    ("zh", "海口江东新区现场签约项目37个。其中，世界500强企业投资项目6个。", 37, "projects_signed", "zh-count-verb-and-noun"),
]


@pytest.mark.parametrize(("lang", "text", "value", "metric", "rule"), RULES, ids=[row[4] for row in RULES])
def test_the_named_rule_chooses_the_metric(lang, text, value, metric, rule):
    [figure] = [f for f in extract_figures(text, lang=lang, published=PUBLISHED) if f.value == pytest.approx(value)]
    assert (figure.metric, dict(figure.rules)["metric"]) == (metric, rule)


def test_every_kind_of_amount_the_number_reader_gives_has_a_table():
    samples = {"en": "It covers 2 sq km, earned 3 billion yuan, counts 4.7 thousand firms and signed 12 projects.",
               "zh": "规划面积2平方公里，营收3亿元，企业12家。"}
    kinds = {amount.kind for lang, text in samples.items() for amount in find_amounts(fold(text), lang)}
    assert kinds == set(metric_rules.TABLES)
