"""Which metric a number is: ordered, named rules over the cues around it (METRICS.md).

The cue vocabulary lives in the registry and metrics.py; these rules decide which cue governs
a given number.  Money takes the nearest money cue, or the head of the list it is an item of;
an English count takes its verb and noun, or the whole it is a part of ("412 of which"), or the
running total it ends ("bringing the total to 50"); a Chinese count its verb and classifier.
Each rule is a small function of `MetricFacts` and the reading so far, named so `extract
--explain` can say which one chose a figure's metric.

A rule returns None when it does not apply, or a `Reading`.  A final reading ends the table;
a reading that is not final is what the later rules refine (a verb found in the clause
before, a count shared by coordinated numbers).  What the table ends on is the metric (None:
the number is no figure) and the noun class the number counts.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from monitor.extract.lazy import lazy

from monitor.extract import metrics
from monitor.extract.document import CLAUSE_STOP, Sentence, clause_around, needed_words, search_holding
from monitor.extract.numbers import Amount
from monitor.extract.period_rules import OF_WHICH_AFTER

LIST_GAP = {"zh": re.compile(r"^[\s、,，和及与以]*$"), "en": re.compile(r"^[\s,]*(?:and)?[\s,]*$")}
# "海口江东新区（98.3亿元）、三亚中央商务区（86.5亿元）", "Yangpu (120 billion yuan) and Jiangdong (48
# billion yuan)": amounts in brackets after the names of a list, each the next name's
_BRACKETED_ITEM = {"zh": re.compile(r"[)）]\s*[、,，和及与]\s*[^\d、,，。；;:：()（）]{2,24}[(（]\s*"),
                   "en": re.compile(r"\)\s*(?:,\s*and|,|and)\s+(?:the\s+)?[A-Z][\w'&-]*(?:\s+[\w'&-]+){0,7}\s*\(\s*")}
_OF_THEM = re.compile(r"\s+(?:of\s+them|in\s+|were\s+in\s+|are\s+in\s+)", re.IGNORECASE)
_PRONOUN = re.compile(r"\s*(?:They|It|These|This|Those|其|该)\b", re.IGNORECASE)
_SUBSET = re.compile(r"其中|including|among\s+them|of\s+which|\bwith\b", re.IGNORECASE)
_TOTALLING = re.compile(r"\s*(?:共|共计|合计|总计|包括)")
# "bringing the total number of landed enterprises to 50": a running total of what the phrase names
_BRINGING = re.compile(r"\b(?:bringing|brought|brings|taking|took|takes|raising|raised|pushing|lifting)\s+(?:the\s+|its\s+)?"
                       r"(?:total\s+)?(?:(?:number|total|count|tally)\s+of\s+(?P<np>[^,;.]{1,80}?)|total|tally)\s+to\s+"
                       r"(?:(?:over|more\s+than|nearly|about|around|some|almost|at\s+least)\s+)?$", re.IGNORECASE)
# "Its number of registered enterprises has exceeded 16,000": the phrase names what is counted
_NUMBER_OF = re.compile(r"\bnumber\s+of\s+(?P<np>[^,;.]{1,80}?)\s+(?:(?:has|have|had)\s+(?:now\s+|already\s+)?)?"
                        r"(?:reached|exceeded|exceeds|hit|topped|surpassed|stood\s+at|stands\s+at|rose\s+to|grew\s+to|"
                        r"increased\s+to|climbed\s+to|jumped\s+to|totals?|totall?ed|amounted\s+to|came\s+to|was|is)\s+"
                        r"(?:(?:over|more\s+than|nearly|about|around|some|almost|at\s+least)\s+)?$", re.IGNORECASE)
# "its registered enterprises now number more than 3,400": "number" as the verb
_NP_NUMBER = re.compile(r"\b(?P<np>(?:[\w-]+\s+){0,3}?(?:enterprises|companies|firms|projects|entities|businesses))\s+"
                        r"(?:now\s+|already\s+)?number(?:s|ed)?\s+(?:(?:over|more\s+than|nearly|about|around|some|almost|"
                        r"at\s+least)\s+)?$", re.IGNORECASE)
# "newly registered market entities there exceeded 5,000", "signed projects in the zone totalled 46": the
# counted noun as the subject of a verb of reaching (enterprises, or projects named by their verb)
_REACHED = (r"(?:reached|exceeded|topped|surpassed|hit|stood\s+at|totall?ed|amounted\s+to|rose\s+to|grew\s+to|"
            r"increased\s+to|climbed\s+to)")
_NP_REACHED = re.compile(r"\b(?P<np>(?:[\w-]+\s+){0,3}?(?:enterprises|companies|firms|entities|businesses|projects))\s+"
                         r"(?:(?:in|at)\s+(?:[\w'&-]+\s+){1,7}?|there\s+)?(?:(?:has|have|had)\s+)?(?:now\s+|already\s+)?"
                         + _REACHED + r"\s+(?:(?:over|more\s+than|nearly|about|around|some|almost|at\s+least)\s+)?$",
                         re.IGNORECASE)
# "… rose to 12 percent": a share, never a count
_PERCENT_AFTER = re.compile(r"\s*(?:%|percent\b|per\s+cent\b|percentage\s+points?\b)", re.IGNORECASE)
# the words these cannot match without, looked for before the patterns are tried over a sentence
_BRINGING_WORDS = needed_words(_BRINGING.pattern)
_NUMBER_OF_WORDS = needed_words(_NUMBER_OF.pattern)
_NP_NUMBER_WORDS = needed_words(_NP_NUMBER.pattern)
_NP_REACHED_WORDS = needed_words(_REACHED)  # rarer than the nouns it needs too
# "Among the signed projects, 18 come from …": the part of a whole the sentence opens with
_AMONG = (r"\s*(?:It\s+(?:is|was)\s+(?:understood|reported|learned|learnt)\s+that\s*,?\s*)?"
          r"(?:Among|Of)\s+(?:the|these|those|its|their)\s+(?P<np>[^,;.]{1,80}?)\s*,")
_AMONG_HEAD = re.compile(_AMONG + r"\s*$", re.IGNORECASE)
_AMONG_OPEN = re.compile(_AMONG, re.IGNORECASE)  # the sentence opens on the whole its items are parts of
# A sentence that opens on a part of the whole told before: "其中，…", "Of them, …"
_PART_OPENING = re.compile(r"\s*(?:其中|Among\s+them|Of\s+them|Of\s+these|Of\s+which)", re.IGNORECASE)
# What may follow a number that is part of a whole told before: a preposition, an auxiliary, a
# verb or punctuation, but not a noun of its own ("including 16 universities")
PART_FOLLOWS = re.compile(r"\s*(?:[,.;:)]|$|(?:of|with|in|from|at|among|have|has|had|were|are|was|is|will|come|came|"
                          r"belong(?:ed|s)?|now|already|also)\b|[a-z]+ed\b)", re.IGNORECASE)
_DIGIT = re.compile(r"\d")
# "营业收入超百亿元的园区：" over lines "洋浦经济开发区1234.5亿元": a heading that names what its list counts
_HEADING = re.compile(r"[：:]\s*\n")
_LIST_LINE_CHARS = 80


# Slots, not frozen: built by most rules for most numbers, and a frozen dataclass's __init__ costs
# about four times as much; no rule changes one it is given.
@dataclass(slots=True)
class Reading:
    """What the rules have made of the number so far."""

    metric: str | None
    noun: str  # the noun class it counts ("project", "enterprise"), "" for none or money
    final: bool = True
    running_from: int | None = None  # a running total's phrase starts here ("bringing … to 50")


NOTHING = Reading(None, "", final=False)


@dataclass
class MetricFacts:
    """The number, its sentence, the numbers kept before it in the sentence (with their
    metrics), and what the story counted before; derived facts are computed on first use."""

    text: str
    lang: str
    sentence: Sentence
    amount: Amount
    previous: list[tuple[Amount, str]]
    following: int  # where the next number starts (or the sentence ends)
    words_after: int  # where the words after the number start: past a conversion ("20 billion yuan ($2.8 billion) in revenue")
    before_sentence: Sentence | None
    chain: tuple[Amount, Amount] | None  # "signed 15, 12 and 9 projects": the first and last of the run
    last_count: str | None  # the metric of the last count read, for "其中…" / "Of them, …"
    last_money: str | None  # the metric of the last money figure read, for "Of the total, …"
    closing_count: tuple[str, int] | None  # the count that closed the last sentence with numbers, and its end
    respectively: bool  # the sentence says 分别 / respectively (`says_respectively`, read once per sentence)

    @lazy
    def prev_end(self) -> int:
        return self.previous[-1][0].end if self.previous else self.sentence.start

    @lazy
    def before(self) -> tuple[int, int]:
        return max(self.sentence.start, self.prev_end), self.amount.start

    @lazy
    def after(self) -> tuple[int, int]:
        return self.words_after, min(self.sentence.end, self.words_after + 25, self.following)

    @lazy
    def clause(self) -> tuple[int, int]:
        return clause_around(self.text, self.sentence, self.amount.start, self.amount.end, self.lang)

    @lazy
    def listed(self) -> bool:
        """An item of a list of amounts ("营收1120亿元、486亿元", or one in brackets after each name):
        it takes its head's cue."""
        return bool(self.previous) and (
            LIST_GAP[self.lang].match(self.text[self.prev_end:self.amount.start]) is not None
            or _BRACKETED_ITEM[self.lang].fullmatch(self.text, self.prev_end, self.amount.start) is not None)

    @lazy
    def counts_before(self) -> list[str]:
        return [m for a, m in self.previous if a.kind in ("bare", "count", "scaled") and m]

    @lazy
    def bringing(self) -> re.Match[str] | None:
        return search_holding(_BRINGING, _BRINGING_WORDS, self.text, self.sentence.start, self.amount.start)

    @lazy
    def whole(self) -> str | None:
        """The metric of the whole a bare English number is a part of ("including 96 …",
        "412 of which …", "Among the signed projects, 18 …"), or None when it is no part."""
        text, sentence, amount = self.text, self.sentence, self.amount
        if not PART_FOLLOWS.match(text, amount.end):
            return None  # "including 16 universities": the number counts a noun of its own
        counts = self.counts_before
        among = _AMONG_HEAD.match(text, sentence.start, amount.start)
        if among and not counts:
            if not metrics.names_counted_noun(among["np"]):
                return None  # "Among the visitors, 300 …"
            if metrics.en_verb_after(among["np"], 0, anywhere=True):
                return metrics.en_phrase_metric(among["np"])  # "Among the signed projects": the phrase says what
            return self.last_count or metrics.en_phrase_metric(among["np"])  # "Of the projects": those told before
        of_which = OF_WHICH_AFTER.match(text, amount.end)
        # "Among the signed projects, 12 are …, and 9 are …": every item of the sentence is a part
        opened = bool(counts) and _AMONG_OPEN.match(text, sentence.start, amount.start) is not None
        if not (of_which or among or opened or _SUBSET.search(text, self.clause[0], amount.start)):
            return None
        if counts:
            return counts[-1]
        # "… and nine of them are industrial projects": a part of the count told in the sentence before
        anaphoric = of_which or _PART_OPENING.match(text, sentence.start)
        if anaphoric and self.last_count and metrics.names_counted_noun(text[sentence.start:sentence.end]):
            return self.last_count
        # "… has introduced 26 projects … since 2021. Seven of them have been completed": "them" are
        # the things the sentence before counted last, when nothing else was counted since
        if of_which and self.closing_count and not text[self.closing_count[1]:sentence.start].strip() \
                and not _DIGIT.search(text, sentence.start, amount.start):
            return self.closing_count[0]
        return None

    @lazy
    def verb_of_part(self) -> str | None:
        """The verb class a part of a whole is told with ("of which 14 have been put into production")."""
        of_which = OF_WHICH_AFTER.match(self.text, self.amount.end)
        return metrics.en_verb_after(self.text, of_which.end() if of_which else self.amount.end) \
            or metrics.en_bare_count_verb(self.text, self.amount.start)  # "… have now landed 16"

    def heading(self) -> tuple[int, int] | None:
        """The heading line ("…的园区：") of the list whose line the sentence is, if it is one:
        every line from the heading down to it is short, as list lines are."""
        text = self.text
        line_start = text.rfind("\n", 0, self.sentence.start) + 1
        if text[line_start:self.sentence.start].strip():
            return None
        colon = None
        for colon in _HEADING.finditer(text, max(0, line_start - 6 * _LIST_LINE_CHARS), line_start):
            pass
        if colon is None or any(len(line) > _LIST_LINE_CHARS for line in text[colon.end():line_start].split("\n")):
            return None
        return text.rfind("\n", 0, colon.start()) + 1, colon.start()

    def part_opening(self) -> bool:
        """Whether the number is an item of a part told after "其中" / "including": in the
        clause that opens on it, or in a later clause that names its noun ("其中，路网项目67个；
        市政配套项目17个"); a clause that counts something else ("药谷工业园拥有药品批准文号2100余个")
        is not an item of it."""
        position = self.amount.start
        heads = list(_SUBSET.finditer(self.text, self.sentence.start, position))
        if not heads:
            return False
        gap = self.text[heads[-1].end():position]
        if CLAUSE_STOP[self.lang].search(gap.lstrip("，,: ：")) is None:
            return True
        clause = clause_around(self.text, self.sentence, position, position, self.lang)
        return metrics.names_counted_noun(self.text[clause[0]:position], self.lang)


Rule = Callable[[MetricFacts, Reading], Reading | None]


# ---- areas ------------------------------------------------------------------------------------

def area_cue(f: MetricFacts, now: Reading) -> Reading:
    return Reading(metrics.area_metric(f.text, f.before, f.after, f.lang), "")


# ---- money, and English numbers with a scale word ("4.7 thousand organizations") --------------

def scaled_count_verb_and_noun(f: MetricFacts, now: Reading) -> Reading | None:
    if f.amount.kind != "scaled":
        return None
    metric, noun = metrics.en_count(f.text, f.clause, f.amount.start, f.amount.end, f.sentence.end)
    return Reading(metric, noun) if metric or noun else None


#: "分别", "respectively": the amounts of a list go to the parks or cues of another list in order
RESPECTIVELY = re.compile(r"分别|respectively", re.IGNORECASE)
RESPECTIVELY_WORDS = needed_words(RESPECTIVELY.pattern)


def says_respectively(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] says 分别 / respectively (searched only when the words are there)."""
    return search_holding(RESPECTIVELY, RESPECTIVELY_WORDS, text, start, end) is not None


def money_cues_taken_respectively(f: MetricFacts, now: Reading) -> Reading | None:
    """"Revenue, tax revenue and output value reached A, B and C respectively", "营收、税收分别为A、B":
    the amounts after a run of coordinated cues take those cues in order, not the nearest one."""
    if not f.respectively:
        return None
    cues, cues_end = metrics.coordinated_money_cues(f.text, f.sentence.start, f.amount.start, f.lang)
    index = sum(1 for amount, _ in f.previous if amount.kind in ("money", "scaled") and amount.start > cues_end)
    if len(cues) < 2 or index >= len(cues):
        return None
    return Reading(cues[index], "")


def money_cue_nearest(f: MetricFacts, now: Reading) -> Reading:
    """The last money cue before the number, else the first after it (a list item looks only back)."""
    found, metric = metrics.money_metric(f.text, f.before, (0, 0) if f.listed else f.after, f.lang)
    return Reading(metric, "", final=found)


def money_list_item_takes_head_cue(f: MetricFacts, now: Reading) -> Reading | None:
    """"营收1120亿元、486亿元，税收…": a list item takes its head's cue, not the next one's."""
    if not f.listed:
        return None
    head, metric = f.previous[-1]
    return Reading(metric if head.kind in ("money", "scaled") else None, "")


def money_list_line_takes_heading_cue(f: MetricFacts, now: Reading) -> Reading | None:
    """A line of a list under a heading that names what it counts ("营业收入超百亿元的园区：")."""
    if f.previous or (heading := f.heading()) is None:
        return None
    return Reading(metrics.money_metric(f.text, heading, (0, 0), f.lang)[1], "")


def money_pronoun_takes_cue_of_sentence_before(f: MetricFacts, now: Reading) -> Reading | None:
    """"Tax revenue is key for the zone. They reached 3 billion yuan last year"."""
    if f.previous or not f.before_sentence or not _PRONOUN.match(f.text, f.sentence.start):
        return None
    span = (f.before_sentence.start, f.before_sentence.end)
    return Reading(metrics.money_metric(f.text, span, (0, 0), f.lang)[1], "")


# what may stand between a verb or a name and the amount it governs: a bound, a currency sign
_AMOUNT_LEAD = r"(?:about\s+|around\s+|nearly\s+|over\s+|more\s+than\s+)?(?:US\$|\$|RMB\s?)?"
_SHARE_VERB = re.compile(r"\b(?:contributed|accounted\s+for|made\s+up)\s+" + _AMOUNT_LEAD + "$", re.IGNORECASE)
# "Of the total, Jiangdong attracted 3.2 billion yuan, while …": every amount of the sentence is a share
_SHARE_OPENING = re.compile(r"\s*(?:Of\s+(?:the|this|that)\s+(?:total|amount|sum|figure)|Of\s+(?:this|that|which)),",
                            re.IGNORECASE)
_TO_THE_TOTAL = re.compile(r"\s+(?:to|of)\s+(?:the|this|that)\s+(?:total|figure|sum)\b", re.IGNORECASE)
# ", and Haikou Jiangdong New Area 80 billion yuan": the next share, its verb left out
_GAPPED_SHARE = re.compile(r",?\s+(?:and|while|whereas)\s+(?:the\s+)?(?:[A-Z][\w'&-]*\s+){1,8}" + _AMOUNT_LEAD)


# ", and this year it aims for 120 billion yuan": a clause going on with the subject, its cue left out
_SAME_SUBJECT_CLAUSE = re.compile(r"(?:\s+[\w-]+){0,4}?\s*[,;]\s*(?:and|while|but)\s+(?:[\w-]+\s+){0,4}?(?:it|they)\s+"
                                  r"(?:[\w-]+\s+){1,4}?" + _AMOUNT_LEAD, re.IGNORECASE)


def money_pronoun_clause_takes_cue_before(f: MetricFacts, now: Reading) -> Reading | None:
    """"Its revenue reached 100 billion yuan last year, and this year it aims for 120 billion yuan":
    the clause goes on with the same subject and the same money, its cue left out."""
    if f.lang != "en" or not f.previous:
        return None
    head, metric = f.previous[-1]
    if head.kind not in ("money", "scaled") or metric is None:
        return None
    return Reading(metric, "") if _SAME_SUBJECT_CLAUSE.fullmatch(f.text, head.end, f.amount.start) else None


def money_share_takes_cue_of_sentence_before(f: MetricFacts, now: Reading) -> Reading | None:
    """"The key parks' revenue reached 1.2 trillion yuan. Yangpu contributed 300 billion yuan, and
    Jiangdong 80 billion yuan": shares of the whole told in the sentence before, the second one's
    verb left out.  "Of the total, Jiangdong attracted …", "… contributed X to the total": shares
    of the money figure read last, whatever the sentences between named."""
    if f.lang != "en" or not f.before_sentence:
        return None
    if _SHARE_OPENING.match(f.text, f.sentence.start):
        return Reading(f.last_money, "")
    if f.previous:
        head, metric = f.previous[-1]
        shared = head.kind in ("money", "scaled") and metric is not None \
            and _GAPPED_SHARE.fullmatch(f.text, head.end, f.amount.start) is not None
        return Reading(metric, "") if shared else None
    if not _SHARE_VERB.search(f.text, max(f.sentence.start, f.amount.start - 40), f.amount.start):
        return None
    span = (f.before_sentence.start, f.before_sentence.end)
    metric = metrics.money_metric(f.text, span, (0, 0), f.lang)[1]
    if metric is None and _TO_THE_TOTAL.match(f.text, f.amount.end):
        metric = f.last_money
    return Reading(metric, "")


# ---- Chinese counts (a classifier: 个, 家, 户, 项) ---------------------------------------------

def zh_count_verb_and_noun(f: MetricFacts, now: Reading) -> Reading:
    metric, noun = metrics.zh_count(f.text, f.clause, f.amount.start, f.amount.end, f.text[f.amount.end - 1])
    return Reading(metric, noun, final=noun == metrics.DESIGNATED)


def zh_count_totalling_verb_in_clause_before(f: MetricFacts, now: Reading) -> Reading | None:
    """"第三批项目集中开工，共22个项目": the verb is in the clause before."""
    if now.metric is not None or not now.noun or not _TOTALLING.match(f.text, f.clause[0]):
        return None
    wider = (clause_around(f.text, f.sentence, f.clause[0] - 1, f.clause[0] - 1, f.lang)[0], f.clause[1])
    metric, noun = metrics.zh_count(f.text, wider, f.amount.start, f.amount.end, f.text[f.amount.end - 1])
    return Reading(metric, noun, final=False)


# ---- English counts ---------------------------------------------------------------------------

def bringing_the_number_of_x_to(f: MetricFacts, now: Reading) -> Reading | None:
    """"bringing the number of landed enterprises to 50": a running total of what the phrase names."""
    if not f.bringing or not f.bringing["np"]:
        return None
    return Reading(metrics.en_phrase_metric(f.bringing["np"]), "enterprise", running_from=f.bringing.start())


def bringing_the_total_to(f: MetricFacts, now: Reading) -> Reading | None:
    """"added 1,240 …, bringing the total to 16,500": the running total of the count before."""
    if not f.bringing:
        return None
    counts = [m for a, m in f.previous if a.kind in ("bare", "scaled") and m]
    return Reading(counts[-1] if counts else None, "enterprise", running_from=f.bringing.start())


def the_number_of_x_reached(f: MetricFacts, now: Reading) -> Reading | None:
    """"Its number of registered enterprises has exceeded 16,000", "its enterprises now number 3,400",
    "newly registered market entities exceeded 5,000", "signed projects totalled 46"; the number of
    anything else (tourists, patients, students) is no figure, whatever count the sentence told before."""
    text, sentence, amount = f.text, f.sentence, f.amount
    if _PERCENT_AFTER.match(text, amount.end):
        return None
    number_of = search_holding(_NUMBER_OF, _NUMBER_OF_WORDS, text, sentence.start, amount.start)
    if number_of:
        if not metrics.names_counted_noun(number_of["np"]):
            return Reading(None, "")  # "the number of medical tourists reached 280,000": the count of something else
        return Reading(metrics.en_phrase_metric(number_of["np"]), "enterprise")
    window = max(sentence.start, amount.start - 120)
    if number := search_holding(_NP_NUMBER, _NP_NUMBER_WORDS, text, window, amount.start):  # its phrase ends on a counted noun
        return Reading(metrics.en_phrase_metric(number["np"]), "enterprise")
    reached = search_holding(_NP_REACHED, _NP_REACHED_WORDS, text, window, amount.start)
    if reached and metrics.names_counted_noun(reached["np"]) \
            and (metric := metrics.en_phrase_metric(reached["np"], strict=True)):
        return Reading(metric, "enterprise")
    return None


def en_count_verb_and_noun(f: MetricFacts, now: Reading) -> Reading:
    metric, noun = metrics.en_count(f.text, f.clause, f.amount.start, f.amount.end, f.sentence.end)
    return Reading(metric, noun, final=noun == metrics.DESIGNATED)


def en_coordinated_numbers_share_verb(f: MetricFacts, now: Reading) -> Reading | None:
    """"signed 15, 12 and 9 projects": the verb before the list counts every item of it."""
    if now.metric is not None or f.chain is None:
        return None
    first, last = f.chain
    wide = (clause_around(f.text, f.sentence, first.start, first.end, f.lang)[0],
            clause_around(f.text, f.sentence, last.start, last.end, f.lang)[1])
    metric, noun = metrics.en_count(f.text, wide, last.start, last.end, f.sentence.end)
    return Reading(metric, noun, final=False)


def en_numbers_take_verbs_respectively(f: MetricFacts, now: Reading) -> Reading | None:
    """"signed and started 30 and 12 projects respectively": each number of the list takes the
    coordinated verb in its place, not the last verb for all."""
    if f.chain is None or not now.noun or not f.respectively:
        return None
    first, _ = f.chain
    verbs = metrics.coordinated_verbs_before(f.text, first.start)
    index = sum(1 for amount, _ in f.previous if first.start <= amount.start < f.amount.start)
    if len(verbs) < 2 or index >= len(verbs):
        return None
    return Reading(metrics.count_metric(now.noun, verbs[index]), now.noun, final=False)


def part_of_whole_blocked_verb(f: MetricFacts, now: Reading) -> Reading | None:
    """"Of the 60 enterprises, 20 were visited": a part told with a verb that counts nothing."""
    if now.metric is not None or now.noun or not f.whole or f.verb_of_part != "blocked":
        return None
    return Reading(None, "")


def part_of_whole_told_before(f: MetricFacts, now: Reading) -> Reading | None:
    """"118 of which were foreign-funded", "of which 14 have been put into production"."""
    if now.metric is not None or now.noun or not f.whole:
        return None
    kind = f.verb_of_part
    return Reading(metrics.count_metric_for_verb(f.whole, kind) if kind else f.whole, "project")


def of_them_takes_count_before(f: MetricFacts, now: Reading) -> Reading | None:
    """"… 120 enterprises, 30 of them in Yangpu": the count told before in the sentence."""
    if now.noun or not f.counts_before or not _OF_THEM.match(f.text, f.amount.end):
        return None
    return Reading(f.counts_before[-1], "enterprise")


def bare_number_takes_noun_before(f: MetricFacts, now: Reading) -> Reading | None:
    """"signed 20 projects and landed 12": a bare number after a count verb counts the noun before,
    unless it has a noun of its own ("… and attracted 5,000 students")."""
    if now.noun or not f.counts_before:
        return None
    verb = metrics.en_bare_count_verb(f.text, f.amount.start)
    if not verb or verb == "blocked" or not PART_FOLLOWS.match(f.text, f.amount.end):
        return None
    return Reading(metrics.count_metric_for_verb(f.counts_before[-1], verb), "")


# ---- both languages' counts -------------------------------------------------------------------

def item_of_part_opening_takes_count_before(f: MetricFacts, now: Reading) -> Reading | None:
    """"其中，世界500强企业投资项目6个": an item of a part counts what the whole counted."""
    if now.metric is not None or now.noun == "" or not f.part_opening():
        return None
    counts = [m for a, m in f.previous if a.kind in ("bare", "count") and m]
    if not f.previous and f.last_count and _PART_OPENING.match(f.text, f.sentence.start):
        counts = [f.last_count]  # "…现场签约项目37个。其中，世界500强企业投资项目6个。"
    if not counts or metrics.has_own_verb(f.text, f.clause, f.amount.start, f.lang):
        return None
    return Reading(counts[-1], now.noun)


def _named(*rules: Rule) -> tuple[tuple[str, Rule], ...]:
    return tuple((rule.__name__.replace("_", "-").replace("-x-", "-X-"), rule) for rule in rules)


#: The rules for each kind of amount (numbers.Amount.kind), in order.
TABLES: dict[str, tuple[tuple[str, Rule], ...]] = {
    "area": _named(area_cue),
    "money": _named(money_cues_taken_respectively, money_cue_nearest, money_list_item_takes_head_cue, money_list_line_takes_heading_cue,
                    money_pronoun_takes_cue_of_sentence_before, money_pronoun_clause_takes_cue_before,
                    money_share_takes_cue_of_sentence_before),
    "count": _named(zh_count_verb_and_noun, zh_count_totalling_verb_in_clause_before,
                    item_of_part_opening_takes_count_before),
    "bare": _named(bringing_the_number_of_x_to, bringing_the_total_to, the_number_of_x_reached, en_count_verb_and_noun,
                   en_coordinated_numbers_share_verb, en_numbers_take_verbs_respectively, part_of_whole_blocked_verb,
                   part_of_whole_told_before, of_them_takes_count_before, bare_number_takes_noun_before,
                   item_of_part_opening_takes_count_before),
}
TABLES["scaled"] = _named(scaled_count_verb_and_noun) + TABLES["money"]


def decide(facts: MetricFacts) -> tuple[Reading, str]:
    """The reading the table of the amount's kind ends on, and the rule that made it."""
    now, name = NOTHING, "no-cue"
    for rule_name, rule in TABLES[facts.amount.kind]:
        if (reading := rule(facts, now)) is not None:
            now, name = reading, rule_name
            if reading.final:
                break
    return now, name
