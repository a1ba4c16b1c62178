"""The park gazetteer: canonical park ids, their names in both scripts, and where they occur.

Every other module names parks by the ids of PARKS.md; this module is the one place that knows
how the news spells them.  It is pure standard library so that the crawler's relevance filter
and the extractor can share it without pulling in anything heavy.
"""

from __future__ import annotations

import functools
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from db.gazetteer.scan import (
    StartScan,
    holds_one_of_each,
    matches,
    pattern_starts,
    required_literal_groups,
    required_literals,
    shared_starts_once,
    where_it_matches,
)

__all__ = ["GENERIC_PARK_TERMS", "Gazetteer", "Mention", "Park", "StartScan", "fold", "is_park_related", "load_gazetteer",
           "relevance", "required_literal_groups", "required_literals"]

_HERE = Path(__file__).parent

GENERIC_PARK_TERMS: tuple[str, ...] = (
    # English.  "free trade zone/port" is left out on purpose: every Hainan article names the
    # Free Trade Port, so it says nothing about parks.
    "industrial park", "industry park", "economic development zone", "development zone",
    "high-tech zone", "hi-tech zone", "high-tech industrial development zone", "bonded zone",
    "bonded port area", "pilot zone", "industrial zone", "science city", "tech city",
    "technology city", "aerospace city", "logistics park", "software park", "key parks",
    "industrial parks",
    # Chinese (simplified; traditional text is folded before matching).
    "产业园", "工业园", "园区", "开发区", "高新区", "综保区", "综合保税区", "保税港区", "先行区",
    "试验区", "科技城", "航天城", "物流园", "软件园", "中央商务区",
)


@dataclass(frozen=True)
class Park:
    """One park of the gazetteer; `aliases` holds every name in both languages."""

    id: str
    name_en: str
    name_zh: str
    aliases: tuple[str, ...]


# Slots, not frozen: the scan builds one per name in a text, and a frozen dataclass's __init__
# costs about four times as much; nothing hashes or changes one.
@dataclass(slots=True)
class Mention:
    """One occurrence of a park name.  `weak` names are generic ("高新区", "the CBD") and
    only mean the park when nothing more specific says otherwise; the extractor decides."""

    start: int
    end: int
    park_id: str
    weak: bool


def _load_t2s() -> dict[int, int]:
    table = {}
    for line in (_HERE / "t2s.txt").read_text(encoding="utf-8").splitlines():
        if len(line) == 2:
            table[ord(line[0])] = ord(line[1])
    return table


def _fold_table() -> dict[str, str]:
    table = _load_t2s()
    # Full-width ASCII (２７, ＣＢＤ, ，) to half-width, ideographic space to space, curly
    # apostrophes to straight: all one character for one, so offsets survive folding.
    table.update({cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)})
    table.update({0x3000: 0x20, 0x2019: 0x27, 0x2018: 0x27, 0xA0: 0x20})
    return {chr(cp): chr(folded) for cp, folded in table.items()}


_FOLD = _fold_table()
# The characters folding changes, as one class: the regex engine skips through a text to them in
# C, where str.translate looked every character of it up (a few of a text's characters change).
_FOLDABLE = re.compile("[" + "".join(map(re.escape, sorted(_FOLD))) + "]")


def fold(text: str) -> str:
    """Traditional to simplified Chinese and full-width to half-width, one character for one.

    Keeping the length means a match in the folded text is a span of the original text, so
    quotes can be cut from what the site actually published.
    """
    return _FOLDABLE.sub(lambda m: _FOLD[m.group()], text)


def _is_latin(char: str) -> bool:
    return char.isascii() and char.isalnum()


def _alias_regex(alias: str) -> str:
    """A regex for one alias that tolerates the spacing and hyphenation variants of the news."""
    return _alias_regex_from(alias, 0)


def _alias_regex_from(alias: str, begin: int) -> str:
    """`_alias_regex` of the alias's characters from `begin` on (the look-behind only when
    `begin` is 0): the scan matches a name's first character itself (`Gazetteer.__init__`)."""
    parts = []
    for i, char in enumerate(alias):
        if i < begin:
            continue
        if char in " -":
            parts.append(r"[\s\-]*" if char == "-" else r"[\s\-]+")
            continue
        if char == "'":
            parts.append("'?")
            continue
        if i and _is_latin(alias[i - 1]) != _is_latin(char) and alias[i - 1] not in " -'":
            parts.append(r"\s*")  # "三亚CBD" is also written "三亚 CBD"
        parts.append(re.escape(char))
    pattern = "".join(parts)
    if _is_latin(alias[0]) and begin == 0:
        pattern = r"(?<![A-Za-z0-9])" + pattern
    if _is_latin(alias[-1]):
        pattern += r"(?![A-Za-z0-9])"
    return pattern


_KEY_DROPS = re.compile(r"[\s\-']")


def _key(name: str) -> str:
    return _KEY_DROPS.sub("", name).lower()


class Gazetteer:
    """The parks, and a single compiled matcher for all of their names."""

    def __init__(self, parks: tuple[Park, ...], weak: dict[str, str], patterns: dict[str, tuple[str, ...]]):
        self.parks = parks
        self._by_id = {park.id: park for park in parks}
        self._by_key: dict[str, tuple[str, bool]] = {}
        names: list[str] = []
        for park in parks:
            for alias in park.aliases:
                self._by_key[_key(fold(alias))] = (park.id, False)
                names.append(fold(alias))
        for alias, park_id in weak.items():
            self._by_key.setdefault(_key(fold(alias)), (park_id, True))
            names.append(fold(alias))
        # One matcher for every name: an alternation of first characters, each followed by the
        # case-insensitive alternation of the rest of the names starting with it (longest first).
        # Each branch starts with a literal character, so the regex engine skips in C to the
        # characters that can start a name, instead of trying every position of the text (an
        # alternation led by a look-behind, or compiled case-insensitively, is tried at each one).
        # Park names are capitalised in English news: a lower-case letter starts a name only where
        # some name is written lower-case ("key parks") or a generic name is, not at every word.
        lower_first = {name[0] for name in names if _is_latin(name[0]) and name[0].islower()}
        lower_first |= {fold(alias)[0].lower() for alias in weak if _is_latin(alias[0])}  # "the high-tech zone"
        by_first: dict[str, list[str]] = {}
        for name in sorted(set(names), key=lambda name: (-len(name), name)):  # longest first; ties in one order every run
            by_first.setdefault(name[0].lower(), []).append(name)
        branches: list[str] = []
        for first, group in by_first.items():
            rest = "(?i:" + shared_starts_once([_alias_regex_from(name, 1) for name in group]) + ")"
            if _is_latin(first):
                # the name starts a word: the character before its first one is no letter or digit
                for char in dict.fromkeys((first.upper(), *({first} & lower_first))):
                    branches.append(re.escape(char) + r"(?<![A-Za-z0-9].)" + rest)
            else:
                branches.append(re.escape(first) + rest)
        self._names = re.compile("|".join(branches))
        # A name as the news writes it, looked up as it is: most names found are spelt as listed
        # (the `_key` of the match, a regex substitution, only for the others)
        self._by_name = {name: self._by_key[_key(name)] for name in names}
        self._patterns = []
        for park_id, park_patterns in patterns.items():
            for pattern in park_patterns:
                regex = re.compile(r"(?<![A-Za-z0-9])(?=[\dA-Za-z])" + pattern, re.IGNORECASE)
                starts = pattern_starts(pattern)
                # the groups of longer words first: rarer, and ruled out by a faster `in` (a Chinese text
                # holds "11" more often than "parks")
                needs = sorted(required_literal_groups(pattern), key=lambda group: -min(map(len, group)))
                self._patterns.append((regex, park_id, needs,
                                       where_it_matches(starts, regex) if starts else None))

    def get(self, park_id: str) -> Park | None:
        return self._by_id.get(park_id)

    def scan(self, folded: str) -> list[Mention]:
        """Every park name in already folded text, longest match first, patterns before names."""
        found: list[Mention] = []
        taken: list[tuple[int, int]] = []
        lowered = folded.casefold()
        for regex, park_id, needs, starts in self._patterns:
            if not holds_one_of_each(lowered, needs):
                continue  # a text without a literal of each group cannot hold a match: skip the scan
            for match in matches(regex, starts, folded):
                found.append(Mention(match.start(), match.end(), park_id, False))
                taken.append(match.span())
        position = 0
        while match := self._names.search(folded, position):
            start, end = match.span()
            if taken and any(begin < end and start < finish for begin, finish in taken):
                position = start + 1
                continue
            name = match.group()
            park_id, weak = self._by_name.get(name) or self._by_key[_key(name)]
            found.append(Mention(start, end, park_id, weak))
            position = end
        if taken:  # the names are found left to right, the patterns' mentions before them
            found.sort(key=lambda mention: mention.start)
        return found

    def mentions(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, park_id) of every specific park name in `text` (weak names excluded)."""
        return [(m.start, m.end, m.park_id) for m in self.scan(fold(text)) if not m.weak]


# English translations name one park in several ways: each group's words stand for each other in
# any alias, so the gazetteer lists a name once and the news's variants are found too.
_SYNONYMS: tuple[tuple[str, ...], ...] = (
    ("Science and Technology", "Sci-Tech", "Science & Technology", "Sci & Tech"),
    ("Aerospace", "Spaceflight", "Space"),
    ("Pilot Zone", "Experimental Zone", "Demonstration Zone", "Trial Zone", "Pioneer Zone"),
    ("High-tech", "Hi-tech", "High Technology", "High and New Technology"),
    ("International", "Intl"),
    ("Jinpai Port", "Gold Medal Port", "Jinpaigang"),  # 金牌港, translated word for word
    ("Industrial Park", "Industry Park"),
    ("Education Innovation", "Education and Innovation"),
    ("New Area", "New District", "New Zone"),
    ("Comprehensive Bonded Zone", "Integrated Bonded Zone", "Comprehensive Free Trade Zone"),
    ("Economic Development Zone", "Economic and Development Zone", "Economic and Technological Development Zone"),
)
_SYNONYM_RES = tuple((group, re.compile("|".join(re.escape(word) for word in group), re.IGNORECASE)) for group in _SYNONYMS)


def _variants(alias: str) -> list[str]:
    """The alias and its spellings with each synonym group's other words."""
    names = [alias]
    for group, regex in _SYNONYM_RES:
        for name in list(names):
            if regex.search(name):
                names.extend(regex.sub(word, name) for word in group)
    return list(dict.fromkeys(names))


@functools.cache
def load_gazetteer() -> Gazetteer:
    """The bundled gazetteer, parsed once per process."""
    data = tomllib.loads((_HERE / "parks.toml").read_text(encoding="utf-8"))
    parks, weak, patterns = [], {}, {}
    for entry in data["park"]:
        aliases = tuple(variant for alias in (entry["name_en"], entry["name_zh"], *entry.get("aliases", ()))
                        for variant in _variants(alias))
        parks.append(Park(entry["id"], entry["name_en"], entry["name_zh"], tuple(dict.fromkeys(aliases))))
        weak.update({alias: entry["id"] for alias in entry.get("weak_aliases", ())})
        if "patterns" in entry:
            patterns[entry["id"]] = tuple(entry["patterns"])
    return Gazetteer(tuple(parks), weak, patterns)


_GENERIC_TERMS = tuple(t for term in GENERIC_PARK_TERMS for t in ((term + "s", term) if _is_latin(term[-1]) else (term,)))
# Two matchers, not one case-insensitive alternation of every term: one that starts with a
# look-behind cannot skip ahead to a possible first character, and tried at every position of
# a 650-word article it cost milliseconds. The Latin terms are matched in lower-cased text (the
# names are lower-case), the Chinese ones start with a literal character the engine can look for.
_GENERIC_LATIN = re.compile(
    r"(?<![A-Za-z0-9])(?:"
    + "|".join(_alias_regex(t).removeprefix(r"(?<![A-Za-z0-9])") for t in _GENERIC_TERMS if _is_latin(t[0]))
    + ")"
)
_GENERIC_OTHER = re.compile("|".join(_alias_regex(t) for t in _GENERIC_TERMS if not _is_latin(t[0])))


def _generic_terms(folded: str, at_least: int) -> bool:
    """Whether generic park terms occur at least `at_least` times (counting stops there)."""
    found = 0
    for regex, text in ((_GENERIC_LATIN, folded.lower()), (_GENERIC_OTHER, folded)):
        for _ in regex.finditer(text):
            found += 1
            if found >= at_least:
                return True
    return False


@dataclass(frozen=True)
class Relevance:
    """What the crawl's relevance filter learns of an article in one scan of its text."""

    #: The gazetteer parks it names (weak names excluded), sorted.
    parks: tuple[str, ...]
    #: About parks: a park is named, or generic park terms are (see `relevance`).
    related: bool


def relevance(title: str, text: str) -> Relevance:
    """The parks an article names and whether it is about parks, from one gazetteer scan.

    An article is about parks when a gazetteer park is named, or a generic park term is in the
    title, or generic park terms occur at least twice in the body. One passing "zone" in a
    government article about tourism is not enough; a named park is.
    """
    folded_title, folded_text = fold(title), fold(text)
    mentions = load_gazetteer().scan(folded_title + "\n" + folded_text)
    parks = tuple(sorted({mention.park_id for mention in mentions if not mention.weak}))
    if parks:
        return Relevance(parks, True)
    return Relevance((), _generic_terms(folded_title, 1) or _generic_terms(folded_text, 2))


def is_park_related(title: str, text: str) -> bool:
    """True when an article is about parks (`relevance`)."""
    return relevance(title, text).related
