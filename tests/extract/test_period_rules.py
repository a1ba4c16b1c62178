"""Which rule of monitor/extract/period_rules.py dates a figure: one row per rule, our own wording.

Each row gives the figure's metric, the period it must get and the name of the rule that must
choose it (what `extract --explain` prints), so a rule that stops applying, or starts applying
where another should, fails here by name.
"""

from __future__ import annotations

import datetime as dt

import pytest

from monitor.extract import extract_figures, period_rules

PUBLISHED = dt.date(2024, 7, 10)

# (lang, text, metric, period, rule)
RULES = [
    ("en", "Yangpu Economic Development Zone signed 12 projects on May 8, with a total investment of 3 billion yuan.",
     "projects_signed", "2024-05..2024-05", "event-month"),
    ("en", "Yangpu Economic Development Zone signed 12 projects on May 8, with a total investment of 3 billion yuan.",
     "investment_total", "2024-05..2024-05", "money-of-the-event-just-told"),
    ("zh", "洋浦经济开发区新增年产值15亿元。", "output_value", None, "annual-capacity-has-no-period"),
    ("zh", "截至6月底，洋浦经济开发区入驻企业8400家。", "enterprises", None, "enterprises-are-a-stock"),
    ("en", "Hainan Ecological Software Park covers 2 square kilometres in 2024.", "planning_area", None, "area-is-a-stock"),
    ("en", "Haikou Comprehensive Bonded Zone signed 14 projects in the first three quarters.",
     "projects_signed", "2023-01..2023-09", "event-period-after"),
    ("zh", "一季度，海口江东新区营业收入120亿元。", "revenue", "2024-01..2024-03", "named-period-before"),
    ("zh", "海口江东新区签约项目30个，其中已开工12个。", "projects_started", None, "as-of-or-running-total"),
    ("zh", "3月28日，文昌国际航天城第一季度项目集中开工活动举行，集中开工项目10个。",
     "projects_started", "2024-03..2024-03", "event-day-beats-period-in-its-name"),
    ("en", "Wenchang International Aerospace City will introduce 50 enterprises and build 3 labs in 2025.",
     "enterprises", "2025", "plan-horizon-told-later"),
    ("en", "In 2023, revenue of Sanya Yazhou Bay Science and Technology City reached 30 billion yuan. Tax revenue of "
           "the city reached 2 billion yuan.", "tax_revenue", "2023", "period-carried-from-paragraph"),
    ("en", "Five more enterprises settled in Boao Lecheng International Medical Tourism Pilot Zone on July 12.",
     "enterprises", "2024-07..2024-07", "day-of-arrival-in-clause"),
    ("zh", "10月18日上午，海口江东新区6大项目集中开工，总投资额达31.4亿元。", "investment_total", "2023-10..2023-10",
     "event-month"),
    ("en", "Dongfang Lingang Industrial Park signed 5 projects. The new projects have a total investment of 2 billion yuan.",
     "investment_total", None, "no-period-told"),
]


@pytest.mark.parametrize(("lang", "text", "metric", "period", "rule"), RULES, ids=[row[4] for row in RULES])
def test_the_named_rule_dates_the_figure(lang, text, metric, period, rule):
    [figure] = [f for f in extract_figures(text, lang=lang, published=PUBLISHED) if f.metric == metric]
    assert (figure.period, dict(figure.rules)["period"]) == (period, rule)


def test_every_rule_named_in_a_figure_is_one_of_the_tables():
    names = {name for table in (period_rules.FIRST, period_rules.TOLD, period_rules.OPEN) for name, _ in table}
    used = {dict(f.rules)["period"] for lang, text, *_ in RULES for f in extract_figures(text, lang=lang, published=PUBLISHED)}
    assert used <= names
