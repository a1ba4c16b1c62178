"""Target or actual, and the bound (exact, approx, at_least, at_most) of a figure.

A target cue ("计划", "will", "expected") makes every figure after it in the same sentence a
target: news states a plan and then its numbers ("plans to bring in 25 new firms, and 35 landed
projects in all").  Bounds are the words hugging the number.
"""

from __future__ import annotations

import re

from monitor.extract.document import lowered_text
from monitor.extract.word_initial import cues_written_once, word_initial, word_matches

# Every branch opens on a character of its own ("将(?<!即将)", not "(?<!即)将"; "is scheduled to|are
# scheduled to", not "(?:is|are) scheduled to"): the regex engine skips ahead to those characters
# instead of trying every position.
_TARGET = {
    "zh": re.compile(r"计划|预计|力争|目标|达产后|将(?<!即将)(?!近)|拟|估算|预期|有望|争取|确保|规划建设(?!用地)|到20\d\d年"),
    "en": re.compile(
        r"\b(?:plan(?:s|ned)?\s+to|goals?\s+(?:to|of)|ambitions?\s+to|planned\s+(?:total\s+)?investment|will|expected|"
        r"expects?|estimated|aims?(?:\s+to|\s+for)?|target(?:s|ed)?|should|is\s+set\s+to|is\s+scheduled\s+to|"
        r"are\s+scheduled\s+to|strives?|forecast|projected|intends?\s+to|is\s+to|are\s+to)\b",
        re.IGNORECASE,
    ),
}

_BEFORE = {
    "zh": [
        ("approx", re.compile(r"(?:(?<![签协合预公条契节制])约|近|大约|将近|接近|约为|近乎)\s*$")),
        ("at_least", re.compile(r"(?:超|超过|逾|突破|高达|达到?逾|超出)\s*$")),
        ("at_most", re.compile(r"(?:不到|不足|低于|少于)\s*$")),
    ],
    "en": [
        ("approx", re.compile(r"\b(?:about|around|approximately|nearly|almost|roughly|some|close\s+to|an\s+estimated)\s*$", re.IGNORECASE)),
        ("at_least", re.compile(r"\b(?:(?:no|not)\s+(?:less|fewer)\s+than|more\s+than|over|exceed(?:s|ed|ing)?|above|at\s+least|upwards\s+of|surpass(?:ed|es|ing)?|in\s+excess\s+of|topped)\s*$", re.IGNORECASE)),
        ("at_most", re.compile(r"\b(?:less\s+than|fewer\s+than|under|below|up\s+to|at\s+most)\s*$", re.IGNORECASE)),
    ],
}
_AFTER = {
    "zh": [("at_least", re.compile(r"^\s*(?:以上|多)")), ("approx", re.compile(r"^\s*(?:左右|上下)")),
           ("at_most", re.compile(r"^\s*(?:以下|以内)"))],
    "en": [("at_least", re.compile(r"^\s*(?:or\s+more|and\s+above|-?plus)\b", re.IGNORECASE))],
}


# ", and", "; ": what opens a clause of its own in an English sentence
_NEW_CLAUSE_EN = r"(?:,\s*(?:and|while|but|whereas)|;)\s+"
# "… is estimated at 86 billion yuan, and its tax revenue reached 7.4 billion yuan": a new clause
# with a verb of the past reports a result; the plan's cue does not reach across it
_RESULT_CLAUSE = {
    "zh": None,
    "en": re.compile(_NEW_CLAUSE_EN + r"(?:[\w'-]+\s+){0,6}?"
                     r"(?:reached|hit|stood|rose|grew|climbed|jumped|totall?ed|amounted|came|was|were|recorded|achieved|"
                     r"generated|posted|registered)\b", re.IGNORECASE),
}
# A count opening a clause of its own, with a verb in the past after its noun phrase, reports a result
_NEW_CLAUSE_BEFORE_EN = re.compile(_NEW_CLAUSE_EN + r"(?:another\s+|a\s+further\s+|some\s+|over\s+|more\s+than\s+|nearly\s+|"
                                   r"about\s+)?$", re.IGNORECASE)
_PAST_AFTER_EN = re.compile(r"(?:\s+[\w-]+){0,4}?\s+(?:were|was|(?:have|has|had)\s+been|"
                            r"(?!(?:expect|plann|schedul|project|target|estimat|intend)ed\b)[a-z]+ed)\b", re.IGNORECASE)

# The English cues, for the lower-cased sentence (word_initial.word_initial): with the flag and the
# leading \b the regex engine tries them at every position of it.
_TARGET_WORD_INITIAL = {lang: cues_written_once(word_initial(regex)) for lang, regex in _TARGET.items()}

# "14 more clinics will open": in English the plan's verb may follow the number's noun phrase
# ("projects that will create jobs": a relative clause tells what the counted things do, not a plan;
# "has attracted 1,000 firms and is set to become a hub": a second predicate of the subject)
_TARGET_AFTER_EN = re.compile(r"(?:\s+(?!that\b|which\b|who\b|to\b|and\b|but\b|while\b|or\b)[\w-]+){1,4}?\s+"
                              r"(?:will|(?:are|is)\s+(?:expected|set|scheduled|planned|due)\s+to)\b", re.IGNORECASE)


def qualifier(text: str, sentence_start: int, amount_start: int, lang: str, amount_end: int | None = None) -> str:
    """`target` when a target cue comes before the number in its sentence (or, in English, a
    "will" right after its noun phrase), else `actual`; a later clause that reports a result in
    the past (see _RESULT_CLAUSE) is `actual`."""
    cue_end = _last_target_cue_end(text, sentence_start, amount_start, lang)
    if cue_end is None:
        after = lang == "en" and amount_end is not None and _TARGET_AFTER_EN.match(text, amount_end)
        return "target" if after else "actual"
    result = _RESULT_CLAUSE[lang]
    if result is not None and result.search(text, cue_end, amount_start):
        return "actual"
    if lang == "en" and amount_end is not None and _NEW_CLAUSE_BEFORE_EN.search(text, cue_end, amount_start) \
            and _PAST_AFTER_EN.match(text, amount_end):
        return "actual"  # "… a planned investment of 9 billion yuan, and 16 projects were put into operation"
    return "target"


# "完成年度计划的85%", "超额完成全年目标": the plan as what was done, a noun and no plan stated
_PLAN_DONE_ZH = re.compile(r"完成[^，,。；;\d]{0,6}$")


def _last_target_cue_end(text: str, start: int, end: int, lang: str) -> int | None:
    """Where the last target cue of text[start:end] ends (None: there is none)."""
    fast = _TARGET_WORD_INITIAL[lang]
    last = None
    for cue in word_matches(fast, lowered_text(text), start, end) if fast else _TARGET[lang].finditer(text, start, end):
        if lang == "zh" and cue.group() in ("计划", "目标") \
                and _PLAN_DONE_ZH.search(text, max(start, cue.start() - 8), cue.start()):
            continue
        last = cue
    return last.end() if last else None


def bound(text: str, start: int, end: int, lang: str, more: bool) -> str:
    """The bound written around the number; `more` is a 余/多 already read with it."""
    if more:
        return "at_least"
    before = text[max(0, start - 16):start]
    for name, regex in _BEFORE[lang]:
        if regex.search(before):
            return name
    after = text[end:end + 6]
    for name, regex in _AFTER[lang]:
        if regex.search(after):
            return name
    return "exact"
