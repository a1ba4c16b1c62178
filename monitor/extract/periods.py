"""Reporting periods: what span of time a figure covers (METRICS.md `period`).

The text names a period ("前三季度", "January-June", "in 2021"), says the figure is a stock or
a running total ("截至", "累计", "has landed", "as of"), or dates an event ("3月19日", "on
March 19").  This module finds those marks in a sentence and turns them into METRICS.md
strings; which mark governs which figure is decided by the extractor.
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_left
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from operator import attrgetter

from monitor.extract.document import lower_keeping_offsets, needed_words
from monitor.extract.word_initial import lower_case, top_level_alternatives, word_initial, word_matches

_MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
    "oct": 10, "nov": 11, "dec": 12,
}
_MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?"
_ORDINAL = {"first": 1, "second": 2, "third": 3, "fourth": 4, "一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_ZH_DIGIT = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10, "十一": 11}
_EN_COUNT = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11}


# Slots, not frozen: built many times per article, and a frozen dataclass's __init__ costs
# about four times as much; nothing hashes or changes one.
@dataclass(slots=True)
class Mark:
    """A time expression.  kind: `period` (value is the period), `asof` (a stock at a date:
    value None), `running` (a running total, "累计", "has landed": value None, but a period
    named in the same sentence still wins), `date` (an event's day: value is its month)."""

    start: int
    end: int
    kind: str
    value: str | None
    annual: bool = False  # "全年", "年度计划投资": the year of a plan, never an event's day


def _span(year: int, first: int, last: int) -> str:
    return f"{year:04d}-{first:02d}..{year:04d}-{last:02d}"


def _year(text: str | None, published: dt.date, last_month: int = 1) -> int:
    """The year a period belongs to: written, relative (去年, last year), or the article's own
    year, stepping back one when the period would end after the article was published."""
    if text:
        text = text.strip().lower()
        if text[:4].isdigit():
            return int(text[:4])
        if text in ("去年", "上年", "last year", "previous year", "the previous year"):
            return published.year - 1
        if text in ("明年", "next year"):
            return published.year + 1
        return published.year
    return published.year if last_month <= published.month else published.year - 1


# A dateline ("本报海口6月19日讯", "HAIKOU, Oct. 29 (Xinhua)") dates the report, not an event.
# Every rule starts with a required token: a pattern opening with an optional group is tried
# at every position of the text.  A year written before a Chinese period is read by looking
# back from the match instead (_ZH_YEAR_BEFORE).  A look-behind comes after the first character
# (`\d(?<![较比]\d)`), and each branch of an alternation opens on a letter of its own ("for the
# year|during the year", not "(?:for|during) the year"): the engine then skips ahead to those.
_ZH_YEAR_BEFORE = re.compile(r"(?<![较比])(\d{4}\s*年|今年|去年|上年)\s*$")
_ZH_RULES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"(?:截至|截止到?)\s*(?:\d{4}\s*年|今年|去年|上年)?\s*(?:\d{1,2}\s*月)?\s*(?:\d{1,2}\s*日)?(?:底|末)?"
                r"|到目前|至今|目前|迄今"), "asof"),
    # "近一年来", "多年来": a running total over an open span, no reporting period
    (re.compile(r"累计|现已|已经|已(?!于)|近(?:[一两三四五六七八九十几]|\d{1,2})?年(?:来|以来)|多年来"), "running"),
    (re.compile(r"(?P<m1>\d{1,2})\s*月?\s*(?:至|到|-|—|~|－)\s*(?P<m2>\d{1,2})\s*月(?:份)?"), "months"),
    (re.compile(r"前(?P<qn>[一二两三])(?:个)?季度|(?<![\d一二三四])[一1]\s*(?:至|到|-|—|~|－)\s*(?P<qn2>[二三四2-4])\s*季度"), "quarters"),
    (re.compile(r"第?(?P<q>[一二三四1-4])\s*季度"), "quarter"),
    (re.compile(r"前(?P<n>[一二两三四五六七八九十]|十一|\d{1,2})个?月"), "first_months"),
    (re.compile(r"(?P<h>上|下)半年"), "half"),
    (re.compile(r"(?:今年|年初)以来|今年来"), "ytd"),
    (re.compile(r"同期"), "same"),
    (re.compile(r"(?:(?P<y>\d{4})\s*年\s*|今年)?(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日(?!\s*[讯电])"), "date"),
    (re.compile(r"(?P<y>\d(?<![较比于自从与]\d)\d{3})\s*年(?:度|全年)?(?!\s*\d{1,2}\s*月|的|以来|起|前|底|末|第)"), "year"),
    (re.compile(r"(?P<y>今年|去年|上年|明年|本年)(?:全年|度)?(?!以来|\d{1,2}\s*月)"), "year"),
    # "10月份", "2024年10月": one month (a day after it is a date, 底/末 the end of a stock's month)
    (re.compile(r"(?P<m>\d(?<![\d至到\-—~－]\d)\d?)\s*月(?:份)?(?!\s*\d{1,2}\s*日|\s*[至到\-—~－]|底|末|初|中旬|上旬|下旬|\d)"), "month"),
    (re.compile(r"(?P<rel>本|上)月(?!底|末|初|份?\d)"), "relative_month"),
    (re.compile(r"过去(?:的)?一年"), "past_year"),
    (re.compile(r"年度(?=计划|投资|目标|任务)"), "fullyear"),
    (re.compile(r"全年"), "fullyear"),
]
_EN_YEAR = r"(?:\s+(?:of\s+)?(?P<y>\d{4}|this\s+year|last\s+year|the\s+year))?"
_EN_RULES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"\b(?:so\s+far|up\s+to\s+now|to\s+date)\s+this\s+year\b|\bthis\s+year\s+so\s+far\b", re.IGNORECASE), "ytd_so_far"),
    (re.compile(r"\b(?:(?:as\s+of|by\s+the\s+end\s+of|by)(?:\s+(?:the\s+end\s+of\s+)?(?:" + _MONTH + r"|\d{4}|last\s+year|this\s+year|next\s+year|the\s+year))+"
                r"(?:\s*\d{1,2})?(?:,?\s*\d{4})?|as\s+of|up\s+to\s+now|so\s+far|to\s+date)\b", re.IGNORECASE), "asof"),
    (re.compile(r"\b(?:already|cumulative(?:ly)?|in\s+total|(?:has|have|had)\s+(?:now\s+|already\s+)?(?:been\s+\w+|\w+ed))\b", re.IGNORECASE), "running"),
    (re.compile(r"\bsince\s+(?:the\s+(?:beginning|start)\s+of\s+(?:the|this)\s+year|this\s+year|january)\b", re.IGNORECASE), "ytd"),
    (re.compile(r"\bsince\s+(?P<m>" + _MONTH + r")\s+(?P<y>\d{4}|last\s+year|this\s+year)\b", re.IGNORECASE), "since"),
    (re.compile(r"\bsince\s+(?P<y>(?:19|20)\d\d)\b(?!\s*[-,.]?\d)", re.IGNORECASE), "since_year"),
    # "since it broke ground in January 2023": counted since the park began, a cumulative total
    (re.compile(r"\bsince\s+(?:(?:it|the\s+(?:park|zone|city|area))\s+(?:broke\s+ground|started\s+construction|opened|"
                r"was\s+(?:established|set\s+up|founded|launched|opened|inaugurated))|construction\s+(?:started|began)|"
                r"(?:its|the\s+(?:park|zone)'s)\s+(?:establishment|founding|launch|opening|inception))"
                r"(?:\s+in\s+(?:" + _MONTH + r"\s*)?(?:\d{4})?)?",
                re.IGNORECASE), "running"),
    # "since the zone was approved in October last year": the event's month starts the period
    (re.compile(r"\bsince\s+(?:[\w'-]+\s+){1,10}?(?:in|on)\s+(?P<m>" + _MONTH + r")(?:\s+\d{1,2},?)?\s+"
                r"(?P<y>\d{4}|last\s+year|this\s+year)\b", re.IGNORECASE), "since"),
    (re.compile(r"\b(?:during|in|over|for)\s+the\s+(?:same\s+)?(?:period|quarter)\b", re.IGNORECASE), "same"),
    (re.compile(r"\b(?P<m1>" + _MONTH + r")\s*(?:-|–|to|through|and)\s*(?P<m2>" + _MONTH + r")" + _EN_YEAR, re.IGNORECASE), "months"),
    # "the first to third quarters", "Q1-Q3": from the first quarter (before the single quarters)
    (re.compile(r"\bfirst\s+(?:to|through|-)\s+(?P<qn>second|third|fourth)\s+quarters?" + _EN_YEAR, re.IGNORECASE), "quarters"),
    (re.compile(r"\bQ1\s*(?:-|–|to|through)\s*Q(?P<qn>[2-4])\b(?:\s+(?P<y>\d{4})\b)?", re.IGNORECASE), "quarters"),
    (re.compile(r"\b(?P<q>first|second|third|fourth)\s+quarter" + _EN_YEAR, re.IGNORECASE), "quarter"),
    (re.compile(r"\bfirst\s+(?P<qn>two|three)\s+quarters" + _EN_YEAR, re.IGNORECASE), "quarters"),
    (re.compile(r"\b(?P<n>two|three|four|five|six|seven|eight|nine|ten|eleven|\d{1,2})\s+months" + _EN_YEAR, re.IGNORECASE), "first_months"),
    (re.compile(r"\b(?P<h>first|second)\s+half" + _EN_YEAR, re.IGNORECASE), "half"),
    # business-press shorthand: "Q1", "Q3 2024", "H1", "1H24"
    (re.compile(r"\bQ(?P<q>[1-4])\b(?:\s+(?P<y>\d{4})\b)?"), "quarter"),
    (re.compile(r"\b(?:H(?P<h>[12])|(?P<h2>[12])H(?P<y2>\d\d))\b(?:\s+(?P<y>\d{4})\b)?"), "half"),
    (re.compile(r"\byear[\s-]to[\s-]date\b", re.IGNORECASE), "ytd"),
    # "in the whole year of 2023", "for the whole of 2023", "the 2023 fiscal year": a named year
    (re.compile(r"\b(?:full|whole|entire)\s+(?:year\s+)?of\s+(?P<y>\d{4})\b|\b(?P<y2>\d{4})\s+fiscal\s+year\b|"
                r"\bfiscal\s+year\s+(?P<y3>\d{4})\b", re.IGNORECASE), "year"),
    (re.compile(r"\b(?:for\s+the\s+(?:full|whole|entire)\s+year|in\s+the\s+(?:full|whole|entire)\s+year|"
                r"over\s+the\s+(?:full|whole|entire)\s+year|throughout\s+the\s+year|for\s+the\s+year|during\s+the\s+year)\b",
                re.IGNORECASE), "fullyear"),
    (re.compile(r"\b(?P<m>" + _MONTH + r")\s*(?P<d>\d{1,2})\b(?:,?\s*(?P<y>\d{4}|this\s+year|last\s+year))?"
                r"(?!\s*\((?:Xinhua|Reuters|AFP|AP)\)|\.?\s*/TASS/)", re.IGNORECASE), "date"),
    (re.compile(r"\bon\s+(?:the\s+(?:morning|afternoon|evening)\s+of\s+)?(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b", re.IGNORECASE), "weekday"),
    (re.compile(r"\bin\s+(?P<m>" + _MONTH + r")(?:\s+(?P<y>\d{4}|this\s+year|last\s+year))?\b(?!\s*\d)", re.IGNORECASE), "month"),
    # "this month", "last month": the article's month, or the one before it
    (re.compile(r"\b(?P<rel>this|last)\s+month\b", re.IGNORECASE), "relative_month"),
    # ("of" before its look-behinds: a branch opening on one is tried at every position)
    (re.compile(r"\b(?:in|for|during|of(?<!that\sof)(?<!those\sof)|throughout)\s+(?P<y>\d{4})\b(?!\s*-)", re.IGNORECASE), "year"),
    (re.compile(r"\b(?P<y>this\s+year|last\s+year|next\s+year)\b", re.IGNORECASE), "year"),
]
_RULES = {"zh": _ZH_RULES, "en": _EN_RULES}


def _number(token: str) -> int:
    token = token.lower()
    if token.isdigit():
        return int(token)
    return _ZH_DIGIT.get(token) or _EN_COUNT.get(token) or _ORDINAL[token]


def _month(token: str) -> int:
    return int(token) if token.isdigit() else _MONTHS[token.lower().rstrip(".")]


_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


# The kinds whose value takes no year, or one it writes ("on Tuesday", "this month", "since 2020")
_DATED_BY_THEMSELVES = frozenset({"weekday", "relative_month", "ytd", "ytd_so_far", "past_year", "since_year"})


def _written_year(m: re.Match[str]) -> str | None:
    """The year a mark writes ("Q3 2024", "the 2023 fiscal year", "1H24" as "2024")."""
    groups = m.groupdict()
    if groups.get("y2"):
        return groups["y2"] if len(groups["y2"]) == 4 else "20" + groups["y2"]
    return groups.get("y") or groups.get("y3")


def _value(kind: str, m: re.Match[str], published: dt.date, year_text: str | None) -> str | None:
    """The period or month a mark names, its year from `year_text` (written in it, before it, or
    the plan's "this year"; None: the article's, stepping back when the period is ahead)."""
    if kind == "weekday":  # "on Tuesday" in a wire story: the last such day up to the article's date
        back = (published.weekday() - _WEEKDAYS.index(m["wd"].lower())) % 7
        day = published - dt.timedelta(days=back)
        return _span(day.year, day.month, day.month)
    if kind == "month":
        month = _month(m["m"])
        return _span(_year(year_text, published, month), month, month)
    if kind == "relative_month":
        back = 0 if m["rel"].lower() in ("this", "本") else 1
        year, month = divmod(published.year * 12 + published.month - 1 - back, 12)
        return _span(year, month + 1, month + 1)
    if kind == "months":
        first, last = _month(m["m1"]), _month(m["m2"])
        return _span(_year(year_text, published, last), first, last) if first <= last <= 12 else None
    if kind == "quarter":  # a quarter under way is this year's ("四季度重点项目集中开工" in November)
        q = _ORDINAL[m["q"].lower()]
        return _span(_year(year_text, published, 3 * q - 2), 3 * q - 2, 3 * q)
    if kind == "quarters":
        last = 3 * _number(m["qn"] or m.groupdict().get("qn2"))
        return _span(_year(year_text, published, last), 1, last)
    if kind == "first_months":
        last = _number(m["n"])
        return _span(_year(year_text, published, last), 1, last) if last <= 12 else None
    if kind == "half":
        first = 1 if (m["h"] or m.groupdict().get("h2") or "").lower() in ("上", "first", "1") else 7
        return _span(_year(year_text, published, first), first, first + 5)  # a half under way is this year's
    if kind in ("ytd", "ytd_so_far"):
        return _span(published.year, 1, published.month)
    if kind == "past_year":
        return str(published.year - 1) if published.month <= 3 else None
    if kind == "since_year":
        return f"{int(m['y']):04d}-01..{published.year:04d}-{published.month:02d}"
    if kind == "since":
        year = _year(year_text, published)
        return f"{year:04d}-{_month(m['m']):02d}..{published.year:04d}-{published.month:02d}"
    if kind == "date":
        month = _month(m["m"])
        year = _year(year_text, published, month)
        return _span(year, month, month) if 1 <= month <= 12 else None
    if kind == "year":
        year = _year(year_text, published)
        return str(year) if 1990 <= year <= published.year + 15 else None
    return None


# Words without which a rule cannot match: checking them on the sentence (lowered for English)
# first is far cheaper than letting a regex try every position of it.  English month rules
# need a month word instead (_MONTH_START).
_NEEDS: dict[str, dict[str, tuple[str, ...]]] = {
    "en": {
        "asof": ("as of", "by ", "so far", "to date", "up to now"),
        "running": ("already", "cumulativ", "in total", "since", "has ", "have ", "had "),
        "ytd": ("since", "to date", "to-date"), "ytd_so_far": ("this year",), "since": ("since",), "since_year": ("since",),
        "same": ("period", "quarter"), "fullyear": ("year",), "quarter": ("quarter", "q1", "q2", "q3", "q4"),
        "quarters": ("quarter", "q1"), "first_months": ("months",), "half": ("half", "h1", "h2", "1h", "2h"), "weekday": ("day",), "year": ("year", "1", "2"),
        "relative_month": ("month",),
    },
    "zh": {
        "asof": ("截至", "截止", "目前", "至今", "迄今"), "running": ("累计", "已", "年来", "年以来"), "months": ("月",),
        "quarters": ("季度",), "quarter": ("季度",), "first_months": ("前",), "half": ("半年",),
        "ytd": ("以来", "今年来"), "same": ("同期",), "date": ("日",), "month": ("月",), "year": ("年",), "past_year": ("过去",),
        "fullyear": ("年度", "全年"), "relative_month": ("本月", "上月"),
    },
}
_MONTH_KINDS = {"en": frozenset({"months", "date", "month"}), "zh": frozenset()}
#: What a sentence without numbers is read for: dates and named periods, which the next sentences
#: may go on in ("上半年，洋浦发展势头良好。新增市场主体1287户"); a stock's or running total's mark
#: governs only the numbers of its own sentence.
_OWN_SENTENCE_KINDS = frozenset({"asof", "running", "same", "fullyear"})


def _has_any(window: str, words: frozenset[str]) -> bool:
    """A plain loop: any() over a generator costs more than the `in` tests it runs."""
    for word in words:
        if word in window:
            return True
    return False


_COMPARED = {
    "zh": re.compile(r"(?:较|比|与|同比|相比|对比)\s*$"),
    "en": re.compile(r"\b(?:than|compared\s+(?:with|to)|up\s+from|down\s+from)\s+(?:the\s+same\s+period\s+(?:of|in)\s+|in\s+)?$|"
                     r"\bover\s+the\s+same\s+period\s+(?:of\s+|in\s+)?$", re.IGNORECASE),
}
# "grew from 10.2 billion yuan in 2020 to 36.5 billion yuan": the year of the value before the change
_CHANGE_BASE_EN = (re.compile(r"\bfrom\s+(?:US\$|\$|RMB\s?)?[\d.,]+(?:\s+(?:thousand|million|billion|trillion))?"
                              r"(?:\s+(?:yuan|U\.?S\.?\s+dollars|dollars))?\s+$", re.IGNORECASE), re.compile(r"\s+to\s"))


_FAST_RULES = {"en": [word_initial(regex) for regex, _ in _EN_RULES], "zh": [None] * len(_ZH_RULES)}


# What each rule cannot match without (in lower case, None: nothing known), read from the pattern
# it runs: a finer gate than its kind's words, tested only for the rules those let run ("in the
# whole year of 2023" needs "whole", where its kind needs only "year" or a digit).
_LITERALS = {lang: [needed_words((fast or regex).pattern) for (regex, _), fast in zip(_RULES[lang], _FAST_RULES[lang])]
             for lang in _RULES}

# A month's name (a word of its own: not "marine", "decade", "maybe"), what the month rules open
# with: its first three letters, then what may follow them
_MONTH_NAMES = {"jan": "(?:uary)?", "feb": "(?:ruary)?", "mar": "(?:ch)?", "apr": "(?:il)?", "may": "", "jun": "e?",
                "jul": "y?", "aug": "(?:ust)?", "sep": "t?(?:ember)?", "oct": "(?:ober)?", "nov": "(?:ember)?",
                "dec": "(?:ember)?"}
_MONTH_START = re.compile("(?:" + "|".join(start + rest for start, rest in _MONTH_NAMES.items()) + ")(?![a-z])")


def _opens_word(lowered: str, at: int) -> bool:
    """Whether a match at `at` opens a word, as a \\b before it would tell (`word_matches`)."""
    return not at or not (lowered[at - 1].isalnum() or lowered[at - 1] == "_")


def _month_openings(lowered: str) -> list[int]:
    """Where a word opens on the first three letters of a month's name, in order: the only places
    `_MONTH_START` can match, found by a few `find` loops instead of a regex that, opening on
    letters as common as a, m, s and d, is tried at most positions of an English text."""
    found = []
    for start in _MONTH_NAMES:
        at = lowered.find(start)
        while at != -1:
            if _opens_word(lowered, at):
                found.append(at)
            at = lowered.find(start, at + 1)
    return sorted(found)


def _opens_on_a_month(fast: re.Pattern[str] | None) -> bool:
    """Whether a `word_initial` rule is one alternative opening on a group of a month's name
    (`_MONTH`): it can match only where a word opens on a month's first letters, so it is tried
    there (`TimeMarks._at_month_openings`) instead of searched for through the sentence."""
    if fast is None or len(top_level_alternatives(fast.pattern)) > 1:
        return False
    group = re.match(r"\(\?P<\w+>", fast.pattern)
    return group is not None and fast.pattern.startswith(lower_case(_MONTH), group.end())


_AT_MONTHS = {lang: [_opens_on_a_month(fast) for fast in _FAST_RULES[lang]] for lang in _RULES}


def _answers(words: frozenset[str] | None, literals: frozenset[str] | None) -> bool:
    """Whether a span holding one of `words` holds one of a rule's `literals` too (each of the
    words holds one), so the rule needs no test of them."""
    return not literals or (words is not None and all(any(literal in word for literal in literals) for word in words))


@dataclass(frozen=True)
class _Gates:
    """The rules of a language by what lets them run, as indices into `_RULES[lang]`.  A window
    then costs one `in` test per word, not a pass over every rule with a test of each of its
    words; and a rule whose pattern's words (`_LITERALS`) the word that let it run holds itself
    ("since" for the "since ..." rules, a month's name for the month rules) is not tested for them.
    """

    by_word: list[tuple[str, frozenset[int], frozenset[int]]]  # a word, the rules it lets run, those it answers
    always: frozenset[int]  # the rules without a word they need
    months: frozenset[int]  # the rules a month's name lets run (`_MONTH_START`)
    month_answers: frozenset[int]  # those of them whose pattern's words a month's name holds
    own_sentence: frozenset[int]  # the rules read only for their own sentence


def _gates(lang: str) -> _Gates:
    """The gates of the rules of `lang`: a rule runs where a word of its kind (`_NEEDS`) is, a
    month rule where a month is named, a rule of a kind without words everywhere."""
    by_word: dict[str, set[int]] = {}
    always, months, own = set(), set(), set()
    literals = _LITERALS[lang]
    for index, (_, kind) in enumerate(_RULES[lang]):
        if kind in _OWN_SENTENCE_KINDS:
            own.add(index)
        if kind in _MONTH_KINDS[lang]:
            months.add(index)
        elif kind in _NEEDS[lang]:
            for word in _NEEDS[lang][kind]:
                by_word.setdefault(word, set()).add(index)
        else:
            always.add(index)

    def answered(words: frozenset[str] | None, rules: set[int]) -> frozenset[int]:
        return frozenset(index for index in rules if _answers(words, literals[index]))

    return _Gates([(word, frozenset(rules), answered(frozenset({word}), rules)) for word, rules in by_word.items()],
                  frozenset(always), frozenset(months), answered(needed_words(_MONTH_START.pattern), months),
                  frozenset(own))


_GATES = {lang: _gates(lang) for lang in _RULES}


def _overlaps(taken: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether start..end overlaps a span taken (a loop: any() over a generator costs more)."""
    for taken_start, taken_end in taken:
        if start < taken_end and taken_start < end:
            return True
    return False


_START = attrgetter("start")


def _no_plan() -> bool:
    """`TimeMarks.within`'s default `future`: a passage read on its own states no plan."""
    return False


class TimeMarks:
    """The time marks of one text, sentence by sentence (English rules run on its lower case)."""

    def __init__(self, text: str, lang: str, published: dt.date):
        self.text, self.lang, self.published = text, lang, published
        self.lowered = lower_keeping_offsets(text) if lang == "en" else text
        self._gates = _GATES[lang]
        # a sentence's words are the text's
        self._gated = [entry for entry in self._gates.by_word if entry[0] in self.lowered]
        self._month_openings = _month_openings(self.lowered) if self._gates.months else []

    def within(self, start: int, end: int, no_numbers: bool = False,
               future: Callable[[], bool] = _no_plan) -> list[Mark]:
        """The time marks of text[start:end], left to right, without overlaps (first rule wins).

        `no_numbers`: the sentence has no numbers; it is read for the dates and periods the next
        sentences may go on in (a date may date a signing told in the next one).  `future`: whether
        the sentence states a plan, so a period without a year ("第三季度将开工") is this year's even
        when it is ahead; asked only when such a period is read (the plan's cues cost a scan).
        `same` ("同期", "during the period") and `fullyear` ("全年") marks carry no value: they
        stand for the period the story is already in, which only the extractor knows.
        """
        to_run = self._rules_to_run(start, end, no_numbers)
        if not to_run:
            return []  # most sentences without numbers
        text, lowered, lang = self.text, self.lowered, self.lang
        marks: list[Mark] = []
        taken: list[tuple[int, int]] = []
        plan: bool | None = None  # future(), once asked
        rules, fast_rules, at_months = _RULES[lang], _FAST_RULES[lang], _AT_MONTHS[lang]
        for index in to_run:
            (regex, kind), fast = rules[index], fast_rules[index]
            if at_months[index]:
                found = self._at_month_openings(fast, start, end)
            else:
                found = word_matches(fast, lowered, start, end) if fast else regex.finditer(text, start, end)
            for m in found:
                if _overlaps(taken, m.start(), m.end()):
                    continue
                taken.append(m.span())
                if kind in ("asof", "running", "same", "fullyear"):
                    marks.append(Mark(m.start(), m.end(), kind, None))
                    continue
                if _COMPARED[lang].search(text, max(0, m.start() - 40), m.start()) or (
                        lang == "en" and _CHANGE_BASE_EN[1].match(text, m.end())
                        and _CHANGE_BASE_EN[0].search(text, max(0, m.start() - 40), m.start())):
                    continue  # "较上年增长", "up 12 percent over last year": the base of a comparison, not a period told
                year_text = _written_year(m)
                if not year_text and kind not in _DATED_BY_THEMSELVES and lang == "zh":
                    before = _ZH_YEAR_BEFORE.search(text[max(0, m.start() - 8):m.start()])
                    year_text = before.group(1) if before else None
                value = _value(kind, m, self.published, year_text)
                if not year_text and kind not in _DATED_BY_THEMSELVES:
                    # A period ahead of the article's date is last year's, unless the sentence
                    # states a plan: asked (a scan for target cues) only when that changes it.
                    planned = _value(kind, m, self.published, "this year")
                    if planned != value:
                        if plan is None:
                            plan = future()
                        if plan:
                            value = planned
                if value:
                    marks.append(Mark(m.start(), m.end(), "date" if kind in ("date", "weekday") else "period", value))
        if len(marks) > 1:
            marks.sort(key=_START)
        return marks

    def _rules_to_run(self, start: int, end: int, no_numbers: bool) -> list[int]:
        """The rules to run over text[start:end], in their order: those a word of theirs (`_Gates`)
        lets run, less those read only for their own sentence when it has no numbers, and of
        those only the ones whose pattern's words it holds."""
        gates, lowered = self._gates, self.lowered
        window = lowered[start:end]
        runs, answered = set(gates.always), set()
        for word, lets_run, answers in self._gated:
            if word in window:
                runs |= lets_run
                answered |= answers
        if gates.months and self._names_a_month(start, end):
            runs |= gates.months
            answered |= gates.month_answers
        if no_numbers:
            runs -= gates.own_sentence
        if not runs:
            return []
        literals = _LITERALS[self.lang]
        return [index for index in sorted(runs)
                if index in answered or not literals[index] or _has_any(window, literals[index])]

    def _at_month_openings(self, fast: re.Pattern[str], start: int, end: int) -> Iterator[re.Match[str]]:
        """`word_matches` of a rule opening on a month's name (`_opens_on_a_month`): the rule
        tried at each word of text[start:end] that opens on a month's first letters, left to right,
        the next after the end of a match."""
        openings, lowered = self._month_openings, self.lowered
        position = start
        for index in range(bisect_left(openings, start), len(openings)):
            at = openings[index]
            if at >= end:
                return
            if at >= position and (m := fast.match(lowered, at, end)) is not None:
                yield m
                position = max(m.end(), at + 1)

    def _names_a_month(self, start: int, end: int) -> bool:
        """Whether `_MONTH_START` matches a word opening in text[start:end] (the text ending at
        `end`, as for the rules), tried only where a word opens on a month's first letters."""
        openings = self._month_openings
        index = bisect_left(openings, start)
        while index < len(openings) and openings[index] < end:
            if _MONTH_START.match(self.lowered, openings[index], end):
                return True
            index += 1
        return False


def find_marks(text: str, start: int, end: int, lang: str, published: dt.date, no_numbers: bool = False,
               future: bool = False) -> list[Mark]:
    """The time marks of text[start:end] (`TimeMarks.within`), for a single passage."""
    return TimeMarks(text, lang, published).within(start, end, no_numbers, lambda: future)
