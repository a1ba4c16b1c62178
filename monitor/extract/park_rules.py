"""Whose figure a number is: ordered, named rules over the park mentions of its text.

parks.py annotates the text: every park name, anaphor ("the zone", 园区), unknown park and
place, each with its role (a source, a venue, a yardstick, or the subject it may be).  These
rules bind a number to the parks it belongs to, and say how sure that is (NAMED, ANAPHOR,
CARRIED; only the first two are alerted).  The first rule that applies decides; a decision of
nobody (a place's figure, a joint figure of several parks) is a decision too.  Each rule is a
small function of `ParkFacts`, named so `extract --explain` can say which one bound a figure.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from dataclasses import dataclass
from monitor.extract.document import needed_words, search_holding
from monitor.extract.lazy import lazy
from monitor.extract.metrics import EN_ASIDE

from monitor.extract.parks import ANAPHOR, CARRIED, NAMED, PLACE, Owner, Ref, opens_sentence, places_a_company, run_of

_JOINT = re.compile(r"合计|共计|总计|\ba\s+total\b|\bcombined\b|\btogether\b", re.IGNORECASE)
_AGENT = re.compile(r"\bby\s+$", re.IGNORECASE)  # "were signed by the aerospace city"
_LOCATED_IN = re.compile(r"\b(?:in|at|inside|within)\s+(?:the\s+)?$|[在于]$", re.IGNORECASE)
_CLAUSE_BREAK = re.compile(r"[,;，；。]")
_SENTENCE_END = re.compile(r"[。！？!?；;]|\.(?:\s|$)")

#: A rule's decision: (park or None, binding) for each park the number belongs to.
Bound = list[tuple[str | None, str]]


def _binding(ref: Ref) -> str:
    return ANAPHOR if ref.anaphor else NAMED


def _located_in(text: str, ref: Ref) -> bool:
    return _LOCATED_IN.search(text, max(0, ref.start - 12), ref.start) is not None


class Mentions:
    """The mentions of a text that may own its figures, left to right as find_refs gives them
    (venues left out: a ceremony's host owns nothing signed there), and where each starts: made
    once per text, so a number's rules find the mentions of its sentence by a bisection of the
    starts, not by a pass over every mention of the text."""

    def __init__(self, refs: list[Ref]):
        self.refs = [ref for ref in refs if not ref.venue]
        self.starts = [ref.start for ref in self.refs]


@dataclass
class ParkFacts:
    """A number's position in its sentence, the end of its noun phrase, and the mentions of the
    text that may own it (`Mentions`: in text order, none overlapping another)."""

    text: str
    refs: list[Ref]
    starts: list[int]  # where each of `refs` starts
    sentence: tuple[int, int]
    position: int
    np_end: int
    area: bool  # an area: "covers 16 sq km in X" places the land, not the figure
    company_money: bool  # English revenue, tax or trade: a company's own when the park only places the company
    zero_subject: bool  # the sentence goes on with the subject of the one before (中文 zero subject, "it")

    @lazy
    def parks_before(self) -> list[int]:
        """Indexes of the parks before the number in its sentence."""
        return [i for i in self.mentions_before if self.refs[i].park != PLACE]

    @lazy
    def mentions_before(self) -> list[int]:
        """Indexes of the mentions in the sentence before the number (each ends before it, so starts before it too)."""
        first = bisect_left(self.starts, self.sentence[0])
        return [i for i in range(first, bisect_left(self.starts, self.position, first)) if self.refs[i].end <= self.position]

    @lazy
    def subject(self) -> int:
        """The park before the number that is its subject: the last one not demoted to a source,
        organiser or yardstick, else the last one."""
        return ([i for i in self.parks_before if not self.refs[i].demoted] or self.parks_before)[-1]

    @lazy
    def run(self) -> list[Ref]:
        return run_of(self.text, self.refs, self.subject)

    @lazy
    def mentions_after(self) -> list[Ref]:
        """The mentions in the sentence after the number (each starts before the sentence's end, as it ends there at most)."""
        first = bisect_left(self.starts, self.position)
        return [ref for ref in self.refs[first:bisect_left(self.starts, self.sentence[1], first)] if ref.end <= self.sentence[1]]

    @lazy
    def earlier(self) -> int | None:
        """The park the sentences before were about: the last one not demoted, else the last
        (read back from the sentence's start: the mentions that end before it start before it)."""
        last = None
        for i in range(bisect_left(self.starts, self.sentence[0]) - 1, -1, -1):
            ref = self.refs[i]
            if ref.end > self.sentence[0] or ref.park == PLACE:
                continue
            if not ref.demoted:
                return i
            if last is None:
                last = i
        return last


Rule = Callable[[ParkFacts], Bound | None]


def park_in_noun_phrase(f: ParkFacts) -> Bound | None:
    """"22个签约高新区项目": a park inside the number's own noun phrase."""
    for ref in f.refs[bisect_right(f.starts, f.position):bisect_left(f.starts, f.np_end)]:
        if ref.end <= f.np_end and ref.park != PLACE:
            return [(ref.park, _binding(ref))]
    return None


def scope_is_a_place(f: ParkFacts) -> Bound | None:
    """A place (province, city, the Free Trade Port) as the only scope before the number."""
    return [(None, NAMED)] if f.mentions_before and not f.parks_before else None


def place_opens_the_sentence(f: ParkFacts) -> Bound | None:
    """"Danzhou, Yangpu's neighbour, recorded …", "According to Yangpu, Hainan's trade …": a place is
    the subject and the parks before the number only name a source or a relation (not where the
    subject acts: "Hainan is building a cluster at Wenchang aerospace city, to earn …")."""
    before = [f.refs[i] for i in f.mentions_before]
    if any(ref.park == PLACE and opens_sentence(f.text, ref) for ref in before) \
            and all(ref.demoted and not _located_in(f.text, ref) for ref in before if ref.park != PLACE):
        return [(None, NAMED)]
    return None


# "Yangpu is one of the 13 key parks, which together generated …": the relative clause tells the group's figure
_GROUP_CLAUSE = re.compile(r"\bone\s+of\s+[^,;.]{0,40}?\b(?:parks|zones|areas)\b,?\s+(?:which|that|whose)\b", re.IGNORECASE)
_GROUP_CLAUSE_WORDS = needed_words(_GROUP_CLAUSE.pattern)  # its leading \b and the flag: tried at every position


def figure_of_the_group_the_park_is_one_of(f: ParkFacts) -> Bound | None:
    if f.parks_before and search_holding(_GROUP_CLAUSE, _GROUP_CLAUSE_WORDS, f.text, f.refs[f.subject].end, f.position):
        return [(None, NAMED)]
    return None


def money_of_a_company_in_the_park(f: ParkFacts) -> Bound | None:
    """"Hainan Airlines, based in the bonded zone, reported revenue of …", "Yangpu's largest firm
    paid taxes of …": the company's money, nobody's figure."""
    if f.company_money and f.parks_before and places_a_company(f.text, f.refs[f.subject]):
        return [(None, NAMED)]
    return None


def park_of_own_clause(f: ParkFacts) -> Bound | None:
    """"We will push the high-tech zone to …, and strive for 30 projects to be started in Jiangdong
    New Area": a park the number's own clause places it in beats a subject of an earlier clause."""
    if not f.parks_before or f.area or not _CLAUSE_BREAK.search(f.text, f.refs[f.subject].end, f.position):
        return None
    for ref in f.refs[bisect_left(f.starts, f.position):bisect_left(f.starts, f.sentence[1])]:
        if ref.end > f.sentence[1] or ref.park == PLACE or ref.anaphor:
            continue
        if _CLAUSE_BREAK.search(f.text, f.position, ref.start) or not _located_in(f.text, ref):
            return None
        return [(ref.park, NAMED)]
    return None


# "Laocheng Pak and Yangpu Zone together collected …": a name the gazetteer does not know (here
# misspelt) coordinated with the park.  The capital first, the character before it checked after it:
# a pattern opening with a look-behind is tried at every position of the text.
_UNKNOWN_CONJUNCT = re.compile(r"[A-Z](?<![\w'-][A-Z])[\w'-]*(?:\s+[A-Z][\w'-]*){0,5}\s+(?:and|&)\s+(?:the\s+)?$")
_UNKNOWN_CONJUNCT_WORDS = needed_words(_UNKNOWN_CONJUNCT.pattern)  # "and", "&": tried at every capital otherwise


def joint_figure_of_parks(f: ParkFacts) -> Bound | None:
    """"A and B paid taxes of 4.6 billion yuan combined", "A、B合计…": no single park's figure."""
    if not f.parks_before:
        return None
    if len(f.run) < 2 and not search_holding(_UNKNOWN_CONJUNCT, _UNKNOWN_CONJUNCT_WORDS, f.text, f.sentence[0],
                                             f.run[0].start):
        return None
    clause_break = _CLAUSE_BREAK.search(f.text, f.position, f.sentence[1])
    return [(None, NAMED)] if _JOINT.search(f.text, f.run[-1].end, clause_break.start() if clause_break else f.sentence[1]) else None


def coordinated_parks(f: ParkFacts) -> Bound | None:
    """"洋浦、江东等2个园区营收超1000亿元": each park of the run gets the figure."""
    if not f.parks_before or len(f.run) < 2:
        return None
    return [(park, NAMED) for park in dict.fromkeys(ref.park for ref in f.run)]


def park_before(f: ParkFacts) -> Bound | None:
    """The park the sentence names before the number, as its subject."""
    if not f.parks_before or f.refs[f.subject].demoted:
        return None
    return [(f.refs[f.subject].park, _binding(f.refs[f.subject]))]


def demoted_park_before(f: ParkFacts) -> Bound | None:
    """Only a source or organiser is named before the number ("…, the high-tech zone said"): still
    the sentence's park."""
    if not f.parks_before:
        return None
    return [(f.refs[f.subject].park, _binding(f.refs[f.subject]))]


def located_in_a_place(f: ParkFacts) -> Bound | None:
    """"40 companies … have set up offices in Haikou": a place right after the number."""
    located = [ref for ref in f.mentions_after if not ref.anaphor]
    if located and located[0].park == PLACE and _located_in(f.text, located[0]) \
            and not _CLAUSE_BREAK.search(f.text, f.position, located[0].start):
        return [(None, NAMED)]
    return None


def park_after(f: ParkFacts) -> Bound | None:
    """"settled in Yangpu", "registered in the zone", "signed by the aerospace city": the number's
    place or agent after it (not where an area lies: "covers 16 sq km in X")."""
    text = f.text
    aside = EN_ASIDE.match(text, f.np_end)  # "27 projects, with a combined investment of …, have settled in the park"
    verb_from = aside.end() if aside else f.np_end
    after = [ref for ref in f.mentions_after if ref.park != PLACE
             and (_AGENT.search(text, max(0, ref.start - 6), ref.start)
                  or (not ref.anaphor and not _SENTENCE_END.search(text, verb_from, ref.start))
                  or (_located_in(text, ref) and ref.start >= verb_from and not _CLAUSE_BREAK.search(text, verb_from, ref.start)))
             and not (f.area and _located_in(text, ref))]
    return [(after[0].park, _binding(after[0]))] if after else None


def scope_is_a_place_after(f: ParkFacts) -> Bound | None:
    """"129 projects started across the province": a place in the number's own clause."""
    if any(ref.park == PLACE and not _CLAUSE_BREAK.search(f.text, f.np_end, ref.start) for ref in f.mentions_after):
        return [(None, NAMED)]
    return None


def story_moved_to_a_place(f: ParkFacts) -> Bound | None:
    """"… Yangpu's port handled 2.1 million TEUs. Since 2020, Hainan has attracted …": the story
    went on to the province, and a number after that is no longer the park's."""
    if f.earlier is None:
        return None
    if any(ref.park == PLACE and not ref.demoted and opens_sentence(f.text, ref)
           for ref in f.refs[f.earlier + 1:] if ref.end <= f.sentence[0]):
        return [(None, CARRIED)]
    return None


def no_single_park_after_a_run(f: ParkFacts) -> Bound | None:
    """A run of parks told before ("洋浦、江东…"): a later number is none of them alone."""
    if f.earlier is not None and len(run_of(f.text, f.refs, f.earlier)) > 1 and not f.refs[f.earlier].anaphor:
        return [(None, CARRIED)]
    return None


def subject_of_sentence_before(f: ParkFacts) -> Bound | None:
    """"洋浦…位居重点园区首位。上半年新增市场主体1287户", "… it completed": the sentence goes on with the
    subject (not a source, venue or yardstick) of the sentence right before, in the same paragraph."""
    if f.earlier is None or not f.zero_subject:
        return None
    ref = f.refs[f.earlier]
    gap = f.text[ref.end:f.sentence[0]].rstrip()
    if ref.demoted or "\n" in gap or _SENTENCE_END.search(gap[:-1]):
        return None
    return [(ref.park, ANAPHOR)]


# "Sinopec, which owns the project, reported revenue of …", "Pfizer said its sales …": a sentence
# opening on a name that is no park, with an apposition or a verb of saying after it
_COMPANY_SUBJECT_EN = re.compile(r"\s*(?:[A-Z][\w&'.-]*\s+){0,3}[A-Z][\w&'.-]*(?:,\s+(?:which|a|an|the|whose|one)\b|"
                                 r"\s+(?:said|says|reported|posted|announced)\b)")


def money_of_a_company_told_before(f: ParkFacts) -> Bound | None:
    """A company's revenue, tax or trade in a sentence that names no park and opens on the
    company: the park the story was about does not own it."""
    if f.company_money and not f.mentions_before and _COMPANY_SUBJECT_EN.match(f.text, f.sentence[0]):
        return [(None, CARRIED)]
    return None


def park_of_earlier_sentences(f: ParkFacts) -> Bound | None:
    """The park the story was about: kept, but only a possible figure, never alerted."""
    return [(f.refs[f.earlier].park, CARRIED)] if f.earlier is not None else None


def no_park(f: ParkFacts) -> Bound:
    return [(None, CARRIED)]


#: The rules, in order; the names are what `extract --explain` prints.
RULES: tuple[tuple[str, Rule], ...] = (
    ("park-in-noun-phrase", park_in_noun_phrase),
    ("scope-is-a-place", scope_is_a_place),
    ("place-opens-the-sentence", place_opens_the_sentence),
    ("figure-of-the-group-the-park-is-one-of", figure_of_the_group_the_park_is_one_of),
    ("money-of-a-company-in-the-park", money_of_a_company_in_the_park),
    ("park-of-own-clause", park_of_own_clause),
    ("joint-figure-of-parks", joint_figure_of_parks),
    ("coordinated-parks", coordinated_parks),
    ("park-before", park_before),
    ("demoted-park-before", demoted_park_before),
    ("located-in-a-place", located_in_a_place),
    ("park-after", park_after),
    ("scope-is-a-place", scope_is_a_place_after),
    ("story-moved-to-a-place", story_moved_to_a_place),
    ("no-single-park-after-a-run", no_single_park_after_a_run),
    ("subject-of-sentence-before", subject_of_sentence_before),
    ("money-of-a-company-told-before", money_of_a_company_told_before),
    ("park-of-earlier-sentences", park_of_earlier_sentences),
    ("no-park", no_park),
)


def attribute(text: str, mentions: Mentions, sentence: tuple[int, int], position: int, np_end: int,
              area: bool = False, zero_subject: bool = False, company_money: bool = False) -> list[Owner]:
    """The parks the number at `position` belongs to, each with how it was bound and the rule."""
    facts = ParkFacts(text, mentions.refs, mentions.starts, sentence, position, np_end, area, company_money, zero_subject)
    for name, rule in RULES:
        if (bound := rule(facts)) is not None:
            return [Owner(park, binding, name) for park, binding in bound]
    raise AssertionError("no_park always decides")
