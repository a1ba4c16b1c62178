"""What a regex needs and where a match can start: the shortcuts that let a scan skip, in C,
the text no match can be in.

Python's regex engine tries a pattern that opens on a look-behind, a \\b or an optional group at
every position of a text, and a case-insensitive one at every letter.  These functions read a
pattern (as the `re` parser gives it) for the strings a match cannot do without (a text lacking
them is not scanned at all) and for the characters or words a match opens with (a scan then
jumps to those), and write alternations whose branches share their start once.  Each shortcut
finds what the plain scan finds; tests/test_gazetteer_scan.py and tests/test_scan_shortcuts.py
compare them over every span of their texts.
"""

from __future__ import annotations

import itertools
import math
import re
import sys
from collections.abc import Iterable, Iterator


def required_literals(pattern: str) -> frozenset[str] | None:
    """Case-folded strings of which every match of `pattern` contains at least one (None when
    that cannot be told). A pattern's regex, led by a look-behind, is tried at every position of
    a text; an `in` test for these strings rules most texts out first (the gazetteer's patterns,
    the period rules)."""
    try:
        parsed = re._parser.parse(pattern, re.IGNORECASE)  # type: ignore[attr-defined]
    except (AttributeError, re.error):
        return None
    return _needs(parsed)


def required_literal_groups(pattern: str) -> list[frozenset[str]]:
    """Every group of case-folded strings of which a match of `pattern` holds one, each part of
    the pattern that cannot be left out giving one ("(?:11|13)\\s+(?:zones|parks)": {"11", "13"}
    and {"zones", "parks"}): a text must hold a string of each.  Finer than `required_literals`,
    whose one group of the longest strings ("development", "industrial", "parks") most park news
    holds."""
    try:
        parsed = re._parser.parse(pattern, re.IGNORECASE)  # type: ignore[attr-defined]
    except (AttributeError, re.error):
        return []
    groups = list(dict.fromkeys(_need_groups(parsed)))
    return [group for group in groups if not any(other < group for other in groups)]  # a wider one adds nothing


def _need_groups(sequence: object) -> list[frozenset[str]]:
    """For a parsed sequence: a group for each run of literal characters, the groups of what a
    group or a repeat (at least once) needs, and those of an alternation (`_branch_groups`)."""
    from re import _constants as c  # type: ignore[attr-defined]

    groups: list[frozenset[str]] = []
    run = ""
    for op, argument in list(sequence) + [(None, None)]:  # type: ignore[call-overload]
        if op is c.LITERAL:
            run += chr(argument)
            continue
        if run:
            groups.append(frozenset({run.casefold()}))
            run = ""
        if op is c.SUBPATTERN:
            groups += _need_groups(argument[-1])
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT) and argument[0] >= 1:
            groups += _need_groups(argument[2])
        elif op is c.BRANCH:
            groups += _branch_groups([_need_groups(branch) for branch in argument[1]])
    return groups


def _branch_groups(branches: list[list[frozenset[str]]]) -> list[frozenset[str]]:
    """What an alternation needs, given what each branch needs: a match holds a string of one
    group of each branch, so of the union of any choice of one group per branch ("development
    zones|industrial parks|parks" needs "zones" or "parks"). Every choice, while they are few."""
    if not branches or not all(branches) or math.prod(map(len, branches)) > _MAX_CHOICES:
        return []
    return [frozenset().union(*choice) for choice in itertools.product(*branches)]


_MAX_CHOICES = 16


def _needs(sequence: object) -> frozenset[str] | None:
    """For a parsed sequence: its longest run of literal characters, else the union of what each
    branch of an alternation needs, else what a group or a repeat (at least once) needs."""
    from re import _constants as c  # type: ignore[attr-defined]

    best: frozenset[str] | None = None
    run = ""
    runs: list[str] = []
    for op, argument in list(sequence) + [(None, None)]:  # type: ignore[call-overload]
        if op is c.LITERAL:
            run += chr(argument)
            continue
        if run:
            runs.append(run)
            run = ""
        found: frozenset[str] | None = None
        if op is c.SUBPATTERN:
            found = _needs(argument[-1])
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT) and argument[0] >= 1:
            found = _needs(argument[2])
        elif op is c.BRANCH:
            alternatives = [_needs(branch) for branch in argument[1]]
            if all(alternative is not None for alternative in alternatives):
                found = frozenset().union(*alternatives)  # type: ignore[arg-type]
        if found and (best is None or min(map(len, found)) > min(map(len, best))):
            best = found
    if runs:
        longest = max(runs, key=len)
        if best is None or len(longest) >= min(map(len, best)):
            return frozenset({longest.casefold()})
    return best


def first_characters(pattern: str, flags: int = re.IGNORECASE) -> str | None:
    """A character class (its inside, for `[...]`) holding every character a match of `pattern`
    (compiled with `flags`) can start with, or None when that cannot be told (the scan then
    tries every position). Zero-width assertions are looked through; an optional item adds what
    may follow it. A letter matched case-sensitively gives only itself: "[Tt]he" starts at "t"
    and "T", "Hainan" at "H" only, which in English text is the difference between trying most
    words and trying a few."""
    from re import _constants as c  # type: ignore[attr-defined]

    try:
        parsed = re._parser.parse(pattern, flags)  # type: ignore[attr-defined]
    except (AttributeError, re.error):
        return None

    def cased(code: int, ignore_case: bool) -> str:
        char = chr(code)
        if not char.isascii():
            return re.escape(char) if char.lower() == char.upper() else ""  # "" : not known
        if ignore_case and char.isalpha():
            return re.escape(char.lower()) + re.escape(char.upper())
        return re.escape(char)

    def item(op: object, argument: object, ignore_case: bool) -> str | None:
        if op is c.LITERAL:
            return cased(argument, ignore_case) or None  # type: ignore[arg-type]
        if op is c.IN:
            parts = []
            for inner, value in argument:  # type: ignore[attr-defined]
                if inner is c.LITERAL and cased(value, ignore_case):
                    parts.append(cased(value, ignore_case))
                elif inner is c.RANGE and chr(value[1]).isascii():
                    low, high = chr(value[0]), chr(value[1])
                    parts.append(f"{re.escape(low)}-{re.escape(high)}")
                    if ignore_case and low.isalpha() and high.isalpha():
                        parts.append(f"{re.escape(low.swapcase())}-{re.escape(high.swapcase())}")
                elif inner is c.CATEGORY and value is c.CATEGORY_DIGIT:
                    parts.append(r"\d")
                else:
                    return None
            return "".join(parts)
        return None

    def first(sequence: object, ignore_case: bool) -> tuple[str | None, bool]:
        """(class of the first characters, whether the sequence can match the empty string)"""
        parts: list[str] = []
        for op, argument in sequence:  # type: ignore[attr-defined]
            if op in (c.AT, c.ASSERT, c.ASSERT_NOT):
                continue
            if op is c.SUBPATTERN:  # (group, flags added, flags removed, sequence): "(?i:…)" scopes the case
                _, added, removed, inner = argument  # type: ignore[misc]
                found, empty = first(inner, bool(added & re.IGNORECASE) or (ignore_case and not removed & re.IGNORECASE))
            elif op in (c.MAX_REPEAT, c.MIN_REPEAT):
                found, empty = first(argument[2], ignore_case)
                empty = empty or argument[0] == 0
            elif op is c.BRANCH:
                branches = [first(branch, ignore_case) for branch in argument[1]]
                if any(found is None for found, _ in branches):
                    return None, True
                found, empty = "".join(found for found, _ in branches), any(empty for _, empty in branches)  # type: ignore[misc]
            else:
                found, empty = item(op, argument, ignore_case), False
            if found is None:
                return None, True
            parts.append(found)
            if not empty:
                return "".join(parts), False
        return "".join(parts), True

    found, empty = first(parsed, bool(parsed.state.flags & re.IGNORECASE))
    return None if empty or not found else found


def holds_one_of_each(lowered: str, groups: list[frozenset[str]]) -> bool:
    """Whether `lowered` holds a string of each group (`required_literal_groups`); loops, as
    all() and any() over generators cost more than the `in` tests they run."""
    for group in groups:
        for literal in group:
            if literal in lowered:
                break
        else:
            return False
    return True


# One token of an alias regex (the gazetteer's `_alias_regex_from`): a class, an escape or a character, with its
# quantifier; or the closing look-ahead
_ALIAS_TOKEN = re.compile(r"\[[^\]]*\][*+?]?|\\.[*+?]?|\(\?![^)]*\)|.[*+?]?", re.DOTALL)


def shared_starts_once(alternatives: list[str]) -> str:
    """The case-insensitive alternation of `alternatives` (alias regexes, in order) with the
    characters they start with in common written once ("ainan(?:[\\s\\-]+Boao…|…)"): at an "H"
    of the text the regex engine then reads "ainan" once, not once for each of the sixty names
    that start with it.  What matches is kept: only alternatives next to each other are grouped
    (the engine tries them in the same order); under a first token that matches one given
    character, those under different ones never match at the same place; a first token that
    can match more than one way ("[\\s\\-]+") is written once only where a character follows it
    in each, which it cannot match, so it matches the same characters whichever goes on to match."""
    return _factored([_ALIAS_TOKEN.findall(alternative) for alternative in alternatives])


def _is_one_character(token: str) -> bool:
    """A token that matches one given character (its case aside): an ASCII letter or digit, or a
    character without case (Chinese), with no quantifier."""
    return len(token) == 1 and (token.isascii() and token.isalnum() or not token.isascii() and token.lower() == token.upper())


def _shared_start(alternative: list[str]) -> str | None:
    """What `alternative` may be grouped by: "" when it opens on one character (grouped by that
    character), its first token when a character follows that, else None (left as it is)."""
    if alternative and _is_one_character(alternative[0]):
        return ""
    if len(alternative) > 1 and _is_one_character(alternative[1]):
        return alternative[0]
    return None


def _factored(alternatives: list[list[str]]) -> str:
    """`shared_starts_once` of tokenised alternatives, recursively."""
    if len(alternatives) == 1:
        return "".join(alternatives[0])
    parts: list[str] = []
    for start, run in itertools.groupby(alternatives, key=_shared_start):
        run = list(run)
        if start is None:
            parts.extend("".join(alternative) for alternative in run)
        elif start:
            parts.append(start + _factored([alternative[1:] for alternative in run]))
        else:
            by_first: dict[str, list[list[str]]] = {}
            for alternative in run:
                by_first.setdefault(alternative[0].lower(), []).append(alternative)
            parts.extend(group[0][0] + _factored([alternative[1:] for alternative in group]) for group in by_first.values())
    return parts[0] if len(parts) == 1 else "(?:" + "|".join(parts) + ")"


def pattern_starts(pattern: str) -> re.Pattern[str] | None:
    """Where a match of a gazetteer pattern can start: one of its first characters at the start
    of a word. A regex led by a look-behind is tried at every position of a text; this one
    starts with a character class, which the engine looks for in C."""
    first = first_characters(pattern)
    return re.compile(f"[{first}](?<![A-Za-z0-9][\\s\\S])") if first else None


def where_it_matches(starts: re.Pattern[str], regex: re.Pattern[str], width: int = 1) -> re.Pattern[str]:
    """`starts` (which matches `width` characters) narrowed, in C, to the positions where `regex`
    matches (a look-ahead for it, looked back into from after the start's characters): English
    text has a possible start ("t", "e", a digit) at most words, and a regex.match in Python for
    each of them was most of the scan."""
    if regex.flags & ~(re.IGNORECASE | re.UNICODE):
        return starts  # a flag a scoped group cannot carry
    scope = "(?i:" if regex.flags & re.IGNORECASE else "(?:"
    try:
        return re.compile(starts.pattern + "(?<=(?=" + scope + regex.pattern + "))[\\s\\S]{" + str(width) + "})")
    except re.error:  # a pattern that cannot be nested so
        return starts


_MAX_OPENINGS = 64
_OPENING_LENGTH = 4  # enough for the regex engine to skip ahead; longer ones only multiply
_MAX_WORD_SCANS = 8


def _openings(pattern: str, flags: int) -> frozenset[str] | None:
    """Strings, as written, one of which every match of `pattern` (compiled with `flags`) opens
    with ("\\b[Tt]he\\s+province|\\bon\\s+Hainan": "The", "the", "on"), or None when that cannot be
    told. Zero-width assertions are looked through; a letter matched regardless of case, a class
    of more than literals, or anything else ends the strings there (they stay true openings), and
    so does their fourth character."""
    from re import _constants as c  # type: ignore[attr-defined]

    try:
        parsed = re._parser.parse(pattern, flags)  # type: ignore[attr-defined]
    except (AttributeError, re.error):
        return None

    def literal(code: int, ignore_case: bool) -> str | None:
        char = chr(code)
        return None if ignore_case and char.lower() != char.upper() else char

    def options(op: object, argument: object, ignore_case: bool) -> list[tuple[str, bool]] | None:
        """What one item can open with: (string, whether the item ends with it, so what follows
        may extend it), or None: nothing literal."""
        if op is c.LITERAL:
            char = literal(argument, ignore_case)  # type: ignore[arg-type]
            return None if char is None else [(char, True)]
        if op is c.IN:
            chars = [literal(value, ignore_case) if inner is c.LITERAL else None for inner, value in argument]  # type: ignore[attr-defined]
            return None if None in chars else [(char, True) for char in chars]  # type: ignore[misc]
        if op is c.SUBPATTERN:
            _, added, removed, inner = argument  # type: ignore[misc]
            return sequence(inner, bool(added & re.IGNORECASE) or (ignore_case and not removed & re.IGNORECASE))
        if op is c.BRANCH:
            branches = [sequence(branch, ignore_case) for branch in argument[1]]  # type: ignore[index]
            return None if None in branches else [option for branch in branches for option in branch]  # type: ignore[union-attr]
        if op in (c.MAX_REPEAT, c.MIN_REPEAT):
            low, _, inner = argument  # type: ignore[misc]
            once = sequence(inner, ignore_case)
            if once is None:
                return None
            ended = [(string, False) for string, _ in once]  # a repeat may go on with the item again
            return ended + [("", True)] if low == 0 else ended
        return None

    def sequence(items: object, ignore_case: bool) -> list[tuple[str, bool]] | None:
        strings: list[tuple[str, bool]] = [("", True)]
        for op, argument in items:  # type: ignore[attr-defined]
            if not any(going_on for _, going_on in strings):
                break
            if op in (c.AT, c.ASSERT, c.ASSERT_NOT):
                continue
            following = options(op, argument, ignore_case)
            if following is None:
                strings = [(string, False) for string, _ in strings]
                break
            strings = [(string + more, ends) if going_on else (string, False)
                       for string, going_on in strings for more, ends in (following if going_on else [("", False)])]
            strings = [(string[:_OPENING_LENGTH], False) if len(string) >= _OPENING_LENGTH else (string, going_on)
                       for string, going_on in strings]
            if len(strings) > _MAX_OPENINGS:
                return None
        return list(dict.fromkeys(strings))

    found = sequence(parsed, bool(parsed.state.flags & re.IGNORECASE))
    if found is None or any(not string for string, _ in found):
        return None
    return frozenset(string for string, _ in found)


def _start_scans(regex: re.Pattern[str]) -> tuple[re.Pattern[str], ...] | None:
    """Scans, each run in C, that together find every position where `regex` matches (and only
    those, `where_it_matches`). A word a match opens with that starts with a lower-case letter
    ("the", "on") is looked for as a string, which the regex engine finds without stopping at
    each letter ("t" opens most words of English text); the other openings (capitals, digits,
    Chinese characters) by one class of their first characters."""
    first = first_characters(regex.pattern, regex.flags)
    if not first:
        return None
    whole = where_it_matches(re.compile(f"[{first}]"), regex)
    openings = _openings(regex.pattern, regex.flags)
    if openings is None or whole.pattern == f"[{first}]":  # not known, or the regex cannot be nested to narrow a scan
        return (whole,)
    by_first: dict[str, list[str]] = {}
    for opening in sorted(openings):
        by_first.setdefault(opening[0], []).append(opening)
    words = [opening for char, group in by_first.items() if char.isascii() and char.islower()
             and all(len(opening) > 1 for opening in group) for opening in group]
    words = [word for word in words if not any(word != other and word.startswith(other) for other in words)]
    if len(words) > _MAX_WORD_SCANS:
        words = []
    scans = [where_it_matches(re.compile(re.escape(word)), regex, len(word)) for word in words]
    rest = "".join(re.escape(char) for char in by_first if not any(word[0] == char for word in words))
    if rest:
        scans.append(where_it_matches(re.compile(f"[{rest}]"), regex))
    return tuple(scans)


class StartScan:
    """`regex.finditer` by scans that skip, in C, to the strings or characters a match can start
    with and try the regex only there (`_start_scans`): for a pattern whose branches open on a \\b
    or a look-behind, which the regex engine otherwise tries at every position of a text."""

    def __init__(self, regex: re.Pattern[str]):
        self.regex = regex
        self._starts = _start_scans(regex)

    def finditer(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> Iterator[re.Match[str]]:
        return matches(self.regex, self._starts, text, pos, endpos)

    def search(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        return next(self.finditer(text, pos, endpos), None)


def matches(regex: re.Pattern[str], starts: re.Pattern[str] | tuple[re.Pattern[str], ...] | None, text: str,
             pos: int = 0, endpos: int = sys.maxsize) -> Iterator[re.Match[str]]:
    """`regex.finditer(text, pos, endpos)`, trying `regex` only where `starts` (a scan, or several
    whose finds are put in text order: few, as each finds only where the regex matches) finds a
    possible start."""
    if starts is None:
        yield from regex.finditer(text, pos, endpos)
        return
    if isinstance(starts, re.Pattern) or len(starts) == 1:
        scan = starts if isinstance(starts, re.Pattern) else starts[0]
        candidates: Iterable[int] = (candidate.start() for candidate in scan.finditer(text, pos, endpos))
    else:
        candidates = sorted(candidate.start() for scan in starts for candidate in scan.finditer(text, pos, endpos))
    position = pos
    for start in candidates:
        if start < position:
            continue
        match = regex.match(text, start, endpos)
        if match:
            yield match
            position = max(match.end(), match.start() + 1)
