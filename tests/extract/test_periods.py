"""Period expressions → METRICS.md periods, resolved against the article's date."""

from __future__ import annotations

import datetime as dt

import pytest

from monitor.extract.periods import _EN_RULES, _FAST_RULES, _word_matches, find_marks
from db.gazetteer import fold

PERIODS = [
    # (lang, published, text, kind, value)
    ("zh", "2024-11-06", "前三季度", "period", "2024-01..2024-09"),
    ("zh", "2024-02-06", "前三季度", "period", "2023-01..2023-09"),
    ("zh", "2024-07-20", "上半年", "period", "2024-01..2024-06"),
    # a single quarter or half under way is this year's; one not yet begun is last year's
    ("zh", "2024-11-20", "四季度", "period", "2024-10..2024-12"),
    ("zh", "2024-08-10", "下半年", "period", "2024-07..2024-12"),
    ("zh", "2024-02-10", "三季度", "period", "2023-07..2023-09"),
    ("en", "2024-11-20", "in the fourth quarter", "period", "2024-10..2024-12"),
    ("zh", "2024-12-20", "1-11月", "period", "2024-01..2024-11"),
    ("zh", "2022-01-24", "2021年1月至11月", "period", "2021-01..2021-11"),
    ("zh", "2023-06-02", "2023年一季度", "period", "2023-01..2023-03"),
    ("zh", "2023-06-02", "2020年度", "period", "2020"),
    ("zh", "2022-01-24", "去年", "period", "2021"),
    ("zh", "2024-07-04", "今年以来", "period", "2024-01..2024-07"),
    ("zh", "2024-03-20", "3月19日", "date", "2024-03..2024-03"),
    ("zh", "2024-03-20", "截至2023年底", "asof", None),
    ("zh", "2024-03-20", "累计", "running", None),
    ("zh", "2024-06-01", "較上年前4個月", "period", "2024-01..2024-04"),
    ("en", "2024-11-06", "in the first three quarters", "period", "2024-01..2024-09"),
    ("en", "2024-08-05", "in the first half", "period", "2024-01..2024-06"),
    ("en", "2024-08-05", "for January-June this year", "period", "2024-01..2024-06"),
    ("en", "2021-06-07", "in the first quarter of 2021", "period", "2021-01..2021-03"),
    ("en", "2020-08-13", "over six months", "period", "2020-01..2020-06"),
    ("en", "2022-02-14", "in 2021", "period", "2021"),
    ("en", "2024-02-14", "last year", "period", "2023"),
    ("en", "2024-07-04", "since the start of this year", "period", "2024-01..2024-07"),
    ("en", "2008-11-21", "since October last year", "period", "2007-10..2008-11"),
    ("en", "2024-07-04", "on March 19", "date", "2024-03..2024-03"),
    ("en", "2020-09-02", "On the morning of September 1", "date", "2020-09..2020-09"),
    ("en", "2023-01-11", "As of 2021", "asof", None),
    ("en", "2023-06-01", "by the end of March", "asof", None),
    ("en", "2024-07-04", "has landed", "running", None),
    ("en", "2023-03-03", "signed on Wednesday", "date", "2023-03..2023-03"),
    ("en", "2023-03-03", "in January and February", "period", "2023-01..2023-02"),
    ("en", "2023-11-08", "in the first 10 months", "period", "2023-01..2023-10"),
    ("en", "2022-05-20", "registered there in April", "period", "2022-04..2022-04"),
    ("en", "2019-11-05", "since the zone was approved in October last year", "period", "2018-10..2019-11"),
    ("en", "2024-07-15", "since it broke ground in January 2023", "running", None),
    ("en", "2024-07-15", "since its launch in 2020", "running", None),
    ("en", "2024-07-15", "two new headquarters this month", "period", "2024-07..2024-07"),
    ("en", "2024-01-15", "signed 15 projects last month", "period", "2023-12..2023-12"),
    ("zh", "2024-01-15", "上月签约项目15个", "period", "2023-12..2023-12"),
    ("zh", "2024-07-15", "本月新增企业120家", "period", "2024-07..2024-07"),
    ("zh", "2024-07-15", "截至上月底", "asof", None),
    ("zh", "2024-11-20", "一至三季度，营收800亿元", "period", "2024-01..2024-09"),
    ("zh", "2024-11-20", "1-3季度", "period", "2024-01..2024-09"),
    ("en", "2024-11-20", "in Q1-Q3 2024", "period", "2024-01..2024-09"),
    ("en", "2024-11-20", "in the first to third quarters", "period", "2024-01..2024-09"),
    ("en", "2024-07-15", "since the zone's establishment in 2019", "running", None),
    ("en", "2024-07-05", "has landed 27 projects since construction started in January", "running", None),
    ("zh", "2024-12-30", "明年", "period", "2025"),
    ("en", "2024-08-15", "so far this year", "period", "2024-01..2024-08"),
    ("en", "2024-06-20", "since 2022", "period", "2022-01..2024-06"),
    ("en", "2024-10-26", "by the end of next year", "asof", None),
    ("en", "2025-04-16", "more than double that of 2022", "period", None),
    ("zh", "2025-01-24", "过去一年", "period", "2024"),
    ("zh", "2024-04-12", "2024年第二批", "period", None),
    # one month, "the first N months" without 个, 本年度
    ("zh", "2024-12-10", "10月份", "period", "2024-10..2024-10"),
    ("zh", "2024-12-10", "2023年10月", "period", "2023-10..2023-10"),
    ("zh", "2024-12-10", "前11月", "period", "2024-01..2024-11"),
    ("zh", "2024-12-10", "本年度", "period", "2024"),
    ("zh", "2024-12-10", "10月12日", "date", "2024-10..2024-10"),
    ("zh", "2024-12-10", "截至10月底", "asof", None),
    # business-press shorthand and named years
    ("en", "2024-05-02", "revenue in Q1", "period", "2024-01..2024-03"),
    ("en", "2025-02-02", "in Q3 2024", "period", "2024-07..2024-09"),
    ("en", "2024-08-02", "in H1", "period", "2024-01..2024-06"),
    ("en", "2024-08-02", "1H24 revenue", "period", "2024-01..2024-06"),
    ("en", "2024-09-12", "year-to-date", "period", "2024-01..2024-09"),
    ("en", "2024-12-10", "in the whole year of 2023", "period", "2023"),
    ("en", "2024-12-10", "in the 2023 fiscal year", "period", "2023"),
]


@pytest.mark.parametrize(("lang", "published", "text", "kind", "value"), PERIODS, ids=[row[2] for row in PERIODS])
def test_period(lang, published, text, kind, value):
    folded = fold(text)
    marks = find_marks(folded, 0, len(folded), lang, dt.date.fromisoformat(published))
    if value is None and kind == "period":  # "2024年第二批": a batch's label, not a period
        assert [m for m in marks if m.kind == "period"] == []
        return
    assert [(m.kind, m.value) for m in marks][-1:] == [(kind, value)]


# Sentences where every English rule has something to find or to reject: mixed case, words that
# only contain a rule's opening ("Within the period", "bypass"), months inside words ("Marine").
_RULE_PROBES = [
    "As of the end of June 2024, the zone had 1,200 firms; BY THE END OF 2023 it had 900.",
    "Within the period, in the same period and During The Period, SINCE January 2023, since its launch in 2020.",
    "In the first three quarters of 2024, the first half of the year, the FIRST QUARTER, Q3 2024, H1, 1H24.",
    "From January to September, Jan-Nov, January through June last year, in October, on March 19, 2024.",
    "The Marine economy, a bypass road, Mayor Lin, Decade-long work: so far this year, year-to-date.",
    "For the whole year of 2023, the 2023 fiscal year, throughout the year, on Tuesday, ON THE MORNING OF MONDAY.",
    "It has already landed 16 projects, cumulatively 40, in total 50, in 2023, of 2022, that of 2021, this year.",
    "Since the zone was approved in October last year, the first 10 months, eleven months of 2024.",
]


@pytest.mark.parametrize("text", _RULE_PROBES)
def test_english_rules_read_the_same_on_lower_case(text):
    """Each English rule rewritten for lower-cased text (periods._word_initial) finds exactly what
    the rule as written finds: the rewrite is only for speed."""
    folded = fold(text)
    assert sum(fast is not None for fast in _FAST_RULES["en"]) >= len(_EN_RULES) - 2  # all but Q1 / H1
    for (regex, kind), fast in zip(_EN_RULES, _FAST_RULES["en"]):
        if fast is None:
            continue
        slow = [(m.span(), {k: (v or "").lower() for k, v in m.groupdict().items()}) for m in regex.finditer(folded)]
        quick = [(m.span(), {k: v or "" for k, v in m.groupdict().items()})
                 for m in _word_matches(fast, folded.lower(), 0, len(folded))]
        assert quick == slow, kind
