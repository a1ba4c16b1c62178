"""Normalised article text: what is left once everything that changes on every load is gone.

Two loads of an unchanged article must hash the same, or every cycle would store a "revision".
Portals print visit counters, clocks, print/share widgets and font-size switches around the
body; these patterns cover the English and Chinese forms seen on government CMS templates.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

_NOISE_LINES = re.compile(
    r"""^\s*(
        (?:visits?|views?|page\s*views|hits|read(?:s|\s+count)?|clicks?)\s*[:：]\s*[\d,]+ |
        (?:浏览(?:次数|量)?|阅读(?:次数|量)?|点击(?:数|量|次数)?|访问(?:量|次数)?|访问人次)\s*[:：]?\s*[\d,]+\s*次? |
        (?:current\s+time|当前时间|今天是)\s*[:：]?.* |
        (?:share\s+(?:to|on)|分享到|打印本页|关闭窗口|【?\s*字体\s*[:：]?\s*[大中小\s]+】?|\[?\s*print\s*\]?|\[?\s*close\s*\]?).* |
        you\ are\ leaving\ this\ site\ and\ will\ be\ connected\ to\ a\ third-party\ website\.?
    )\s*$""",
    re.IGNORECASE | re.VERBOSE,
)
_INLINE_COUNTER = re.compile(
    r"(?:(?:浏览|阅读|点击|访问)(?:次数|量|数)?|visits|views|hits)\s*[:：]\s*[\d,]+\s*次?",
    re.IGNORECASE,
)
#: Runs of spaces, tabs, ideographic and no-break spaces, folded to one space. A lone plain space
#: is left out of the pattern: replacing it by itself cost a substitution per word.
_SPACES = re.compile(r"[ \t\u3000\xa0]{2,}|[\t\u3000\xa0]")
#: Substrings without which `_SPACES` / `_INLINE_COUNTER` cannot match: `in` is a fast scan
#: in C, the patterns a slower one, so most texts skip them.
_SPACE_MARKS = ("  ", "\t", "\u3000", "\xa0")
_COLONS = (":", "：")


def fold_spaces(text: str) -> str:
    """Runs of spaces, tabs, ideographic and no-break spaces as one space (newlines kept)."""
    if any(mark in text for mark in _SPACE_MARKS):
        return _SPACES.sub(" ", text)
    return text


def normalise_text(text: str) -> str:
    """Unicode NFC, noise lines dropped, runs of spaces folded, blank lines collapsed."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    # Both patterns below work on the whole text at once (neither crosses a line: the spaces
    # class has no newline); a text with no counter anywhere skips the per-line removal.
    text = fold_spaces(text)
    counters = any(colon in text for colon in _COLONS) and _INLINE_COUNTER.search(text) is not None
    kept: list[str] = []
    for raw in text.split("\n"):
        line = raw.strip()
        if not line or _NOISE_LINES.match(line):
            continue
        if counters:
            line = _INLINE_COUNTER.sub("", line).strip()
        if line:
            kept.append(line)
    return "\n".join(kept)


def content_hash(normalised: str) -> str:
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()
