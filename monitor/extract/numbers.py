"""Numbers with their units, in both languages, normalised to METRICS.md units.

An `Amount` is only a number and what is written right around it (currency, scale, unit,
classifier).  Whether it is a figure, and of what, is decided by the cues around it
(metrics.py); keeping the two apart is what lets one number rule serve every metric.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from monitor.extract.document import holds_any, lower_keeping_offsets, needed_words, search_holding

_ZH_SCALE = {"万亿": 1e12, "亿": 1e8, "千万": 1e7, "百万": 1e6, "万": 1e4}
_EN_SCALE = {"thousand": 1e3, "million": 1e6, "mln": 1e6, "billion": 1e9, "bln": 1e9, "bn": 1e9, "trillion": 1e12}
_AREA = {"平方公里": 1.0, "平方千米": 1.0, "公顷": 0.01, "亩": 1 / 1500, "km2": 1.0, "hectare": 0.01, "mu": 1 / 1500}
_WORDS = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "dozen": 12,
}
_TENS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
_UNITS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine")


def _word_numbers() -> str:
    """"twenty-seven", "a dozen", "two dozen", "eleven": English news spells small counts out.
    One flat alternation whose every branch opens on a letter, so the regex engine skips through
    lower-cased text to the letters a number word can start with."""
    branches = []
    for word in (*_UNITS[1:], "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
                 "eighteen", "nineteen", *_TENS):
        if word in _TENS:
            branches.append(word + r"(?:-(?:" + "|".join(_UNITS) + r")\b|\b)")
        elif word in ("two", "three", "four", "five", "six"):
            branches.append(word + r"(?:\s+dozen\b|\b)")
        else:
            branches.append(word + r"\b")
    return _by_first_letter([*branches, r"a\s+dozen\b"])


def _by_first_letter(branches: list[str]) -> str:
    """The alternation of `branches`, those opening on the same letter under one ("t(?:wo…|hree…)"):
    the regex engine then tries one branch, not thirty, at each letter a number word may open
    with.  Branches opening on different letters never match at the same place, so keeping the
    order within each letter keeps what matches."""
    by_letter: dict[str, list[str]] = {}
    for branch in branches:
        by_letter.setdefault(branch[0], []).append(branch[1:])
    return "|".join(letter + (rests[0] if len(rests) == 1 else "(?:" + "|".join(rests) + ")")
                    for letter, rests in by_letter.items())


_ZH_NUMERAL = "零〇一二两三四五六七八九十百千"
# The number's first character first (one class, which the regex engine skips ahead to), then the
# look-behind ("no digit, dot, Latin letter or 第 right before") and the rest of its digits or numerals.
_ZH_AMOUNT = re.compile(
    rf"(?P<num>[\d{_ZH_NUMERAL}](?<![\d.A-Za-z第].)(?:(?<=\d)\d*(?:,\d{{3}})*(?:\.\d+)?|(?<=[{_ZH_NUMERAL}])[{_ZH_NUMERAL}]*))\s*"
    r"(?P<scale>万亿|亿|千万|百万|万)?\s*(?P<more>余|多)?\s*"
    r"(?P<unit>美元|元|人民币|平方公里|平方千米|公顷|亩|个|家|户|项|宗|(?=企业|项目))"
)
# "世界500强", "Fortune Global 500": a ranking's name, not a number of anything.
_RANKING = {"zh": re.compile(r"^\s*强"), "en": re.compile(r"(?:Fortune|Global|Forbes)\s+(?:Global\s+)?$", re.IGNORECASE)}
_RANKING_WORDS = needed_words(_RANKING["en"].pattern)  # looked for before the pattern is tried
# "3 to 5 billion yuan", "30亿至50亿元": a range is read as its lower end, at least.
_EN_RANGE = re.compile(r"\s*(?:to|-|–|~)\s*$")
_EN_CURRENCY = re.compile(r"(?:US\$|\$|USD|RMB|CNY)\s?$")
# The number first: a pattern opening with a look-behind or an optional group is tried at every
# position of the text, one opening on a digit or on a letter of a number word is not.  The
# look-behind ("no word, dot, comma or hyphen right before", but "RMB12.3bn") is checked after the
# first digit.  "covering12 square kilometres": a number glued to the word before it is read
# when a unit or scale follows, by the same scan of the digits.
_GLUED = r"(?<=[a-z]{3}\d)(?=[\d.,]*\s*(?:square|sq|km|hectares?|mu|yuan|billion|million|thousand)\b)"
_EN_AFTER_NUMBER = (
    r"(?![\d,]*\.?\d)(?i:(?:(?:\s+|-)(?P<scale>thousand|million|billion|trillion|mln|bln|bn)\b|(?P<short>bn|mln|bln)\b)?"
    r"(?:(?:\s+|-)(?P<unit>yuan|renminbi|RMB|CNY|USD|U\.?S\.?\s+dollars|dollars|square\s+kilomet(?:er|re)s?|"
    r"sq\.?[\s-]?km|km2|km²|hectares?|mu)\b)?)"
)
_EN_AMOUNT = re.compile(r"(?P<num>\d(?:(?<![\w.,-]\d)|(?<=RMB\d)|(?<=CNY\d)|(?<=USD\d)|" + _GLUED + r")"
                        r"(?:\d{0,2}(?:,\d{3})+(?:\.\d+)?|\d*(?:\.\d+)?))" + _EN_AFTER_NUMBER)
_EN_WORD_AMOUNT = re.compile(r"(?P<num>" + _word_numbers() + ")" + _EN_AFTER_NUMBER)  # on lower-cased text


# Slots, not frozen: built many times per article, and a frozen dataclass's __init__ costs
# about four times as much; nothing hashes or changes one.
@dataclass(slots=True)
class Amount:
    """A number in the text.  `kind` is money, area, count (a Chinese classifier), scaled
    (an English scale word and nothing else: money or a count, the cue decides) or bare."""

    start: int
    end: int
    value: float
    kind: str
    unit: str
    at_least: bool


def _zh_number(text: str) -> float:
    if text[0].isdigit():
        return float(text.replace(",", ""))
    import cn2an  # a sixth of a second to import: only for a number written in Chinese numerals

    return float(cn2an.cn2an(text, "smart"))


def _zh_amounts(text: str) -> list[Amount]:
    found = []
    for m in _ZH_AMOUNT.finditer(text):
        try:
            value = _zh_number(m["num"])
        except ValueError:
            continue
        if not m["num"][0].isdigit() and value < 2:
            continue  # 一个/一家 is "a", not a count
        if _RANKING["zh"].match(text, m.end("num")):
            continue
        value *= _ZH_SCALE.get(m["scale"] or "", 1)
        unit = m["unit"]
        if unit in ("元", "人民币"):
            kind, norm = "money", "CNY"
        elif unit == "美元":
            kind, norm = "money", "USD"
        elif unit in _AREA:
            kind, norm, value = "area", "km2", value * _AREA[unit]
        else:
            kind, norm = "count", "count"
        found.append(Amount(m.start("num"), m.end(), round(value, 6), kind, norm, bool(m["more"])))
    return found


def _word_amounts(text: str) -> list[re.Match[str]]:
    """The numbers written as words, found in the lower-cased text (same offsets), each opening a word."""
    lowered = lower_keeping_offsets(text)
    return [m for m in _EN_WORD_AMOUNT.finditer(lowered)
            if not m.start() or not (lowered[m.start() - 1].isalnum() or lowered[m.start() - 1] in "_.,-")]


def _en_amounts(text: str) -> list[Amount]:
    found: list[Amount] = []
    matches = sorted([*_EN_AMOUNT.finditer(text), *_word_amounts(text)], key=lambda m: m.start())
    ranked = holds_any(text, 0, len(text), _RANKING_WORDS)  # most texts name no ranking: not looked for per number
    for m in matches:
        if ranked and search_holding(_RANKING["en"], _RANKING_WORDS, text, max(0, m.start() - 16), m.start()):
            continue
        value = number = _en_number(m["num"])
        scale = m["scale"] or m["short"]  # "120 billion", "120bn"
        if scale:
            value *= _EN_SCALE[scale.lower()]
        unit = (m["unit"] or "").lower()
        currency = _EN_CURRENCY.search(text, max(0, m.start() - 5), m.start())
        cur = currency.group().strip().upper() if currency else ""
        if unit.startswith(("sq", "square", "km", "hectare")) or unit == "mu":
            key = "hectare" if unit.startswith("hectare") else "mu" if unit == "mu" else "km2"
            kind, norm, value = "area", "km2", value * _AREA[key]
        elif "$" in cur or cur == "USD" or unit in ("usd", "dollars") or unit.startswith(("us", "u.s")):
            kind, norm = "money", "USD"
        elif cur or unit:
            kind, norm = "money", "CNY"
        elif scale:
            kind, norm = "scaled", "CNY"
        else:
            kind, norm = "bare", "count"
        start = currency.start() if currency else m.start()
        # (the numbers compared as written: "in 2020 to 36.5 billion yuan" is no range)
        if found and scale and not found[-1].kind in ("money", "area") and found[-1].value < number \
                and _EN_RANGE.match(text[found[-1].end:start]) and found[-1].end > start - 6:
            low = found.pop()  # "3 to 5 billion yuan": one figure, at least the lower end
            found.append(Amount(low.start, m.end(), round(low.value * _EN_SCALE[scale.lower()], 6), kind, norm, True))
            continue
        found.append(Amount(start, m.end(), round(value, 6), kind, norm, False))
    return found


_SPACES = re.compile(r"\s+")


def _en_number(token: str) -> float:
    if token[0].isdigit():  # "12,345.6", most of them: digits, commas and a point only
        return float(token.replace(",", ""))
    token = _SPACES.sub(" ", token.lower())
    if token.endswith(" dozen"):  # "a dozen", "two dozen"
        head = token.split()[0]
        return 12.0 * (1 if head == "a" else _WORDS[head])
    if "-" in token:
        tens, unit = token.split("-")
        return float(_WORDS[tens] + _UNITS.index(unit) + 1)
    return float(_WORDS[token]) if token in _WORDS else float(token.replace(",", ""))


def find_amounts(text: str, lang: str) -> list[Amount]:
    """Every number of folded `text` with its unit, left to right."""
    return _zh_amounts(text) if lang == "zh" else _en_amounts(text)
