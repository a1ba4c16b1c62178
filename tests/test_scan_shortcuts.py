"""The extractor's shortcuts find exactly what the plain regex calls they stand for find (issue 10,
speed): a scan from a pattern's first characters, a search skipped when a span lacks the words
the pattern needs, folding by a character class instead of str.translate."""

from __future__ import annotations

import re

import pytest

from db.gazetteer import fold
from db.gazetteer.scan import StartScan, _openings, required_literal_groups, required_literals
from monitor.extract import numbers, parks
from monitor.extract.document import lower_keeping_offsets, lowered_text, needed_words, search_holding

TEXT = ("The province's parks: Haikou City and Sanya's zone, across Hainan. In Hainan, the "
        "Hainan Free Trade Port; thehainan, xHaikou City, both parks and the two zones; in Sanya, "
        "xin Haikou, In  Danzhou, on Hainan; the province, thethe province.")

PATTERNS = [
    parks._PLACES["en"],  # scanned for "the", "on", "acro", "both", "nati" and for its capitals
    parks._IN_CITY_EN,  # for "in" and "I"
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


OPENINGS = [
    (r"\b[Tt]he\s+province|\bon\s+Hainan", 0, {"The", "the", "on"}),
    (r"(?:[Tt]he\s+)?Hainan", 0, {"The", "the", "Hain"}),  # an optional part, or what follows it; four characters at most
    (r"[Ii](?<!\w[Ii])n\s+(?P<city>Haikou)", 0, {"In", "in"}),  # a look-behind looked through
    (r"x*abc|(?:ab)+c", 0, {"x", "abc", "ab"}),  # a repeat ends the string after its item
    (r"(?:\w+)?abc", 0, None),  # an optional part that can open with anything
    (r"(?i:the)\s+zone", 0, None),  # a letter of either case: not known
    (r"the", re.IGNORECASE, None),
    (r"\w+ park", 0, None),
    (r"a|", 0, None),  # can open with anything
]


@pytest.mark.parametrize(("pattern", "flags", "expected"), OPENINGS, ids=[row[0] for row in OPENINGS])
def test_the_strings_a_match_opens_with(pattern: str, flags: int, expected: set[str] | None) -> None:
    assert _openings(pattern, flags) == (None if expected is None else frozenset(expected))
    if expected is not None:
        text = "the province on Hainan The Hainan In Haikou xin Haikou xxabc ababc"
        assert all(m.group().startswith(tuple(expected)) for m in re.finditer(pattern, text, flags))


# Scanned for "aab", "aaa" and "on" as strings ("one" too opens with "on"), and for "O" as a class:
# a string that overlaps itself, one cut by the span's ends, one inside a word
WORD_SCANNED = re.compile(r"aa(?:b|a)|\bon\s+x|[Oo]ne")
WORD_TEXT = "aaab aaaaa on x one One onx on  x xon x aab"


def test_a_scan_for_strings_finds_what_finditer_finds() -> None:
    scan = StartScan(WORD_SCANNED)
    assert sorted(start.pattern.split("(")[0] for start in scan._starts) == ["[O]", "aaa", "aab", "on"]
    for pos in range(len(WORD_TEXT) + 1):
        for endpos in range(pos, len(WORD_TEXT) + 2):
            expected = [m.span() for m in WORD_SCANNED.finditer(WORD_TEXT, pos, endpos)]
            assert [m.span() for m in scan.finditer(WORD_TEXT, pos, endpos)] == expected, (pos, endpos)


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


# The English amounts as two scans read them: numbers opening a word, then numbers glued to the
# word before them ("covering12 square kilometres") read where a unit or scale follows
_PLAIN_AMOUNT = re.compile(r"(?P<num>\d(?:(?<![\w.,-]\d)|(?<=RMB\d)|(?<=CNY\d)|(?<=USD\d))"
                           r"(?:\d{0,2}(?:,\d{3})+(?:\.\d+)?|\d*(?:\.\d+)?))" + numbers._EN_AFTER_NUMBER)
_PLAIN_GLUED = re.compile(r"\d(?<=[a-z]{3}\d)(?=[\d.,]*\s*(?:square|sq|km|hectares?|mu|yuan|billion|million|thousand)\b)")
_PLAIN_AT = re.compile(r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)" + numbers._EN_AFTER_NUMBER)
AMOUNT_TEXT = ("covering12 square kilometres, RMB12.3bn and USD5 million; with1,234.5 million yuan, ab12 km, Xyz12 km, "
               "abc12 apples, abcd12,000 hectares and 3 sqkm2, the 2,500 mu of land12.5bn, yuan3 million yuan12 "
               "billion, x-4 and 7.5% of 1,2345 firms, km2 at 3km2 in 2023.")


def test_one_scan_finds_the_amounts_and_the_glued_numbers_two_found() -> None:
    glued = [_PLAIN_AT.match(AMOUNT_TEXT, g.start()) for g in _PLAIN_GLUED.finditer(AMOUNT_TEXT)]
    plain = sorted([*_PLAIN_AMOUNT.finditer(AMOUNT_TEXT), *(m for m in glued if m)], key=lambda m: m.start())
    found = list(numbers._EN_AMOUNT.finditer(AMOUNT_TEXT))
    assert [(m.span(), m.groupdict()) for m in found] == [(m.span(), m.groupdict()) for m in plain]
    assert len(glued) >= 4  # the text has glued numbers ("covering12", "with1,234.5", "abcd12,000", "land12.5bn")


# Upper case, the letters the flag matches to ASCII ones (ſ, ı, İ, the Kelvin sign) and words cut
LOWERED_TEXT = ("Ranked first AMONG the 11 key parks Yangpu, more than Haikou; compared With the park's Sanya, "
                "Outpaced all Danzhou and topped its KEY parks Boao; aſ of the Ahead oF Lingshui from The zone, "
                "BY ıt, wıth İN the \u212aey parks; stopped the zone X, x-among the parks Y, among\n\tthe Z")


@pytest.mark.parametrize(("patterns", "reach"), [(parks._COMPARISON_BEFORE, 32), (parks._DEMOTE_BEFORE, 12)])
def test_a_pattern_read_in_the_lowered_text_finds_what_the_flag_finds(patterns: dict[str, re.Pattern[str]],
                                                                      reach: int) -> None:
    flagged = re.compile(patterns["en"].pattern, re.IGNORECASE)
    lowered = lowered_text(LOWERED_TEXT)
    found = 0
    for end in range(len(LOWERED_TEXT) + 1):
        start = max(0, end - reach)
        expected = flagged.search(LOWERED_TEXT[start:end])
        assert bool(patterns["en"].search(lowered[start:end])) == bool(expected), LOWERED_TEXT[start:end]
        found += expected is not None
    assert found > 5


# The English anaphors as they were searched in the text, with the flag after their first letter
_PLAIN_ANAPHOR = re.compile(
    r"[TtIi](?<!\w[TtIi])(?i:(?<=t)he\s+(?:(?:science\s+and\s+technology\s+city|sci-tech\s+city|business\s+district|CBD|"
    r"new\s+town)\b|(?:[\w-]+\s+)?(?:park|parks|zone|zones|tech\s+city|science\s+city|aerospace\s+city|new\s+district|"
    r"new\s+area|industrial\s+park|development\s+zone|harbor|harbour|district)\b)|(?<=i)ts\s+territory\b)")
ANAPHOR_TEXT = ("The park, THE ZONE and tHe Bonded zone; the CBD, the cbd, The  New\tTown. Its territory, ITS TERRITORY, "
                "itſ territory, ıts territory, İts territory, ıtS territory; xthe park, bathe zones, the-park, "
                "the \u212aey Parks, the parkland, the science and technology city, the Sci-Tech City, the")


def test_the_english_anaphors_are_found_as_the_flag_found_them() -> None:
    lowered = lower_keeping_offsets(ANAPHOR_TEXT)
    for pos in range(0, len(ANAPHOR_TEXT), 7):
        expected = [m.span() for m in _PLAIN_ANAPHOR.finditer(ANAPHOR_TEXT, pos)]
        assert [m.span() for m in parks._ANAPHORS["en"].finditer(lowered, pos)] == expected
    assert len(list(_PLAIN_ANAPHOR.finditer(ANAPHOR_TEXT))) >= 10


# Unknown English parks as found with their words and spaces given back one by one
_PLAIN_NAME_WORD = r"[A-Z][\w'&-]*\s+(?:(?:and|of|&)\s+)?"
_PLAIN_UNKNOWN = re.compile(
    r"([A-Z](?<!\w[A-Z])" + _PLAIN_NAME_WORD[len("[A-Z]"):] + "(?:" + _PLAIN_NAME_WORD + "){0,6}?" + parks._UNKNOWN_EN_KIND
    + r")\b(?!\s+(?:[Pp]roject|Co\.|Company|Group|Ltd))")
UNKNOWN_TEXT = ("The Lin'gao Jinpai  Port\tIndustrial Park and A&B Logistics Park; Sino-Singapore Science and Technology "
                "Park, the One Two Three Four Five Six Seven Eight Industrial Park, the Qiongzhong Industrial Park Project, "
                "xYangpu Development Zone, Chengmai of & Hi-tech Zone, Danzhou Industrial Zone Co. and Hainan Industrial "
                "Parkland, in Haikou  National  High-Tech Zone")


def test_unknown_parks_are_found_as_without_the_possessive_words() -> None:
    found = [(m.span(), m.groups()) for m in _PLAIN_UNKNOWN.finditer(UNKNOWN_TEXT)]
    assert len(found) >= 5
    for pos in range(0, len(UNKNOWN_TEXT), 5):
        assert [(m.span(), m.groups()) for m in parks._UNKNOWN_EN.finditer(UNKNOWN_TEXT, pos)] == \
            [(m.span(), m.groups()) for m in _PLAIN_UNKNOWN.finditer(UNKNOWN_TEXT, pos)]


ANCHORED_TEXT = ("据海口国家高新区管委会消息，在洋浦举行的签约仪式上，洋浦位居重点园区首位，三亚 中排名第一；主会场设在博鳌、"
                 "洋浦和 三亚等4个园区. Yangpu Management Committee said, Haikou's neighbour Sanya , and as well as "
                 "Danzhou, such as Boao and  Yangpu Bureau\n reported")
AFTER_A_MENTION = [(parks._DEMOTE_AFTER["zh"], 30), (parks._DEMOTE_AFTER["en"], 30), (parks._COMPARISON_AFTER_ZH, 8),
                   (parks._VENUE_ZH_AFTER, 12), (parks._MAIN_VENUE_ZH_AFTER, 32)]


@pytest.mark.parametrize(("regex", "reach"), AFTER_A_MENTION, ids=[row[0].pattern[:20] for row in AFTER_A_MENTION])
def test_a_pattern_matched_in_place_finds_what_it_found_at_the_start_of_a_copy(regex: re.Pattern[str], reach: int) -> None:
    anchored = re.compile("^" + regex.pattern, regex.flags)
    found = 0
    for end in range(len(ANCHORED_TEXT) + 1):
        expected = anchored.match(ANCHORED_TEXT[end:end + reach])
        got = regex.match(ANCHORED_TEXT, end, end + reach)
        assert (got and (got.start() - end, got.end() - end)) == (expected and expected.span())
        found += expected is not None
    assert found


@pytest.mark.parametrize("regex", [parks._RUN_GAP, parks._GROUP_GAP], ids=["run", "group"])
def test_a_gap_matched_whole_in_place_is_one_that_matched_as_a_copy(regex: re.Pattern[str]) -> None:
    anchored = re.compile("^" + regex.pattern + "$", regex.flags)
    found = 0
    for start in range(len(ANCHORED_TEXT) + 1):
        for end in range(start, min(len(ANCHORED_TEXT), start + 16) + 1):
            expected = anchored.match(ANCHORED_TEXT[start:end]) is not None
            assert (regex.fullmatch(ANCHORED_TEXT, start, end) is not None) == expected
            found += expected and start < end
    assert found > 10


VENUE_TEXTS = [
    ("en", "The ceremony was held at the Haikou National High-tech Zone. The main venue was the Meian Sci-Tech New "
           "Town in the Haikou High-tech Zone; in Sanya, where the Yazhou Bay Sci-Tech City is located, and Haikou, "
           "home to the Haikou Comprehensive Free Trade Zone, Yangpu signed 10 projects."),
    ("en", "Yangpu Economic Development Zone and Boao Lecheng signed deals; the Sanya CBD grew."),
    ("zh", "签约仪式主会场设在海口国家高新区，在洋浦经济开发区举行的活动中，在位于三亚崖州湾科技城项目现场的活动主会场，博鳌乐城签约10个项目。"),
    ("zh", "海口国家高新区和洋浦经济开发区今年引进企业100家。"),
]


def _plain_venue(text: str, start: int, end: int, lang: str) -> bool:
    """A venue as read before the tests were gated by the words of the text (`parks._venues`)."""
    reach = max(0, start - parks._VENUE_REACH[lang])
    if parks._VENUE_BEFORE[lang].search(text[reach:start]):
        return True
    if lang == "en":
        return bool(parks._WHERE_BEFORE.search(text, max(0, start - 12), start) and parks._LOCATED_AFTER.match(text, end, end + 24)
                    or parks._HOME_TO_BEFORE.search(text, max(0, start - 16), start))
    return bool(re.search(r"(?:在|于)(?:位于)?\s*$", text[max(0, start - 5):start])
                and re.match(r"^[^，,。；;]{0,4}?(?:举行|举办|召开)", text[end:end + 12])
                or re.match(r"^[^，,。；;]{0,30}?(?:主会场|分会场)", text[end:end + 32]))


@pytest.mark.parametrize(("lang", "text"), VENUE_TEXTS, ids=[f"{lang}-{i}" for i, (lang, _) in enumerate(VENUE_TEXTS)])
def test_venues_are_the_mentions_the_ungated_tests_find(lang: str, text: str) -> None:
    text = fold(text)
    refs = [(ref.start, ref.end, ref.park) for ref in parks.find_refs(text, lang)]
    expected = {start for start, end, park in refs if park != parks.PLACE and _plain_venue(text, start, end, lang)}
    assert parks._venues(text, refs, lang) == expected
    assert expected or "held" not in text and "主会场" not in text


def test_an_abbreviation_before_a_full_stop_is_found_in_place_as_in_a_copy() -> None:
    from monitor.extract.document import _ABBREVIATIONS

    text = "Hainan Co. Ltd. signed with XCo. and Sept. 5, U.S. firms, Dr. Li, aDr. x, A. B. Yangpu No. 1, vs. St. Mar."
    found = 0
    for stop in (i for i, char in enumerate(text) if char == "."):
        expected = _ABBREVIATIONS.search(text[max(0, stop - 8):stop])
        assert (_ABBREVIATIONS.search(text, max(0, stop - 8), stop) is not None) == (expected is not None)
        found += expected is not None
    assert found >= 8


@pytest.mark.parametrize("text", [
    "It joined the Fortune Global 500 list with 36 firms, and GLOBAL 500 and forbes 2000 firms; 12 more.",
    "Yangpu signed 36 projects worth 12 billion yuan and 5 more.",  # no ranking named: not looked for
])
def test_a_ranking_is_looked_for_only_in_a_text_naming_one(text: str) -> None:
    plain = [m.start() for m in numbers._EN_AMOUNT.finditer(text)
             if not numbers._RANKING["en"].search(text[max(0, m.start() - 16):m.start()])]
    assert [amount.start for amount in numbers.find_amounts(text, "en")] == plain


# The unknown conjunct as written before (the look-behind first, so tried at every position): a
# capital after a letter, a digit, "_", "'" or "-" opens no name; the span's start cuts nothing off
_PLAIN_CONJUNCT = re.compile(r"(?<![\w'-])[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*){0,5}\s+(?:and|&)\s+(?:the\s+)?$")
CONJUNCT_TEXT = "Laocheng Pak and the Yangpu, xLaocheng Pak and O'Neil-Smith Park & 3Danzhou and _Boao and -Qionghai and É Sanya and "


def test_an_unknown_conjunct_is_found_from_its_capital_as_after_its_look_behind() -> None:
    """Also where its "and" or "&" is looked for first."""
    from monitor.extract import park_rules

    found = 0
    for pos in range(len(CONJUNCT_TEXT) + 1):
        for endpos in range(pos, len(CONJUNCT_TEXT) + 1):
            expected = _PLAIN_CONJUNCT.search(CONJUNCT_TEXT, pos, endpos)
            got = park_rules._UNKNOWN_CONJUNCT.search(CONJUNCT_TEXT, pos, endpos)
            assert (got and got.span()) == (expected and expected.span()), (pos, endpos)
            gated = search_holding(park_rules._UNKNOWN_CONJUNCT, park_rules._UNKNOWN_CONJUNCT_WORDS, CONJUNCT_TEXT, pos, endpos)
            assert (gated and gated.span()) == (expected and expected.span()), (pos, endpos)
            found += expected is not None
    assert found > 100


@pytest.mark.parametrize("text", [
    "Yangpu is one of the 13 key parks, which together generated 5 billion yuan",
    "Yangpu is ONE OF Hainan's eleven zones whose revenue hit 5 billion yuan",  # the flag: any case
    "Yangpu is one of the 13 key pARKſ, which together",  # ſ matched to s by the flag, and by the gate
    "Yangpu is one of the key parts, which together",  # no noun: not searched, nothing found
])
def test_the_group_clause_is_searched_only_where_it_can_be_found(text: str) -> None:
    from monitor.extract import park_rules

    regex, words = park_rules._GROUP_CLAUSE, park_rules._GROUP_CLAUSE_WORDS
    for start in range(0, len(text), 3):
        for end in range(start, len(text) + 1, 2):
            expected = regex.search(text, start, end)
            got = search_holding(regex, words, text, start, end)
            assert (got and got.span()) == (expected and expected.span()), (start, end)


MENTIONS_TEXT = ("Hainan's Yangpu Economic Development Zone and Haikou National High-tech Zone signed 12 projects in Sanya. "
                 "The zone, according to Boao Lecheng Pilot Zone, added 30 firms at the ceremony held in Yangpu, and "
                 "Haikou Jiangdong New Area 5 in Danzhou. 洋浦经济开发区、海口国家高新区和三亚崖州湾科技城新增企业30家。")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_mentions_of_a_sentence_found_by_bisection_are_those_a_pass_over_all_finds(lang: str) -> None:
    from monitor.extract import park_rules

    text = fold(MENTIONS_TEXT)
    mentions = park_rules.Mentions(parks.find_refs(text, lang))
    refs = mentions.refs
    assert len(refs) >= 5 and refs == sorted(refs, key=lambda ref: ref.start)
    assert lang == "zh" or {ref.park == parks.PLACE for ref in refs} == {ref.demoted for ref in refs} == {True, False}
    edges = sorted({0, len(text)} | {ref.start for ref in refs} | {ref.end for ref in refs}
                   | {ref.start + 1 for ref in refs} | {ref.end - 1 for ref in refs})
    for start in edges:
        for end in (e for e in edges if e >= start):
            for position in (p for p in edges if start <= p <= end):
                for np_end in (position, position + 1, end):
                    facts = park_rules.ParkFacts(text, refs, mentions.starts, (start, end), position, np_end,
                                                 area=False, company_money=False, zero_subject=False)
                    assert facts.mentions_before == [i for i, ref in enumerate(refs)
                                                     if start <= ref.start and ref.end <= position]
                    assert facts.mentions_after == [ref for ref in refs if position <= ref.start and ref.end <= end]
                    earlier = [i for i, ref in enumerate(refs) if ref.end <= start and ref.park != parks.PLACE]
                    assert facts.earlier == (([i for i in earlier if not refs[i].demoted] or earlier)[-1]
                                             if earlier else None)
                    own = [ref for ref in refs if position < ref.start and ref.end <= np_end and ref.park != parks.PLACE]
                    found = park_rules.park_in_noun_phrase(facts)
                    assert found == ([(own[0].park, park_rules._binding(own[0]))] if own else None)
                    assert park_rules.park_of_own_clause(facts) == _plain_park_of_own_clause(facts)


def _plain_park_of_own_clause(f) -> list[tuple[str, str]] | None:
    """park_rules.park_of_own_clause as a pass over every mention of the text."""
    from monitor.extract import park_rules

    if not f.parks_before or f.area or not park_rules._CLAUSE_BREAK.search(f.text, f.refs[f.subject].end, f.position):
        return None
    for ref in f.refs:
        if ref.start < f.position or ref.end > f.sentence[1] or ref.park == parks.PLACE or ref.anaphor:
            continue
        if park_rules._CLAUSE_BREAK.search(f.text, f.position, ref.start) or not park_rules._located_in(f.text, ref):
            return None
        return [(ref.park, parks.NAMED)]
    return None


# English money cues that start alike ("invest", "investment", "investments in fixed assets"), cut
# by a span's ends, inside a word, with the letters the flag matches to ASCII ones and hyphens
MONEY_CUE_TEXT = ("Fixed-asset INVESTMENT and investments in fixed  assets, reinvested invest-ment; invested 3, "
                  "investment attracted, tax revenue and taxes, ImPoRt and export turnover, the fiscal reveNUE of "
                  "inveſtment in fixed capital, foreign trade-turnover and foreign trade.")


def test_the_english_money_cues_written_with_their_shared_starts_match_as_the_flag_matched() -> None:
    from monitor.extract import metrics

    flagged = metrics._MONEY_CUES["en"][0]
    found = 0
    for start in range(len(MONEY_CUE_TEXT) + 1):
        for end in range(start, len(MONEY_CUE_TEXT) + 1, 3):
            expected = [m.span() for m in flagged.finditer(MONEY_CUE_TEXT, start, end)]
            got = [m.span() for m in metrics._money_cues(MONEY_CUE_TEXT, start, end, "en")]
            assert got == expected, (start, end)
            found += len(expected)
    assert found > 1000


COUNT_TEXT = ("Yangpu signed 12 projects and 30 ENTERPRISES settled, 5 new market  players, 7 Hi-tech firms, 9 "
              "confirmed units of 4 universities, 3 compan-ies, 8 Organiſations; 6 deals, 2 people and 11 firm")


def test_a_count_without_a_counted_noun_near_it_is_read_as_the_scan_read_it(monkeypatch: pytest.MonkeyPatch) -> None:
    from monitor.extract import metrics

    def counts() -> list[tuple[str | None, str]]:
        return [metrics.en_count(COUNT_TEXT, (0, len(COUNT_TEXT)), m.start(), m.end(), sentence_end)
                for m in re.finditer(r"\d+", COUNT_TEXT) for sentence_end in (m.end() + 4, m.end() + 12, len(COUNT_TEXT))]

    gated = counts()
    monkeypatch.setattr(metrics, "_EN_NOUN_WORDS", None)  # no words known: the scan runs for every number
    assert gated == counts()
    assert {noun for _, noun in gated} == {"", "project", "enterprise", metrics.DESIGNATED}


# Plan cues that start alike ("plans to", "planned total investment", "is set to", "is to", "expects",
# "expected"), in any case, inside words ("swill", "thisis to"), with ſ and cut by the span's ends
TARGET_TEXT = ("It PLANS to add 5; planned total investment of 9, is set  to, is scheduled to; this is to 3, swill 4 "
               "and Expected 6, expects 7, estimated, aims for 8, aim to, targeted 9, strives 1, intends to, "
               "it iſ to reach 2, are scheduled to, goal of 3 should 4 Forecast 5 projected 6 will.")


def test_the_english_plan_cues_written_with_their_shared_starts_end_where_the_flag_found_them() -> None:
    from monitor.extract import qualifiers

    flagged = qualifiers._TARGET["en"]
    found = 0
    for start in range(len(TARGET_TEXT) + 1):
        for end in range(start, len(TARGET_TEXT) + 1, 2):
            last = None
            for last in flagged.finditer(TARGET_TEXT, start, end):
                pass
            assert qualifiers._last_target_cue_end(TARGET_TEXT, start, end, "en") == (last and last.end()), (start, end)
            found += last is not None
    assert found > 5000


# Words that overlap ("enterprise", "enterprises", "prise"), one inside another, Chinese ones, and
# letters the flag matches to ASCII ones; more words than are looked for one find at a time
MANY_WORDS = frozenset({"enterprise", "enterprises", "prise", "firm", "firms", "compan", "项目", "企业", "ſ", "units", "deals"})
WORDS_TEXT = "Confirmed: 12 ENTERPRISES and iſ 企业3家 of 4 companies; the unitsdeals项目, surprise, Firm."


def test_many_words_are_held_where_a_find_for_each_finds_one() -> None:
    from monitor.extract.document import _FEW_WORDS, holds_any

    assert len(MANY_WORDS) > _FEW_WORDS
    lowered = lowered_text(WORDS_TEXT)
    held = 0
    for start in range(len(WORDS_TEXT) + 1):
        for end in range(start, len(WORDS_TEXT) + 1):
            expected = any(lowered.find(word, start, end) != -1 for word in MANY_WORDS)
            assert holds_any(WORDS_TEXT, start, end, MANY_WORDS) == expected, (start, end)
            held += expected
    assert 0 < held < (len(WORDS_TEXT) + 1) * (len(WORDS_TEXT) + 2) // 2


VERB_TEXTS = {
    "en": ("Firms plan to land here; 12 will land, 5 SIGNED and settled, 3 put into operation, 4 started construction, "
           "established cooperation with 2, established 6, set up 7, met 8, reſerved 9, inked 10, kicked off 11 and "
           "construction began on 12; island 13, outset 14, metro 15, commenced operations on 16."),
    "zh": "签约落地项目12个，新引进企业5家，开工3个，竣工投产4个，走访企业6家，签约入驻7家，落户8家，洽谈9个，建成投用10个。",
}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_count_verb_is_found_as_the_ungated_scan_found_it(lang: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from monitor.extract import metrics

    text = VERB_TEXTS[lang]
    spans = [(start, end) for start in range(len(text) + 1) for end in range(start, min(len(text), start + 40) + 1)]

    def verbs() -> list[str | None]:
        return [metrics._verb(text, span, lang, last) for span in spans for last in (False, True)]

    gated = verbs()
    monkeypatch.setitem(metrics._VERB_WORDS, lang, None)  # no words known: every span is scanned
    assert gated == verbs()
    assert {"signed_landed", "landed", "started", "completed", "blocked", None} <= set(gated)


NOT_FIGURE_TEXTS = {
    "en": ("Revenue rose by 5 billion yuan to 60 billion yuan, up from 40 billion yuan in 2023. It is one of 14 firms. "
           "Investment grew from 10 billion yuan to 13 billion yuan ($1.8 billion), against 9 billion yuan.\n"
           "Land yields 57.1 million yuan per hectare; per-capita income reached 52,000 yuan. "
           "The 36 enterprises with annual revenue above 1 billion yuan handled 2.1 million TEUs and "
           "17 billion rubles. HK$2 billion was paid, compared with 3 billion yuan. The 12 parks signed 30 projects."),
    "zh": ("营收较上年增长100亿元，达到1200亿元。投资从10亿元增至13亿元（约1.8亿美元）。亩均税收50万元，人均产值20万元。"
           "营收超10亿元的企业36家，亿元以上项目30个，投资强度300万元/亩，前三季度新增企业1287家。"),
}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_not_figure_rules_a_sentence_holds_the_words_of_say_what_all_of_them_say(lang: str) -> None:
    import datetime as dt

    from monitor.extract import extractor
    from monitor.extract.document import sentences
    from monitor.extract.numbers import find_amounts
    from monitor.extract.periods import TimeMarks

    reader = extractor._Reader(NOT_FIGURE_TEXTS[lang], lang, dt.date(2025, 1, 1))
    every_rule = [rule for _, rule, words in extractor._NOT_FIGURES if lang in words]
    amounts = find_amounts(reader.text, lang)
    marks = TimeMarks(reader.text, lang, dt.date(2025, 1, 1))
    fired = set()
    for sentence in sentences(reader.text):
        mine = [amount for amount in amounts if sentence.start <= amount.start < sentence.end]
        sentence_marks = marks.within(sentence.start, sentence.end)
        gated = reader._not_figure_rules(sentence)
        for i in range(len(mine)):
            expected = [rule for rule in every_rule if rule(reader, sentence, mine, i, sentence_marks)]
            assert reader._not_a_figure(gated, sentence, mine, i, sentence_marks) == bool(expected)
            fired.update(expected)
    assert len(fired) >= (9 if lang == "en" else 6)  # nearly every rule fires on some number of the text
