"""English patterns run on the text in lower case (document.lower_keeping_offsets), and the
pattern surgery that makes them so.

A case-insensitive pattern whose alternatives open on \\b is tried by the regex engine at every
position of a text; the same pattern in lower case, without the flag and with the \\b checked
after the match, lets the engine skip in C to the letters it opens with.  The period rules, the
money cues and the plan cues are read this way.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from db.gazetteer.scan import shared_starts_once


def top_level_alternatives(pattern: str) -> list[str]:
    """The pattern split at its top-level "|" (not inside a group or a class, not escaped)."""
    parts, depth, in_class, current, i = [], 0, False, [], 0
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":
            current.append(pattern[i:i + 2])
            i += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and depth == 0:
            parts.append("".join(current))
            current = []
            i += 1
            continue
        current.append(char)
        i += 1
    return [*parts, "".join(current)]


def lower_case(pattern: str) -> str:
    """The pattern's letters in lower case, but not its escapes (\\S, \\D …) or group names."""
    out, i = [], 0
    while i < len(pattern):
        if pattern[i] == "\\":
            out.append(pattern[i:i + 2])
            i += 2
        elif pattern.startswith(("(?P<", "(?P="), i):
            close = pattern.index(">" if pattern[i + 3] == "<" else ")", i)
            out.append(pattern[i:close + 1])
            i = close + 1
        else:
            out.append(pattern[i].lower())
            i += 1
    return "".join(out)


def word_initial(regex: re.Pattern[str]) -> re.Pattern[str] | None:
    """A case-insensitive rule whose every alternative opens with \\b, rewritten for lower-cased
    text: lower case, no flag, no leading \\b (checked after the match, `word_matches`).  The
    regex engine skips through a text to the letters such a pattern opens with; with the flag or
    the \\b it tries every position, which made these rules most of the period reading's time."""
    alternatives = top_level_alternatives(regex.pattern)
    if not regex.flags & re.IGNORECASE or not all(alt.startswith("\\b") for alt in alternatives):
        return None
    return re.compile("|".join(lower_case(alt[2:]) for alt in alternatives))


def word_matches(regex: re.Pattern[str], lowered: str, start: int, end: int) -> Iterator[re.Match[str]]:
    """`finditer` of a `word_initial` rule, keeping (as its \\b did) only matches that open a word."""
    position = start
    while (m := regex.search(lowered, position, end)) is not None:
        at = m.start()
        if at and (lowered[at - 1].isalnum() or lowered[at - 1] == "_"):
            position = at + 1
            continue
        yield m
        position = max(m.end(), at + 1)


def cues_written_once(regex: re.Pattern[str] | None) -> re.Pattern[str] | None:
    """A `word_initial` rule with the cues that start alike written with their shared start once,
    as the gazetteer writes its names (the same cues match): at an "e" of a sentence the engine
    reads "expect" once, not once for each cue opening with it.  The cues are its top-level
    alternatives, or those of the group it is when it reads "(?:cue|cue|…)\\b"."""
    if regex is None:
        return None
    pattern = regex.pattern
    if pattern.startswith("(?:") and pattern.endswith(")\\b") and _is_regex(pattern[3:-3]):
        return re.compile("(?:" + shared_starts_once(top_level_alternatives(pattern[3:-3])) + ")\\b")
    return re.compile(shared_starts_once(top_level_alternatives(pattern)))


def _is_regex(pattern: str) -> bool:
    """Whether `pattern` compiles: "(?:a)|(?:b)\\b" opens and ends like one group and is two."""
    try:
        re.compile(pattern)
    except re.error:
        return False
    return True
