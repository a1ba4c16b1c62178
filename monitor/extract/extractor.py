"""extract_figures: document in, figures out, sentence by sentence.

Each sentence's numbers are read left to right.  A number becomes a figure when a cue gives it
a metric (metrics.py); then the park (parks.py), the qualifier and bound (qualifiers.py) and
the period (periods.py) are read around it.  Everything is computed on a folded copy of the
text (simplified Chinese, half-width digits) of the same length, so quotes are cut from the
original.
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_left
from collections.abc import Callable
from functools import partial

from monitor.extract import metric_rules, metrics, park_rules, parks, period_rules, periods, qualifiers, tables
from monitor.extract.document import Sentence, clause_around, lowered_text, needed_words, search_holding, sentences, to_text
from monitor.extract.figure import Figure
from monitor.extract.numbers import Amount, find_amounts
from scraper.language import detect_language
from db.gazetteer import fold

_HANZI = re.compile(r"[\u4e00-\u9fff]")
_CONVERSION = re.compile(r"[(（]\s*(?:about|approximately|around|over|nearly|roughly|some|约|合|折合)?\s*$", re.IGNORECASE)
_NP = re.compile(r"[^,，;；。、]{0,30}?(?:项目|企业|公司|projects?|enterprises?|compan(?:y|ies)|firms|organi[sz]ations)", re.IGNORECASE)
# A paragraph that opens like this goes on with the period of the paragraph before it.
_CONTINUES = re.compile(r"\s*(?:其中|同期|从[^，,。]{1,6}看|分园区看|Among\s+them|Of\s+these|Of\s+them|Of\s+which|By\s+park)",
                        re.IGNORECASE)
# "from X to Y" (从X增至Y): X is the value before a change, Y the figure
_FROM_BASE = {
    "en": (re.compile(r"\bfrom\s+(?:about\s+|around\s+|nearly\s+|some\s+)?(?:US\$|\$|RMB\s?)?$", re.IGNORECASE),
           re.compile(r"(?:\s+in\s+(?:19|20)\d\d)?\s+to\s+(?:about\s+|around\s+|nearly\s+|some\s+|over\s+|more\s+than\s+)?"
                      r"(?:US\$|\$|RMB\s?)?",
                      re.IGNORECASE)),
    "zh": (re.compile(r"从\s*$"), re.compile(r"\s*(?:增长|增加|提高|上升|提升|跃升|增)?(?:到|至)\s*")),
}
_IT_SUBJECT = re.compile(r"\s*(?:(?:In|From|During|Over|By|Since|Last|This|Meanwhile|At)\b[^,;.]{0,60},\s*)?(?:it|its)\b",
                         re.IGNORECASE)
# "one of 14 firms that spoke", "其中之一": a number that sizes a group the subject belongs to
_ONE_OF = re.compile(r"\bone\s+of\s+(?:the\s+|its\s+|their\s+)?$", re.IGNORECASE)
# "1月7日，记者从…获悉": the day the news was told, not the day of an event it tells
_REPORTING = re.compile(r"[\s，,]*(?:记者(?:从|获悉|了解)|从[^，。；]{1,30}(?:获悉|了解到|得知))")
_YEARLIKE = re.compile(r"(?:19|20)\d\d")


# "同比增加300亿元", "revenue rose by 5 billion yuan to 60 billion yuan": the size of a change
_INCREASE = {
    "zh": re.compile(r"(?:增加|增长|减少|下降|提高|增收|减收|净增)了?\s*$"),
    "en": re.compile(r"\b(?:increased|increase|rose|grew|decreased|fell|dropped|declined|(?:up|down)\s+by)\s+(?:by\s+)?"
                     r"(?:US\$|\$|RMB\s?)?$", re.IGNORECASE),
}



def _in_time_expression(reader: _Reader, sentence: Sentence, amounts: list[Amount], i: int, marks: list[periods.Mark]) -> bool:
    """"the first six months", "2024年": part of a time expression, never a figure.  (A loop: most
    sentences have no marks, and any() over a generator costs more than an empty loop.)"""
    start = amounts[i].start
    for mark in marks:
        if mark.start <= start < mark.end:
            return True
    return False


def _currency_conversion(reader: _Reader, sentence: Sentence, amounts: list[Amount], i: int, marks: list[periods.Mark]) -> bool:
    """"(about $5.3 billion)": a conversion of the amount before, not a figure; not "…的园区有：
    海口江东新区（98.3亿元）", where a name between them makes the bracket the name's."""
    if not i or amounts[i].start - amounts[i - 1].end >= 16:
        return False
    bracket = _CONVERSION.search(reader.text, amounts[i - 1].end, amounts[i].start)
    return bracket is not None and _HANZI.search(reader.text, amounts[i - 1].end, bracket.start()) is None


def _size_of_a_change(reader: _Reader, sentence: Sentence, amounts: list[Amount], i: int, marks: list[periods.Mark]) -> bool:
    """"较上年增长100亿元，达到1200亿元": the increase is no figure; the level after it is."""
    amount = amounts[i]
    return (reader.lang == "zh" or amount.kind in ("money", "scaled")) \
        and _INCREASE[reader.lang].search(reader.text, max(sentence.start, amount.start - 12), amount.start) is not None


def _size_of_a_group(reader: _Reader, sentence: Sentence, amounts: list[Amount], i: int, marks: list[periods.Mark]) -> bool:
    """"one of 14 firms that spoke": a number that sizes a group the subject belongs to."""
    return _ONE_OF.search(reader.text, max(sentence.start, amounts[i].start - 16), amounts[i].start) is not None


# "12,300 companies, up from just 300 in 2019", "compared with 4.1 billion yuan in 2020": the base
_COMPARISON_BASE_EN = re.compile(r"\b(?:(?:up|down|rising|falling|climbing|growing)\s+from|compared\s+(?:with|to)|"
                                 r"against|versus|vs\.?)\s+(?:just\s+|only\s+|about\s+|around\s+|nearly\s+)?"
                                 r"(?:US\$|\$|RMB\s?)?$", re.IGNORECASE)
_COMPARISON_BASE_WORDS = needed_words(_COMPARISON_BASE_EN.pattern)


def _base_of_a_comparison(reader: _Reader, sentence: Sentence, amounts: list[Amount], i: int, marks: list[periods.Mark]) -> bool:
    """"up from just 300 in 2019": the value the figure is compared with.  A flow of money with a
    period of its own ("up from 21.5 billion yuan in 2023") is that period's figure; a count's
    earlier level is not, as nothing keeps the date it stood at."""
    amount = amounts[i]
    if search_holding(_COMPARISON_BASE_EN, _COMPARISON_BASE_WORDS, reader.text, max(sentence.start, amount.start - 30),
                      amount.start) is None:
        return False
    own_period = any(m.kind == "period" and 0 <= m.start - amount.end <= 2 for m in marks)
    return not (amount.kind == "money" and own_period)


def _is_a_year(reader: _Reader, sentence: Sentence, amounts: list[Amount], i: int, marks: list[periods.Mark]) -> bool:
    """A year, in a time expression or left bare by one that is no period ("from X in 2020 to Y")."""
    amount = amounts[i]
    return _in_time_expression(reader, sentence, amounts, i, marks) \
        or (amount.kind == "bare" and _YEARLIKE.fullmatch(reader.text, amount.start, amount.end) is not None)


def _value_before_a_change(reader: _Reader, sentence: Sentence, amounts: list[Amount], i: int, marks: list[periods.Mark]) -> bool:
    """"rose from 10 billion yuan (in 2020) to 13 billion yuan", "从10亿元增至13亿元": the old value is no figure."""
    before, gap = _FROM_BASE[reader.lang]
    if before.search(reader.text, max(sentence.start, amounts[i].start - 16), amounts[i].start) is None:
        return False
    after = next((j for j in range(i + 1, len(amounts)) if not _is_a_year(reader, sentence, amounts, j, marks)), None)
    return after is not None and gap.fullmatch(reader.text, amounts[i].end, amounts[after].start) is not None


# "2.1 million TEUs", "45 million tons of cargo", "3 million visitors": a measure of something no
# metric counts, whatever money cue the sentence holds
_MEASURE_EN = re.compile(
    r"\s+(?:[a-z-]+\s+)?(?:TEUs?|(?:metric\s+)?tons?|tonnes?|barrels?|kilowatts?|kilowatt-hours?|kWh|megawatts?|MW|"
    r"cubic\s+met(?:er|re)s|visitors|tourists|passengers|travell?ers|people|residents|person-times|trips|flights|vehicles|"
    r"cars|doses|patients|users|parcels|pieces|containers|jobs|times)\b")


def _measure_of_something_else(reader: _Reader, sentence: Sentence, amounts: list[Amount], i: int,
                               marks: list[periods.Mark]) -> bool:
    """"handled 2.1 million TEUs and its trade value hit …": the number measures cargo or people."""
    return amounts[i].kind in ("scaled", "bare") and _MEASURE_EN.match(reader.text, amounts[i].end) is not None


# METRICS.md has yuan and US dollars: an amount in another currency is converted by nobody
_OTHER_CURRENCY_BEFORE = re.compile(r"(?<![A-Za-z])(?:HK|NT|NZ|S|A|C)\$|[€£₽₩]")
_OTHER_CURRENCY_AFTER = re.compile(
    r"\s+(?:(?:Hong\s+Kong|Singapore|Australian|Canadian|New\s+Taiwan|Taiwan)\s+dollars|rubles|roubles|euros?|yen|won|"
    r"(?:British\s+)?pounds(?:\s+sterling)?|rupees|ringgit|baht|dong|rupiah|dirhams?)\b", re.IGNORECASE)


def _other_currency(reader: _Reader, sentence: Sentence, amounts: list[Amount], i: int, marks: list[periods.Mark]) -> bool:
    """"17 billion rubles", "HK$2 billion", "€300 million": money, but in no unit of ours."""
    amount = amounts[i]
    return _OTHER_CURRENCY_BEFORE.search(reader.text, max(0, amount.start - 3), amount.start + 1) is not None \
        or _OTHER_CURRENCY_AFTER.match(reader.text, amount.end) is not None


# "57.1 million yuan per hectare", "亩均税收50万元", "人均…": an intensity or a per-head rate, not a total
_RATE_AFTER = {
    "en": re.compile(r"\s*(?:(?:a|per|for\s+each|for\s+every|each)\s+(?:hectare|mu|acre|square\s+met(?:er|re)|sq\.?\s*m|"
                     r"capita|person|head|employee|worker|resident)s?\b|/\s*(?:hectare|mu|ha|sq\.?\s*m|m2)\b)",
                     re.IGNORECASE),
    "zh": re.compile(r"\s*(?:/|每)\s*(?:亩|公顷|平方米|人)"),
}
_RATE_BEFORE = {"en": re.compile(r"\bper[- ](?:hectare|mu|capita)\s+(?:[a-z-]+\s+){0,4}?(?:of\s+)?$", re.IGNORECASE),
                "zh": re.compile(r"(?:亩均|每亩|每公顷|人均|地均)[^，,。；;]{0,12}$")}
_RATE_BEFORE_WORDS = {lang: needed_words(regex.pattern) for lang, regex in _RATE_BEFORE.items()}


def _rate_after(reader: _Reader, sentence: Sentence, amounts: list[Amount], i: int, marks: list[periods.Mark]) -> bool:
    """"not less than 57.1 million yuan per hectare": a rate, whoever's it is."""
    return _RATE_AFTER[reader.lang].match(reader.text, amounts[i].end) is not None


def _rate_before(reader: _Reader, sentence: Sentence, amounts: list[Amount], i: int, marks: list[periods.Mark]) -> bool:
    """"亩均投资强度300万元", "per-capita disposable income of": a rate, whoever's it is."""
    amount, lang = amounts[i], reader.lang
    return search_holding(_RATE_BEFORE[lang], _RATE_BEFORE_WORDS[lang], reader.text, max(sentence.start, amount.start - 40),
                          amount.start) is not None


# "36 enterprises with annual revenue above 1 billion yuan", "营收超10亿元的企业36家", "亿元以上项目":
# the bar a class of enterprises or projects clears, not anybody's figure
_THRESHOLD_EN = re.compile(r"\b(?:enterprises|companies|firms|projects|parks|businesses)\s+" + metrics.EN_SIZE_BAR + "$",
                           re.IGNORECASE)
_THRESHOLD_EN_WORDS = needed_words(_THRESHOLD_EN.pattern)
_THRESHOLD_ZH = (re.compile(r"(?:超|超过|过|逾)$"), re.compile(r"\s*(?:以上)?(?:的)?(?:重点|重大|产业|工业|规上)?(?:企业|项目|园区)"),
                 re.compile(r"\s*以上(?:的)?(?:重点|重大|产业|工业|规上)?(?:企业|项目|园区)"))


def _threshold_of_a_class_en(reader: _Reader, sentence: Sentence, amounts: list[Amount], i: int,
                             marks: list[periods.Mark]) -> bool:
    """"enterprises with annual revenue above 1 billion yuan": a bar, not a figure."""
    amount = amounts[i]
    return search_holding(_THRESHOLD_EN, _THRESHOLD_EN_WORDS, reader.text, max(sentence.start, amount.start - 70),
                          amount.start) is not None


def _threshold_of_a_class_zh(reader: _Reader, sentence: Sentence, amounts: list[Amount], i: int,
                             marks: list[periods.Mark]) -> bool:
    """"超10亿元的企业", "亿元以上项目": a bar, not a figure."""
    amount, text = amounts[i], reader.text
    over, after_over, after_above = _THRESHOLD_ZH
    return amount.kind == "money" and (
        (over.search(text, max(sentence.start, amount.start - 2), amount.start) is not None
         and after_over.match(text, amount.end) is not None) or after_above.match(text, amount.end) is not None)


#: What a company in a park earns, pays and trades is its own (a project's investment and output are
#: the park's too, METRICS.md).
_COMPANY_MONEY = frozenset({"revenue", "tax_revenue", "trade_value"})


NotAFigure = Callable[["_Reader", Sentence, list[Amount], int, list[periods.Mark]], bool]
_ANY = {"en": None, "zh": None}
#: Numbers that are never figures, whatever cue is near them.  With each rule, for each language it
#: reads, the words it cannot fire without when all it reads lies in the number's sentence (a
#: sentence holding none of them is not tried with it), or None: tried with every number.
_NOT_FIGURES: tuple[tuple[str, NotAFigure, dict[str, frozenset[str] | None]], ...] = (
    ("in-a-time-expression", _in_time_expression, _ANY), ("currency-conversion", _currency_conversion, _ANY),
    # (an English number's kind rules most out before the words: not looked for in its sentence)
    ("size-of-a-change", _size_of_a_change, {"en": None, "zh": needed_words(_INCREASE["zh"].pattern)}),
    ("size-of-a-group", _size_of_a_group, {"en": needed_words(_ONE_OF.pattern)}),
    ("value-before-a-change", _value_before_a_change,
     {lang: needed_words(before.pattern) for lang, (before, _) in _FROM_BASE.items()}),
    ("base-of-a-comparison", _base_of_a_comparison, {"en": _COMPARISON_BASE_WORDS}),
    ("measure-of-something-else", _measure_of_something_else, {"en": None}), ("other-currency", _other_currency, {"en": None}),
    ("rate-per-unit", _rate_after, _ANY), ("rate-per-unit", _rate_before, _RATE_BEFORE_WORDS),
    ("threshold-of-a-class", _threshold_of_a_class_en, {"en": _THRESHOLD_EN_WORDS}),
    ("threshold-of-a-class", _threshold_of_a_class_zh, {"zh": None}),
)
# The rules of each language (a Chinese number is not tried with the English ones): those tried
# with every number, and those tried only in a sentence holding one of their words
_ALWAYS_NOT_FIGURES = {lang: [rule for _, rule, words in _NOT_FIGURES if lang in words and words[lang] is None]
                       for lang in ("en", "zh")}
_GATED_NOT_FIGURES = {lang: [(rule, tuple(words[lang])) for _, rule, words in _NOT_FIGURES if words.get(lang) is not None]
                      for lang in ("en", "zh")}


class _AmountsBySentence:
    """The amounts of a text by the sentence they start in: a bisection of their starts when they
    are in text order (as find_amounts returns them), not a pass over all of them per sentence."""

    def __init__(self, amounts: list[Amount]):
        self.amounts = amounts
        self.starts = [amount.start for amount in amounts]
        self.ordered = all(a <= b for a, b in zip(self.starts, self.starts[1:]))

    def within(self, start: int, end: int) -> list[Amount]:
        if not self.ordered:
            return [a for a in self.amounts if start <= a.start < end]
        first = bisect_left(self.starts, start)
        return self.amounts[first:bisect_left(self.starts, end, first)]


def _no_plan() -> bool:
    """What a sentence without numbers states of a plan: none (its `future`, asked by its time marks)."""
    return False


def _restates(headline: Figure, body: Figure) -> bool:
    return (headline.park, headline.metric) == (body.park, body.metric) and \
        abs(headline.value - body.value) <= 0.1 * max(abs(body.value), 1)


class _Reader:
    """The state of one pass over one document."""

    def __init__(self, original: str, lang: str, published: dt.date):
        self.original = original
        self.text = fold(original)
        if lang == "en" and "500" in self.text:  # the regex would be tried at every position of every article
            self.text = _RANKING_NAME.sub(lambda m: " " * len(m.group()), self.text)
        self.lang = lang
        self.published = published
        self.refs = parks.find_refs(self.text, lang)
        self.owners = park_rules.Mentions(self.refs)  # the mentions that may own a figure
        self.last_date: str | None = None
        self.last_period: str | None = None  # the last period the article named, for "同期"
        self.last_event: str | None = None  # the period of the last signing / ground-breaking
        self.cumulative: dict[int, int] = {}  # running totals ("bringing … to 50"): amount → phrase start
        self.last_count: str | None = None  # the metric of the last count read, for "其中…" / "Of them, …"
        self.last_money: str | None = None  # the metric of the last money figure read, for "Of the total, …"
        # the metric of the count that closed the last sentence with numbers, and where that sentence ends
        self.closing_count: tuple[str, int] | None = None
        self.rules: dict[str, str] = {}  # field -> the rule that decided it, for the amount being read
        self.respectively = False  # whether the sentence being read says 分别 / respectively

    def _why(self, field: str, rule: str, value):
        """Record the rule that decided `field` (printed by `extract --explain`) and pass `value` on."""
        self.rules[field] = rule
        return value

    def figures(self) -> list[Figure]:
        found: list[Figure] = []
        carried: str | None = None
        paragraph = -1
        amounts = find_amounts(self.text, self.lang)
        in_sentence = _AmountsBySentence(amounts)
        previous: Sentence | None = None
        headline: list[Figure] = []
        time_marks = periods.TimeMarks(self.text, self.lang, self.published)
        table_spans = tables.find_tables(self.text)
        for sentence in sentences(self.text):
            if table_spans and table_spans[0][0] <= sentence.start:
                if sentence.start < table_spans[0][1]:
                    continue  # a table's lines are read together, below
                found.extend(self._table(table_spans.pop(0), carried))
            if sentence.paragraph != paragraph:
                if not _CONTINUES.match(self.text, sentence.start):
                    carried = None
                paragraph = sentence.paragraph
            mine = in_sentence.within(sentence.start, sentence.end)
            # read only when a period needs it; a sentence without numbers states no plan
            future = partial(self._states_a_plan, sentence) if mine else _no_plan
            marks = time_marks.within(sentence.start, sentence.end, no_numbers=not mine, future=future)
            if marks:  # most sentences have none
                marks = self._resolve(marks, carried)
            if mine:
                figures = self._sentence(sentence, mine, marks, carried, previous)
                (headline if self._is_headline(sentence) else found).extend(figures)
            previous = sentence
            if marks:  # most sentences have none
                carried = self._remember(marks, future, carried)
        for span in table_spans:  # a table that ends the text
            found.extend(self._table(span, carried))
        # A headline restates the body, often rounded ("超1.85万亿"): the body's version wins.
        return found + [h for h in headline if not any(_restates(h, f) for f in found)]

    def _remember(self, marks: list[periods.Mark], future: Callable[[], bool], carried: str | None) -> str | None:
        """Keep what the sentence's time marks tell the sentences after it: the last period or
        date it names, and the last date of an event; returns the period the paragraph is now in."""
        explicit = [m for m in marks if m.kind != "date"]
        if explicit:
            carried = explicit[-1].value
        named = [m.value for m in marks if m.kind == "period"]
        if named:
            self.last_period = named[-1]
        dates = [m for m in marks if m.kind == "date" and not _REPORTING.match(self.text, m.end)]
        if dates:
            self.last_date = dates[-1].value
        elif self.last_date and (years := [m.value for m in marks if m.kind == "period"
                                           and len(m.value) == 4 and int(m.value) <= self.published.year]) \
                and not future():
            self.last_date = years[-1]  # "1月28日，…作报告。…2021年，…": the year told since dates what follows
        return carried

    def _table(self, span: tuple[int, int], carried: str | None) -> list[Figure]:
        """The figures of a statistical table (tables.py), over the period the text told before it."""
        period = carried or self.last_period
        return [
            Figure(
                park=cell.park, metric=cell.column.metric, value=normalised_value(cell.value, cell.column.unit),
                unit=cell.column.unit, qualifier="target" if cell.column.target else "actual", bound="exact",
                period=period, quote=self.original[cell.row_start:cell.row_end].strip(), binding=parks.NAMED,
                rules=(("metric", "table-column-heading"), ("park", "table-row-park"),
                       ("period", "period-before-table" if period else "no-period-told"),
                       ("qualifier", "target-words" if cell.column.target else "no-target-words")),
            )
            for cell in tables.table_cells(self.text, span, self.lang)
        ]

    def _resolve(self, marks: list[periods.Mark], carried: str | None) -> list[periods.Mark]:
        """Give "同期" / "during the period" and "全年" the period the story is in."""
        resolved: list[periods.Mark] = []
        for mark in marks:
            context = next((m.value for m in reversed(resolved) if m.kind == "period"), None) or carried or self.last_period
            if mark.kind == "same":
                mark = periods.Mark(mark.start, mark.end, "period" if context else "running", context)
            elif mark.kind == "fullyear":
                year = context[:4] if context else str(self.published.year)
                mark = periods.Mark(mark.start, mark.end, "period", year, annual=True)
            resolved.append(mark)
        return resolved

    def _states_a_plan(self, sentence: Sentence) -> bool:
        """Whether a target cue governs the numbers of the sentence (one that has numbers)."""
        return qualifiers.qualifier(self.text, sentence.start, sentence.end, self.lang) == "target"

    def _is_headline(self, sentence: Sentence) -> bool:
        """A short first line without closing punctuation, followed by more text."""
        line = self.text[sentence.start:sentence.end].strip()
        return (sentence.paragraph <= 2 and sentence.end < len(self.text) - 1 and len(line) < 120
                and self.text[sentence.end] == "\n" and line[-1:] not in "。.!?！？")

    def _words_after(self, sentence: Sentence, amounts: list[Amount], i: int, marks: list[periods.Mark]) -> tuple[int, int]:
        """Where the words after amounts[i] start and where the next number starts, both past a
        conversion in brackets that follows it ("20 billion yuan ($2.8 billion) in revenue")."""
        nxt = i + 1
        if nxt < len(amounts) and _currency_conversion(self, sentence, amounts, nxt, marks):
            close = self.text.find(")", amounts[nxt].end, min(sentence.end, amounts[nxt].end + 16))  # folded: "）" is ")"
            if close != -1:
                return close + 1, amounts[nxt + 1].start if nxt + 1 < len(amounts) else sentence.end
        return amounts[i].end, amounts[nxt].start if nxt < len(amounts) else sentence.end

    def _metric(self, sentence: Sentence, amount: Amount, previous: list[tuple[Amount, str]], following: int,
                words_after: int, before_sentence: Sentence | None,
                chain: tuple[Amount, Amount] | None = None) -> tuple[str | None, str]:
        """The metric and the noun class of `amount`, by the rules of metric_rules.py."""
        reading, rule = metric_rules.decide(metric_rules.MetricFacts(
            text=self.text, lang=self.lang, sentence=sentence, amount=amount, previous=previous, following=following,
            words_after=words_after, before_sentence=before_sentence, chain=chain, last_count=self.last_count,
            last_money=self.last_money, closing_count=self.closing_count, respectively=self.respectively))
        if reading.running_from is not None:
            self.cumulative[amount.start] = reading.running_from
        self._why("metric", rule, reading.metric)
        return reading.metric, reading.noun

    def _sentence(self, sentence: Sentence, amounts: list[Amount], marks: list[periods.Mark], carried: str | None,
                  previous_sentence: Sentence | None) -> list[Figure]:
        """Two passes: which numbers of the sentence are figures, and of what metric; then, for
        each, whose it is, whether planned, and over which period."""
        self.respectively = metric_rules.says_respectively(self.text, sentence.start, sentence.end)
        kept, rules = self._classify(sentence, amounts, marks, previous_sentence)
        return self._bind(sentence, kept, rules, marks, carried)

    def _not_figure_rules(self, sentence: Sentence) -> list[NotAFigure]:
        """The rules of _NOT_FIGURES the sentence's numbers are tried with: those of its language
        whose words its lowered text holds (looked for once per sentence, not once per number)."""
        lowered = lowered_text(self.text)[sentence.start:sentence.end]
        rules = _ALWAYS_NOT_FIGURES[self.lang].copy()
        for rule, words in _GATED_NOT_FIGURES[self.lang]:
            for word in words:
                if word in lowered:
                    rules.append(rule)
                    break
        return rules

    def _not_a_figure(self, rules: list[NotAFigure], sentence: Sentence, amounts: list[Amount], i: int,
                      marks: list[periods.Mark]) -> bool:
        """Whether one of `rules` says amounts[i] is no figure (a loop: any() over a generator
        costs more than most of the rules it runs)."""
        for not_a_figure in rules:
            if not_a_figure(self, sentence, amounts, i, marks):
                return True
        return False

    def _classify(self, sentence: Sentence, amounts: list[Amount], marks: list[periods.Mark],
                  previous_sentence: Sentence | None) -> tuple[list[tuple[Amount, str]], dict[int, dict[str, str]]]:
        """The sentence's figures as (amount, metric), with the metric rule of each; remembers the
        count the sentence closes on, for "Of them, …" in the next."""
        kept: list[tuple[Amount, str]] = []
        classified: list[tuple[Amount, str | None]] = []
        rules: dict[int, dict[str, str]] = {}
        chains = self._chains(amounts)
        not_figure_rules = self._not_figure_rules(sentence)
        for i, amount in enumerate(amounts):
            if self._not_a_figure(not_figure_rules, sentence, amounts, i, marks):
                continue
            words_after, following = self._words_after(sentence, amounts, i, marks)
            self.rules = {}
            metric, _ = self._metric(sentence, amount, kept, following, words_after, previous_sentence, chains.get(i))
            rules[amount.start] = self.rules
            if amount.kind in ("bare", "count", "scaled") and metric and metric not in metrics.MONEY_METRICS \
                    and (not float(amount.value).is_integer() or not 0 < amount.value < 1e7):
                metric = None
            if metric in metrics.MONEY_METRICS and amount.kind == "area":
                metric = None
            classified.append((amount, metric))
            if metric:
                kept.append((amount, metric))
                if metric not in metrics.MONEY_METRICS and metric != "planning_area":
                    self.last_count = metric
                elif metric in metrics.MONEY_METRICS:
                    self.last_money = metric
        counted = [m for a, m in classified if a.kind in ("bare", "count", "scaled")]
        self.closing_count = (counted[-1], sentence.end) if counted and counted[-1] \
            and counted[-1] not in metrics.MONEY_METRICS else None
        return kept, rules

    def _bind(self, sentence: Sentence, kept: list[tuple[Amount, str]], rules: dict[int, dict[str, str]],
              marks: list[periods.Mark], carried: str | None) -> list[Figure]:
        """Each kept amount's parks (parks.py), qualifier and bound (qualifiers.py) and period
        (period_rules.py), as figures naming the rule behind each field."""
        text = self.text
        sentence_metrics = {m for _, m in kept}
        distribution = self._respectively(sentence, kept)
        figures = []
        event_period: list[str | None] = []  # the period of the sentence's last signing / ground-breaking
        zero_subject = self._goes_on_with_subject(sentence)
        for index, (amount, metric) in enumerate(kept):
            np_end = self._noun_phrase_end(sentence, amount)
            owners = distribution.get(index) or park_rules.attribute(
                text, self.owners, (sentence.start, sentence.end), amount.start, np_end,
                area=metric == "planning_area", zero_subject=zero_subject,
                company_money=self.lang == "en" and metric in _COMPANY_MONEY)
            unit = metrics.unit_of(metric, amount.unit)
            is_count = amount.kind in ("bare", "count", "scaled") and metric != "planning_area"
            qualifier = qualifiers.qualifier(text, sentence.start, amount.start, self.lang, amount.end if is_count else None)
            self.rules = rules.get(amount.start, {})
            period, rule = period_rules.decide(period_rules.PeriodFacts(
                text=text, lang=self.lang, sentence=sentence, amount=amount, metric=metric, marks=marks,
                target=qualifier == "target", carried=carried, sentence_metrics=sentence_metrics,
                running_from=self.cumulative.get(amount.start), last_period=self.last_period,
                last_date=self.last_date, last_event=self.last_event, event_period=event_period))
            self._why("period", rule, period)
            if metric in period_rules.EVENT_COUNTS and amount.start not in self.cumulative:
                event_period = [period]
                self.last_event = period or self.last_event
            quote = self._quote(sentence, amount, np_end)
            for owner in owners:
                if owner.park is None:
                    continue
                figures.append(Figure(
                    park=owner.park, metric=metric, value=normalised_value(amount.value, unit), unit=unit,
                    qualifier=qualifier,
                    bound=qualifiers.bound(text, amount.start, amount.end, self.lang, amount.at_least),
                    period=period, quote=quote, binding=owner.binding,
                    rules=(("metric", self.rules.get("metric", "cue")), ("park", owner.rule),
                           ("period", self.rules["period"]),
                           ("qualifier", "target-words" if qualifier == "target" else "no-target-words")),
                ))
        return figures

    def _goes_on_with_subject(self, sentence: Sentence) -> bool:
        """Whether the sentence goes on with the subject of the one before: Chinese leaves it out
        ("…位居首位。新增市场主体1287户"), English says "it" ("From January to September, it completed …")."""
        return self.lang == "zh" or _IT_SUBJECT.match(self.text, sentence.start, sentence.end) is not None

    def _chains(self, amounts: list[Amount]) -> dict[int, tuple[Amount, Amount]]:
        """Coordinated lists of bare English numbers ("signed 15, 12 and 9 projects"): each
        member → (first, last) of its list, whose last number names what all of them count."""
        chains: dict[int, tuple[Amount, Amount]] = {}
        if self.lang != "en":
            return chains
        first = 0
        for i in range(1, len(amounts) + 1):
            joined = i < len(amounts) and amounts[i].kind == amounts[i - 1].kind == "bare" \
                and metric_rules.LIST_GAP["en"].match(self.text[amounts[i - 1].end:amounts[i].start]) is not None
            if joined:
                continue
            members = range(first, i)
            if len(members) > 1 and "and" in self.text[amounts[i - 2].end:amounts[i - 1].start] \
                    and not any(_YEARLIKE.fullmatch(self.text[amounts[j].start:amounts[j].end]) for j in members):
                chains.update({j: (amounts[first], amounts[i - 1]) for j in members})
            first = i
        return chains

    def _respectively(self, sentence: Sentence, kept: list[tuple[Amount, str]]) -> dict[int, list[parks.Owner]]:
        """分别 / respectively: the n amounts it governs go to the n parks of the run before it, in order.

        Each 分别 governs the amounts after it up to the next one ("分别实现营收A、B，税收分别为C、D");
        an English "respectively" comes after its amounts ("… A and B respectively").
        """
        if not self.respectively:
            return {}
        matches = list(metric_rules.RESPECTIVELY.finditer(self.text, sentence.start, sentence.end))
        if not matches:
            return {}
        before = [i for i, ref in enumerate(self.refs) if sentence.start <= ref.start and ref.end <= matches[0].start()]
        if not before:
            return {}
        run = parks.run_of(self.text, self.refs, before[-1])
        if len(run) < 2:
            return {}
        distribution: dict[int, list[parks.Owner]] = {}
        for number, match in enumerate(matches):
            end = matches[number + 1].start() if number + 1 < len(matches) else sentence.end
            targets = [i for i, (amount, _) in enumerate(kept) if match.start() < amount.start < end]
            if len(targets) != len(run):  # "... 12.05 billion yuan and 860 million yuan respectively"
                start = matches[number - 1].end() if number else run[-1].end
                targets = [i for i, (amount, _) in enumerate(kept) if start < amount.start < match.start()]
            if len(targets) == len(run):
                distribution.update({i: [parks.Owner(ref.park, parks.NAMED, "respectively")]
                                     for i, ref in zip(targets, run, strict=True)})
        return distribution

    def _noun_phrase_end(self, sentence: Sentence, amount: Amount) -> int:
        """Where a count's noun phrase ends ("22 contracted high-tech zone projects")."""
        if amount.kind not in ("count", "bare", "scaled"):
            return amount.end
        match = _NP.match(self.text, amount.end, min(sentence.end, amount.end + 40))
        return amount.end + len(match.group()) if match else amount.end

    def _quote(self, sentence: Sentence, amount: Amount, np_end: int) -> str:
        """The amount's clause, cut to the words just before it, up to the end of its noun phrase."""
        clause = clause_around(self.text, sentence, amount.start, amount.end, self.lang)
        start = max(clause[0], amount.start - (40 if self.lang == "zh" else 80))
        if self.lang == "en" and start > clause[0] and self.text[start - 1].isalnum():
            start = self.text.find(" ", start, amount.start) + 1 or start  # a whole word, not "opment Zone"
        return self.original[start:np_end].strip()


def extract_figures(document: str, *, lang: str = "auto", published: dt.date | None = None) -> list[Figure]:
    """The figures of one article (HTML or text), one per distinct (park, metric, value).

    `published` resolves periods the text leaves open ("前三季度" → the article's year); it
    defaults to today.  The body is read before a headline, so a rounded headline figure
    never wins over the exact figure of the body.
    """
    original = _PINYIN_GLOSS.sub("", to_text(document))
    if lang == "auto":
        lang = detect_language(original)
    reader = _Reader(original, lang, published or dt.date.today())
    result: list[Figure] = []
    for figure in reader.figures():
        if not any(_same_figure(figure, kept) for kept in result):
            result.append(figure)
    return result


# "30 Fortune Global 500 companies": a ranking's name is no number and no word of the noun phrase;
# blanked (same length, so quotes still come from the original) before anything is read
_RANKING_NAME = re.compile(r"\b(?:Fortune\s+(?:Global\s+)?|Forbes\s+(?:Global\s+)?|[Tt]op\s+|[Ww]orld(?:'s)?\s+[Tt]op\s+)500\b|"
                           r"\b500\s+(?=(?:largest|biggest|strongest)\b)")
# "入駐企業(yè)超過(guò)3000家": pages that gloss characters with their pinyin in brackets; the
# glosses go before anything is read, so the words and numbers around them meet again.
# (The bracket first, the character before it checked after it: a pattern opening with a look-behind
# is tried at every position of the text.)
_PINYIN_GLOSS = re.compile(r"[(（](?<=[\u3400-\u9fff][(（])[a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,7}[)）]")


def _same_figure(one: Figure, other: Figure) -> bool:
    """One figure told twice: the same park and metric with values equal within 0.5 %, as when an
    area is restated in another unit ("14,000 mu, or 9.3 square kilometers") or rounded."""
    return (one.park, one.metric) == (other.park, other.metric) \
        and abs(one.value - other.value) <= 0.005 * max(abs(one.value), abs(other.value))


def normalised_value(value: float, unit: str) -> float:
    """Money in whole currency units and counts as integers (METRICS.md); areas to 6 decimals.

    Scaling a decimal (8.3 × 10⁹) leaves float noise (8300000000.000001) that would otherwise
    reach the store, the JSON and the alerts.
    """
    return float(round(value)) if unit in {"CNY", "USD", "count"} else round(value, 6)
