"""Which period a figure covers: ordered, named rules over the time marks of its sentence.

The marks (periods.py) say what the text names: "前三季度", "as of June", "on March 19".  Which
of them governs a given number depends on what the number is (an event's count is dated by
its day, a stock has no period, a plan's horizon may come after it) and where the marks stand.
Each rule below decides one such case and is named, so `extract --explain` can say which one
chose a figure's period; each is a small function of `PeriodFacts`, testable alone.

Evaluation has three stages, in order:
- `FIRST`: cases that settle the period whatever the marks say (an annual capacity, the
  money of a signing told just before);
- `TOLD`: the first rule that applies decides; when it decides "no period", the figure goes
  on to the `OPEN` rules, which may still find a plan's horizon or the story's period;
- `OPEN`: what a figure gets when its own words leave the period open.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from monitor.extract.lazy import lazy

from monitor.extract.document import Sentence, clause_around, holds_any, needed_words, search_holding
from monitor.extract.numbers import Amount
from monitor.extract.periods import Mark
from monitor.extract.registry import load_registry

_REGISTRY = load_registry()
EVENT_COUNTS = _REGISTRY.where(unit="count", event=True)  # a signing, a ground-breaking: on a day
EVENT_MONEY = _REGISTRY.where(unit="money", event=True)
_FLOW_COUNTS = _REGISTRY.where(unit="count", event=False)
_FLOW_MONEY = _REGISTRY.where(unit="money", event=False)

# 新 as in 新增 / 新引进, not as in 高新 (high-tech), 创新 (innovation), 新能源 (new energy)
_ZH_NEW = r"(?<![高创更革最重])新(?!区|城|能源|材料|兴|型|技术|药|经济|业态|模式|华)"
NEW = re.compile(_ZH_NEW + r"|\bnew(?:ly)?\b|\bmore\b(?!\s+than)|\badded\b", re.IGNORECASE)
_ANNUAL = re.compile(r"(?<![\d\s今去上本度全])年(?:产值|营收|税收)|\bannual\s+(?:output|revenue|income|tax)", re.IGNORECASE)
_SEMICOLON = re.compile(r"[；;]")
# "revenue of A and tax revenue of B over the same period", "A and B respectively in the first
# half": a period after the last item of a coordinated pair of money figures is the period of both
_SHARED_TAIL = re.compile(r"\s*,?\s*and\s+(?:its\s+|the\s+)?(?:[A-Za-z-]+\s+){0,4}(?:of\s+|at\s+|to\s+)?"
                          r"(?:US\$|\$|RMB\s?)?[\d.,]+(?:\s+(?:thousand|million|billion|trillion))?"
                          r"(?:\s+(?:yuan|U\.?S\.?\s+dollars|dollars))?(?:\s*,?\s*respectively)?\s*(?:[A-Za-z-]+\s+){0,3}",
                          re.IGNORECASE)
_SINCE = re.compile(r"since\b|自", re.IGNORECASE)
SUBSET_HEAD = re.compile(r"其中|of\s+which|of\s+them", re.IGNORECASE)
OF_WHICH_AFTER = re.compile(r"\s+(?:of\s+which|of\s+them|of\s+these)\b", re.IGNORECASE)
_STOCK_WORD = re.compile(r"\b(?:new(?:ly)?|added|adding|attract(?:ed|ing)?|introduc(?:ed|ing|e)|more(?!\s+than))\b|"
                         + _ZH_NEW + r"|引进|招引|引入|"
                         r"\b(?:enterprises|companies|firms|entities|organi[sz]ations)\s+(?:were\s+)?(?:newly\s+)?"
                         r"(?:registered|settled|moved|landed)\b|\b(?:settled|registered)\s+(?:more\s+than\s+|over\s+)?\S+\s+"
                         r"(?:enterprises|companies|firms)", re.IGNORECASE)
# A period that names an event ("第一季度项目集中开工活动", "2024年投资推介会") rather than a span reported on
_EVENT_NAME = re.compile(r"\s*(?:的)?(?:重点|重大|产业)?(?:项目|集中|签约|开工|投资推介|推介|招商|活动|大会)")
_EVENT_VERB = re.compile(r"集中开工|集中签约|开工仪式|签约仪式|\bbroke\s+ground\b|\bground-?breaking\b|\bsigning\s+ceremony\b",
                         re.IGNORECASE)
# the words these cannot match without, looked for before they are tried at every position of a span
_NEW_WORDS, _ANNUAL_WORDS, _EVENT_VERB_WORDS = (needed_words(regex.pattern) for regex in (NEW, _ANNUAL, _EVENT_VERB))
_SUBSET_HEAD_WORDS = needed_words(SUBSET_HEAD.pattern)
_EVENT_ANAPHOR = re.compile(r"\s*(?:The\s+(?:new\s+|signed\s+|contracted\s+)?projects|These\s+projects|"
                            r"本次|此次|这批|上述项目)", re.IGNORECASE)


# Slots, not frozen: built many times per article, and a frozen dataclass's __init__ costs
# about four times as much; nothing hashes or changes one.
@dataclass(slots=True)
class Told:
    """A rule's decision: the period (None: no period, the figure is a stock or a running total)."""

    value: str | None


@dataclass
class PeriodFacts:
    """What the rules read about one amount: its sentence's marks, its clause, what it counts,
    and what the story told before it.  Derived facts are computed once, on first use."""

    text: str
    lang: str
    sentence: Sentence
    amount: Amount
    metric: str
    marks: list[Mark]
    target: bool
    carried: str | None  # the period the paragraph is in
    sentence_metrics: set[str]
    running_from: int | None  # where a running total's phrase starts ("bringing … to 50"), if it is one
    last_period: str | None  # the last period the article named
    last_date: str | None  # the month of the last dated event
    last_event: str | None  # the period of the last signing / ground-breaking
    event_period: list[str | None] = field(default_factory=list)  # the sentence's signing just told

    @lazy
    def clause(self) -> tuple[int, int]:
        return clause_around(self.text, self.sentence, self.amount.start, self.amount.end, self.lang)

    @lazy
    def before(self) -> list[Mark]:
        """Marks before the number, save a stock's date closed by a semicolon when a period was named."""
        before = [m for m in self.marks if m.end <= self.amount.start and m.kind != "date"]
        if any(m.kind == "period" for m in before):  # "一季度，…截至3月底…；实际利用外资…": back to the period
            before = [m for m in before
                      if not (m.kind in ("asof", "running") and _SEMICOLON.search(self.text, m.end, self.amount.start))]
        return before

    @lazy
    def named(self) -> list[Mark]:
        return [m for m in self.before if m.kind in ("period", "asof")]

    @lazy
    def dates(self) -> list[Mark]:
        return [m for m in self.marks if m.kind == "date"]

    @lazy
    def event(self) -> bool:
        """A signing or ground-breaking, or the money of one told in the same sentence (by its count
        or by its verb: "6大项目集中开工，总投资额达31.4亿元")."""
        if self.metric in EVENT_COUNTS:
            return True
        return self.metric in EVENT_MONEY and (bool(self.sentence_metrics & EVENT_COUNTS)
                                               or search_holding(_EVENT_VERB, _EVENT_VERB_WORDS, self.text, self.sentence.start,
                                                                 self.sentence.end) is not None)

    @lazy
    def after(self) -> list[Mark]:
        """English puts the period after the number ("signed 14 projects … in the first three
        quarters"), unless a new coordinated figure or a plan comes between."""
        if self.lang != "en":
            return []
        after = [m for m in self.marks if m.start >= self.amount.end and m.end <= self.clause[1] and m.kind != "running"]
        if not after:
            return []
        between = self.text[self.amount.end:after[0].start]
        if after[0].kind != "period" or re.search(r"\bwill\b", between) \
                or (re.search(r"\band\b", between) and re.search(r"\d", between) and not _SHARED_TAIL.fullmatch(between)):
            return []
        return after

    def in_clause(self, kinds: tuple[str, ...], start: int | None = None, end: int | None = None) -> bool:
        low = self.clause[0] if start is None else start
        high = self.clause[1] if end is None else end
        return any(m.kind in kinds and low <= m.start < high for m in self.marks)


Rule = Callable[[PeriodFacts], Told | None]


def _within(month: str, period: str) -> bool:
    """Whether a one-month period ("2025-03..2025-03") lies inside `period` ("2025", "2025-01..2025-03")."""
    if len(period) == 4:
        return month.startswith(period)
    return period[:7] <= month[:7] <= period[-7:]


# ---- FIRST ------------------------------------------------------------------------------------

def money_of_the_event_just_told(f: PeriodFacts) -> Told | None:
    """"signed 41 enterprises …, with a total investment of": the same batch, unless the money is
    the year's share of it ("年度计划投资48.5亿元")."""
    if f.metric in EVENT_MONEY and f.event_period \
            and not any(m.annual and 0 <= f.amount.start - m.end <= 12 for m in f.marks):
        return Told(f.event_period[0])
    return None


def annual_capacity_has_no_period(f: PeriodFacts) -> Told | None:
    """"新增年产值15亿元", "annual output value of": a yearly capacity, not a period's result."""
    return Told(None) if search_holding(_ANNUAL, _ANNUAL_WORDS, f.text, max(0, f.amount.start - 30), f.amount.start) else None


def enterprises_are_a_stock(f: PeriodFacts) -> Told | None:
    """Enterprises are a stock ("园区入驻企业8417家", "1,100 enterprises had registered by the end
    of 2024") unless the text says they are new, or counts them over a period ("In 2021, over
    1,400 enterprises registered") without a running-total word."""
    if f.metric != "enterprises":
        return None
    text, amount = f.text, f.amount
    start, end = f.clause
    if SUBSET_HEAD.match(text, start) or OF_WHICH_AFTER.match(text, amount.end) \
            or re.match(r"\s*(?:其中|including|among\s+them)", text[start:amount.start], re.IGNORECASE):
        start = clause_around(text, f.sentence, start - 1, start - 1, f.lang)[0]  # 新引进企业2876家，其中总部企业86家
    if search_holding(NEW, _NEW_WORDS, text, start, end):
        return None
    if any(m.kind == "period" and m.end <= amount.start and _SINCE.match(text, m.start)
           and not re.search(r"\d", text[m.end:amount.start]) for m in f.marks):
        return None  # "Since … June 2020, more than 4,100 enterprises have been set up"
    spans = [m for m in f.marks if start <= m.start < end]
    if any(m.kind in ("asof", "running") for m in spans):
        return Told(None)
    stock = not (_STOCK_WORD.search(text, start, end) or any(m.kind == "period" for m in spans))
    return Told(None) if stock else None


# ---- TOLD -------------------------------------------------------------------------------------

def area_is_a_stock(f: PeriodFacts) -> Told | None:
    """A park's area has no period, whatever year the sentence names."""
    return Told(None) if f.metric == "planning_area" else None


def running_total_since_period(f: PeriodFacts) -> Told | None:
    """"bringing the number of … since January to 50": the period inside the running total's phrase."""
    if f.running_from is None:
        return None
    inside = [m for m in f.marks if m.kind == "period" and f.running_from <= m.start < f.amount.start]
    return Told(inside[-1].value if inside else None)


def subset_told_as_running_total(f: PeriodFacts) -> Told | None:
    """A subset ("其中31个项目已开工", "of which 41 have landed") told as a running total."""
    if f.event and f.dates:
        return None
    since = f.named[-1].end if f.named else f.sentence.start
    if not holds_any(f.text, since, f.amount.start, _SUBSET_HEAD_WORDS):
        return None
    heads = list(SUBSET_HEAD.finditer(f.text, since, f.amount.start))
    if not heads:
        return None
    # a money figure after the list ("…, of which 14 have been put into production, and … output value of")
    # is no part of it unless its own clause says so
    start = max(heads[-1].end(), f.clause[0]) if f.amount.kind in ("money", "scaled") else heads[-1].end()
    return Told(None) if f.in_clause(("running",), start, f.clause[1]) else None


def period_after_in_own_clause(f: PeriodFacts) -> Told | None:
    """"…, while Y settled 21 … in the first half": the number's own clause names its period."""
    if f.named and f.after and f.named[-1].end <= f.clause[0]:
        return Told(f.after[0].value)
    return None


def event_day_beats_period_in_its_name(f: PeriodFacts) -> Told | None:
    """"5月10日，江东新区2024年投资推介会…签约项目37个", "3月28日，…第一季度项目集中开工活动": the
    event's day beats the period in its name."""
    if not (f.named and f.event):
        return None
    last = f.named[-1]
    if last.annual or not last.value or not (len(last.value) == 4 or _EVENT_NAME.match(f.text, last.end)):
        return None
    dated = [m for m in f.dates if m.end <= f.amount.start and _within(m.value, last.value)]
    return Told(dated[-1].value) if dated else None


def named_period_before(f: PeriodFacts) -> Told | None:
    """The last period named before the number; it beats a running-total word after it."""
    return Told(f.named[-1].value) if f.named else None


def event_count_as_running_total(f: PeriodFacts) -> Told | None:
    """"has signed 64 projects since it broke ground", "近一年来，…启动了9个项目": a running total of
    events (the span may open the sentence, before the number's clause)."""
    if not f.event or f.after:
        return None
    opening = any(m.kind in ("running", "asof") and not f.text[f.sentence.start:m.start].strip()
                  and m.end <= f.amount.start for m in f.marks)
    if opening or f.in_clause(("running", "asof"), f.clause[0], f.amount.start):
        return Told(None)
    return None


def event_period_after(f: PeriodFacts) -> Told | None:
    return Told(f.after[0].value) if f.event and f.after else None


def event_month(f: PeriodFacts) -> Told | None:
    """A signing or a ground-breaking: the month of the event (the last dated before it)."""
    if not f.event or not (f.dates or (f.last_date and not f.target)):
        return None
    if not f.dates:
        return Told(f.last_date)
    earlier = [m for m in f.dates if m.end <= f.amount.start]
    return Told((earlier or f.dates)[-1].value)


def money_of_the_event_told_before(f: PeriodFacts) -> Told | None:
    """"The new projects, with a total investment of …": the batch of the signing told before."""
    if f.metric in EVENT_MONEY and f.last_event and _EVENT_ANAPHOR.match(f.text, f.sentence.start):
        return Told(f.last_event)
    return None


def period_after(f: PeriodFacts) -> Told | None:
    """"have signed deals worth … since the zone was approved in October last year"."""
    return Told(f.after[0].value) if f.after else None


def as_of_before(f: PeriodFacts) -> Told | None:
    """A stock's date or a running-total word before the number."""
    return Told(None) if f.before else None


def day_of_arrival_in_clause(f: PeriodFacts) -> Told | None:
    """"Five more enterprises settled … on July 12"."""
    in_clause = [m for m in f.dates if f.clause[0] <= m.start < f.clause[1]]
    return Told(in_clause[-1].value) if in_clause and f.metric in _FLOW_COUNTS else None


def new_enterprises_over_story_period(f: PeriodFacts) -> Told | None:
    """"新增入驻企业2150家": new enterprises over the period the story is in."""
    if f.carried is None and f.metric == "enterprises" and search_holding(NEW, _NEW_WORDS, f.text, *f.clause) \
            and not f.in_clause(("asof", "running")):
        return Told(f.last_period)
    return None


def as_of_in_sentence(f: PeriodFacts) -> Told | None:
    return Told(None) if any(m.kind in ("asof", "running") for m in f.marks) else None


def period_carried_from_paragraph(f: PeriodFacts) -> Told | None:
    return Told(f.carried)


# ---- OPEN -------------------------------------------------------------------------------------

def running_total(f: PeriodFacts) -> Told | None:
    return Told(None) if f.running_from is not None else None


_BY_YEAR = re.compile(r"\bby\s+(?:the\s+end\s+of\s+)?(?P<y>(?:19|20)\d\d)\b", re.IGNORECASE)


def plan_by_a_year(f: PeriodFacts) -> Told | None:
    """"aims to earn 10 billion yuan by 2027", "By the end of 2026, 14 more clinics will open": a
    plan's horizon is its year."""
    if not f.target or f.lang != "en":
        return None
    for mark in f.marks:
        if mark.kind == "asof" and (by := _BY_YEAR.match(f.text, mark.start, mark.end)):
            return Told(by["y"])
    return None


def as_of_or_running_total(f: PeriodFacts) -> Told | None:
    return Told(None) if any(m.kind in ("asof", "running") and m.start < f.clause[1] for m in f.marks) else None


def plan_horizon_told_later(f: PeriodFacts) -> Told | None:
    """"plans to attract 1,500 enterprises and … in 2025": a plan's horizon told after it."""
    if not f.target:
        return None
    later = [m for m in f.marks if m.kind == "period" and m.start >= f.amount.end]
    return Told(later[0].value if later else None)


def flow_takes_the_story_period(f: PeriodFacts) -> Told | None:
    """A flow of money the words leave open: the period the story is about (a wire story names
    its year once, in the lead)."""
    return Told(f.last_period) if f.metric in _FLOW_MONEY else None


def no_period_told(f: PeriodFacts) -> Told | None:
    return Told(None)


def _named(*rules: Rule) -> tuple[tuple[str, Rule], ...]:
    return tuple((rule.__name__.replace("_", "-"), rule) for rule in rules)


FIRST = _named(money_of_the_event_just_told, annual_capacity_has_no_period, enterprises_are_a_stock)
TOLD = _named(
    area_is_a_stock, running_total_since_period, subset_told_as_running_total, period_after_in_own_clause,
    event_day_beats_period_in_its_name, named_period_before, event_count_as_running_total, event_period_after,
    event_month, money_of_the_event_told_before, period_after, as_of_before, day_of_arrival_in_clause,
    new_enterprises_over_story_period, as_of_in_sentence, period_carried_from_paragraph,
)
OPEN = _named(area_is_a_stock, running_total, plan_by_a_year, as_of_or_running_total, plan_horizon_told_later,
              flow_takes_the_story_period, no_period_told)


def decide(facts: PeriodFacts) -> tuple[str | None, str]:
    """(period, name of the rule that chose it)."""
    for name, rule in FIRST:
        if (told := rule(facts)) is not None:
            return told.value, name
    for name, rule in TOLD:
        if (told := rule(facts)) is not None:
            if told.value is not None:
                return told.value, name
            break
    for name, rule in OPEN:
        if (told := rule(facts)) is not None:
            return told.value, name
    raise AssertionError("no_period_told always decides")
