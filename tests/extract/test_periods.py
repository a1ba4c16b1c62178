"""Period expressions → METRICS.md periods, resolved against the article's date."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from monitor.extract.periods import (
    _AT_MONTHS,
    _EN_RULES,
    _FAST_RULES,
    _MONTH_KINDS,
    _MONTH_START,
    _NEEDS,
    _OWN_SENTENCE_KINDS,
    _RULES,
    TimeMarks,
    find_marks,
)
from monitor.extract.word_initial import word_matches
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
    """Each English rule rewritten for lower-cased text (word_initial.word_initial) finds exactly what
    the rule as written finds: the rewrite is only for speed."""
    folded = fold(text)
    assert sum(fast is not None for fast in _FAST_RULES["en"]) >= len(_EN_RULES) - 2  # all but Q1 / H1
    for (regex, kind), fast in zip(_EN_RULES, _FAST_RULES["en"]):
        if fast is None:
            continue
        slow = [(m.span(), {k: (v or "").lower() for k, v in m.groupdict().items()}) for m in regex.finditer(folded)]
        quick = [(m.span(), {k: v or "" for k, v in m.groupdict().items()})
                 for m in word_matches(fast, folded.lower(), 0, len(folded))]
        assert quick == slow, kind


# Month names at a span's edges, and a month's first letters where no month is named: "Marine",
# "mayor" and "decade" open a word on them, "summary", "innovation", "2024March" and "to_May" hold
# them inside a word; "SEPT." and "(Dec.)" abbreviate, "April-May-June" chains, "Jul" ends the text.
_MONTH_TEXT = fold("In March 2024 the Marine park's mayor said: May 5, SEPT. 3 and Jan-Nov 2023; a decade of "
                   "innovation. Since June, firms (Dec.) grew April-May-June 5 (FY2024March, to_May);the "
                   "summary of October\n2023 in Jul")
_ZH_TEXT = fold("截至2024年3月底，园区累计引进企业1200家；今年1-11月新增80家，同比增长5%，"
                "上半年营收较上年增长12%。第三季度将开工，近三年来已签约项目30个，2023年度计划投资50亿元。")


def _spans(text: str, start_step: int = 1) -> list[tuple[int, int]]:
    return [(start, end) for start in range(0, len(text) + 1, start_step) for end in range(start, len(text) + 1)]


def test_a_month_is_named_where_the_plain_search_finds_one():
    """TimeMarks looks for a month's name only where a word opens on a month's first letters; it
    tells what the search of the whole span tells, on every span of a text (cut inside a name,
    "Marc|h", or right after one, as the rules see the span: ending there)."""
    marks = TimeMarks(_MONTH_TEXT, "en", dt.date(2024, 6, 1))
    plain = re.compile(r"\b(?:" + _MONTH_START.pattern + ")")
    for start, end in _spans(_MONTH_TEXT):
        assert marks._names_a_month(start, end) is (plain.search(marks.lowered, start, end) is not None), (start, end)


def test_rules_opening_on_a_month_are_tried_at_its_words_with_the_same_matches():
    """The month rules that open on a month's name, tried only at the words that open on one,
    match what their regex matches through the span (`finditer`), on every span."""
    marks = TimeMarks(_MONTH_TEXT, "en", dt.date(2024, 6, 1))
    opening = [index for index, at_month in enumerate(_AT_MONTHS["en"]) if at_month]
    assert [_EN_RULES[index][1] for index in opening] == ["months", "date"]
    for index in opening:
        regex, fast = _EN_RULES[index][0], _FAST_RULES["en"][index]
        for start, end in _spans(_MONTH_TEXT, 2):
            plain = [(m.span(), {k: (v or "").lower() for k, v in m.groupdict().items()})
                     for m in regex.finditer(_MONTH_TEXT, start, end)]
            tried = [(m.span(), {k: v or "" for k, v in m.groupdict().items()})
                     for m in marks._at_month_openings(fast, start, end)]
            assert tried == plain, (index, start, end)


def _let_run(marks: TimeMarks, start: int, end: int, no_numbers: bool) -> set[int]:
    """The rules the words of their kind (or a month's name, searched for) let run over the span,
    as read before the shortcuts: every rule that may run there."""
    window, lang = marks.lowered[start:end], marks.lang
    month = re.compile(r"\b(?:" + _MONTH_START.pattern + ")").search(marks.lowered, start, end) is not None
    allowed = set()
    for index, (_, kind) in enumerate(_RULES[lang]):
        if no_numbers and kind in _OWN_SENTENCE_KINDS:
            continue
        if (month if kind in _MONTH_KINDS[lang]
                else kind not in _NEEDS[lang] or any(word in window for word in _NEEDS[lang][kind])):
            allowed.add(index)
    return allowed


@pytest.mark.parametrize(("lang", "text"),
                         [("en", _MONTH_TEXT), ("zh", _ZH_TEXT), *(("en", fold(probe)) for probe in _RULE_PROBES)],
                         ids=["months", "zh", *(probe[:20] for probe in _RULE_PROBES)])
def test_the_rules_run_over_a_span_are_those_that_may_and_can_match(lang, text):
    """TimeMarks skips a rule whose needed words the span lacks, and tests those words only when
    the word that let the rule run does not hold them: on every span, each rule it runs may run
    there, and each rule that may run and whose regex matches there is run."""
    marks = TimeMarks(text, lang, dt.date(2024, 6, 1))
    for start, end in _spans(text, 7):
        for no_numbers in (False, True):
            runs = marks._rules_to_run(start, end, no_numbers)
            allowed = _let_run(marks, start, end, no_numbers)
            matching = {index for index in allowed if _RULES[lang][index][0].search(text, start, end)}
            assert runs == sorted(runs) and matching <= set(runs) <= allowed, (start, end, no_numbers)


@pytest.mark.parametrize(("lang", "text", "asked", "value"), [
    ("en", "Revenue reached 5 billion yuan in 2023.", False, "2023"),
    ("en", "Since 2020 it has signed 5 deals, and on Tuesday 2 more.", False, "2020-01..2024-06"),
    ("en", "In the first half it earned 5 billion yuan.", False, "2024-01..2024-06"),
    ("en", "In the second half it will earn 5 billion yuan.", True, "2024-07..2024-12"),
    ("zh", "2023年营收5亿元。", False, "2023"),
    ("zh", "3月19日签约5个项目。", False, "2024-03..2024-03"),
    ("zh", "2024年12月19日签约5个项目。", False, "2024-12..2024-12"),
    ("zh", "12月19日签约5个项目。", True, "2024-12..2024-12"),
    ("zh", "第三季度将开工5个项目。", True, "2024-07..2024-09"),
])
def test_the_plan_is_asked_only_where_it_dates_a_mark(lang, text, asked, value):
    """Whether the sentence states a plan (a scan for target cues) decides only the year of a
    period that writes none and lies ahead of the article's date (this year's if planned, else
    last year's); it is asked for no other."""
    asks = []

    def future() -> bool:
        asks.append(True)
        return True

    marks = TimeMarks(text, lang, dt.date(2024, 6, 1)).within(0, len(text), future=future)
    assert bool(asks) is asked
    assert marks[0].value == value
