"""The extractor's shortcuts find exactly what the plain regex calls they stand for find (issue 10,
speed): a scan from a pattern's first characters, a search skipped when a span lacks the words
the pattern needs, folding by a character class instead of str.translate."""

from __future__ import annotations

import re

import pytest

from db.gazetteer import StartScan, fold, required_literal_groups, required_literals
from monitor.extract.document import needed_words, search_holding

TEXT = ("The province's parks: Haikou City and Sanya's zone, across Hainan. In Hainan, the "
        "Hainan Free Trade Port; thehainan, xHaikou City, both parks and the two zones.")

PATTERNS = [
    re.compile(r"\b(?:Haikou|Sanya)(?:\s+City\b|'s)|\b[Tt]he\s+(?:province|two\s+zones)\b|\bacross\s+Hainan\b"),
    re.compile(r"(?<![A-Za-z])hainan(?:\s+free\s+trade\s+port)?", re.IGNORECASE),
    re.compile(r"(?P<group>both|the)\s+parks", re.IGNORECASE),
]


@pytest.mark.parametrize("regex", PATTERNS, ids=[p.pattern[:30] for p in PATTERNS])
def test_a_start_scan_finds_what_finditer_finds(regex: re.Pattern[str]) -> None:
    scan = StartScan(regex)
    spans = [(0, len(TEXT)), (10, 60), (23, 34), (40, len(TEXT) + 5), (57, 57)]
    for pos, endpos in spans:
        expected = [(m.span(), m.groups()) for m in regex.finditer(TEXT, pos, endpos)]
        assert [(m.span(), m.groups()) for m in scan.finditer(TEXT, pos, endpos)] == expected
        first = regex.search(TEXT, pos, endpos)
        found = scan.search(TEXT, pos, endpos)
        assert (found and found.span()) == (first and first.span())
    assert list(scan.finditer(TEXT))  # the text holds matches of every pattern


@pytest.mark.parametrize(("text", "found"), [
    ("revenue and tax rose 5 % and 7 % RESPECTIVELY", True),
    ("revenue and tax rose 5 % and 7 % reſpectıvely", True),  # the flag matches ſ to s and ı to i
    ("两园区分别实现营收", True),
    ("revenue and tax rose 5 % and 7 %", False),
])
def test_a_search_is_skipped_only_where_it_finds_nothing(text: str, found: bool) -> None:
    regex = re.compile(r"分别|respectively", re.IGNORECASE)
    words = required_literals(regex.pattern)
    assert words == frozenset({"分别", "respectively"})
    for start, end in ((0, len(text)), (3, len(text)), (0, len(text) - 2)):
        expected = regex.search(text, start, end)
        got = search_holding(regex, words, text, start, end)
        assert (got and got.span()) == (expected and expected.span())
    assert (regex.search(text) is not None) is found


def test_folding_changes_only_the_characters_it_folds() -> None:
    text = "園區企業（２７家），“Ｈｉ-ｔｅｃｈ” park’s\u3000area\u00a0and 中文 text"
    assert fold(text) == "园区企业(27家),“Hi-tech” park's area and 中文 text"
    assert len(fold(text)) == len(text)


def test_no_words_are_needed_where_lowering_and_case_folding_part() -> None:
    regex = re.compile("straße", re.IGNORECASE)
    assert needed_words(regex.pattern) is None  # case folding would look for "strasse"
    assert search_holding(regex, needed_words(regex.pattern), "STRAẞE", 0, 6) is not None
    assert needed_words(r"\bone\s+of|之一") == frozenset({"one", "之一"})


GROUPS = [
    (r"(?:\d+\s+key|eleven|11)\s+(?:development\s+zones|industrial\s+parks|parks)",
     [{"key", "eleven", "11"}, {"development", "parks"}, {"zones", "parks"}]),
    (r"(?:central\s+)?business\s+(?:center|district)\s+of\s+Sanya", [{"business"}, {"center", "district"}, {"of"}, {"sanya"}]),
    (r"\d+个(?:自贸港)?重点园区", [{"个"}, {"重点园区"}]),
    (r"\w+\s+park", [{"park"}]),
    (r"(?:key\s+)?\w+", []),  # nothing it cannot match without
]
GATED_TEXTS = ["Eleven industrial parks and 13 key development zones", "the 11 key parks", "11 development areas",
               "The Central Business District of SANYA", "a business district of Haikou", "海南11个重点园区", "重点园区"]


@pytest.mark.parametrize(("pattern", "groups"), GROUPS, ids=[row[0][:30] for row in GROUPS])
def test_a_text_without_a_word_of_each_group_holds_no_match(pattern: str, groups: list[set[str]]) -> None:
    found = required_literal_groups(pattern)
    assert [set(group) for group in found] == groups
    regex = re.compile(pattern, re.IGNORECASE)
    for text in GATED_TEXTS:
        if not all(any(word in text.casefold() for word in group) for group in found):
            assert regex.search(text) is None, text
