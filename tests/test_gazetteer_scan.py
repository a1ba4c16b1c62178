"""The gazetteer's scan finds what a plain scan of every position finds, trying only the
positions where a name or a pattern can start (issue 16: the crawl's relevance filter and the
extractor run it over every article)."""

from __future__ import annotations

import re

import pytest

from db.gazetteer import fold, load_gazetteer
from db.gazetteer.scan import first_characters, matches, pattern_starts

FIRST_CHARACTERS = [
    (r"(?:central\s+)?business\s+centre", "cCbB"),
    (r"(?:\d+\s+key|eleven|thirteen|11|13)\s+parks", r"\deEtT11"),
    (r"\d+个(?:自贸港)?重点园区", r"\d"),
    (r"[a-c]x", "a-cA-C"),
    (r"(?:key\s+)?", None),  # can match nothing: every position
    (r"\w+ park", None),  # a class it does not read: every position
    (r"[^x]y", None),
]


@pytest.mark.parametrize(("pattern", "expected"), FIRST_CHARACTERS, ids=[row[0] for row in FIRST_CHARACTERS])
def test_the_first_characters_of_a_pattern(pattern: str, expected: str | None) -> None:
    assert first_characters(pattern) == expected


# Compiled without the flag: a letter starts a match only as written, unless a group turns it on
CASE_SENSITIVE = [
    (r"\bHainan|\b[Tt]he\s+province", "HTt"),
    (r"(?i:the)\s+zone|Yangpu", "tTY"),
    (r"(?i)hainan", "hH"),  # the flag set inside the pattern
    (r"[a-c]x|Z", "a-cZ"),
    (r"(?:on\s+)?Hainan", "oH"),
]


@pytest.mark.parametrize(("pattern", "expected"), CASE_SENSITIVE, ids=[row[0] for row in CASE_SENSITIVE])
def test_a_case_sensitive_pattern_starts_only_at_its_letters_as_written(pattern: str, expected: str) -> None:
    assert first_characters(pattern, 0) == expected
    starts = re.compile(f"[{expected}]")
    text = "the Hainan zone, THE ZONE, on Hainan, Yangpu, bx, Z, The province, hainan"
    assert {m.start() for m in re.finditer(pattern, text)} <= {m.start() for m in starts.finditer(text)}


TEXTS = [
    "Eleven key parks and 13 key parks, x13 key parks, 2thirteen key parks, thirteen thirteen key parks.",
    "The Central Business District of Sanya, abusiness district of Sanya, business centre in Hainan's Sanya.",
    "海南13个重点园区和12个自贸港重点园区",
]


@pytest.mark.parametrize("text", TEXTS)
def test_patterns_match_where_a_scan_of_every_position_does(text: str) -> None:
    for regex, _, _, starts in load_gazetteer()._patterns:
        assert starts is not None
        assert [m.span() for m in matches(regex, starts, text)] == [m.span() for m in regex.finditer(text)]


def test_a_pattern_is_tried_only_at_word_starts_of_its_first_characters() -> None:
    starts = pattern_starts(r"(?:central\s+)?business\s+centre")
    assert starts is not None
    assert [m.start() for m in starts.finditer("a Business, abusiness central")] == [2, 22]


def _every_position(text: str) -> list[tuple[int, int, str]]:
    """The names found by trying each alias's regex at every position (longest alias first)."""
    from db.gazetteer import _alias_regex, _key

    gazetteer = load_gazetteer()
    aliases = sorted({fold(a) for park in gazetteer.parks for a in park.aliases}, key=len, reverse=True)
    regexes = [re.compile(_alias_regex(alias), re.IGNORECASE) for alias in aliases]
    lower_starts = {alias[0] for alias in aliases if alias[0].isascii() and alias[0].islower()}
    found, position = [], 0
    while position < len(text):
        char = text[position]
        if char.isascii() and char.islower() and char not in lower_starts:  # names are capitalised
            position += 1
            continue
        for regex in regexes:
            match = regex.match(text, position)
            if match:
                park_id, weak = gazetteer._by_key[_key(match.group())]
                if not weak:
                    found.append((match.start(), match.end(), park_id))
                position = match.end()
                break
        else:
            position += 1
    return found


@pytest.mark.parametrize("text", [
    "Yangpu Economic Development Zone and the yangpu port; YANGPU; the Haikou High-tech Zone.",
    "据海口国家高新区和洋浦经济开发区消息，三亚 CBD 与海南生态软件园",
    "Hainan Ecological Smart New City and Boao Lecheng International Medical Tourism Pilot Zone",
])
def test_names_are_found_as_by_a_scan_of_every_position(text: str) -> None:
    folded = fold(text)
    found = [(m.start, m.end, m.park_id) for m in load_gazetteer().scan(folded) if not m.weak]
    assert found == _every_position(folded)
    assert found  # the texts do name parks



def test_a_name_found_as_listed_is_the_park_its_key_gives() -> None:
    """The scan looks a match up as written before it reduces it to its key: every listed name, as
    listed and spelt otherwise (case, hyphens, spaces), gives the park and weakness its key gives."""
    from db.gazetteer import _key

    gazetteer = load_gazetteer()
    names = sorted(gazetteer._by_name)
    text = fold(". ".join(v for name in names for v in (name, name.upper(), name.replace(" ", "-"), name.replace("-", " "))))
    patterns = [m.span() for regex, _, _, starts in gazetteer._patterns for m in matches(regex, starts, text)]
    found = [m for m in gazetteer.scan(text) if (m.start, m.end) not in patterns]
    assert len(found) >= 4 * len(names) - len(patterns)
    assert [(m.start, m.end, m.park_id, m.weak) for m in found] == \
        [(m.start, m.end, *gazetteer._by_key[_key(text[m.start:m.end])]) for m in found]
