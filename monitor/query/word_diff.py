"""A word-level diff of two article texts that also works for Chinese.

Chinese has no spaces between words and no segmenter is installed, so CJK text is compared
character by character while Latin words and numbers ("5.69", "1,200") stay whole tokens:
a revised figure then shows as `[-5.2-]{+5.69+}` rather than as two changed lines.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

# A number with its decimal point and thousands separators, a Latin word (with inner
# apostrophes and hyphens), a run of white space, or any other single character (one CJK
# character, one punctuation mark).
_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+(?:['’-][^\W\d_]+)*(?<![\u3000-\u9fff])|\s+|.", re.UNICODE)
_CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]")


def tokens(text: str) -> list[str]:
    """Latin words and numbers whole, CJK characters one by one, white space kept."""
    out: list[str] = []
    for match in _TOKEN.finditer(text):
        token = match.group()
        if len(token) > 1 and _CJK.search(token):
            out.extend(token)  # a letter run that swallowed CJK characters: split it
        else:
            out.append(token)
    return out


@dataclass(frozen=True)
class Edit:
    """One changed span: `old` replaced by `new` (either may be empty)."""

    old: str
    new: str


@dataclass(frozen=True)
class WordDiff:
    edits: list[Edit]
    #: The changed lines of the new text, with `[-removed-]{+added+}` marks, unchanged lines left out.
    marked_lines: list[str]

    @property
    def unchanged(self) -> bool:
        return not self.edits

    def as_text(self) -> str:
        return "\n".join(self.marked_lines)


def word_diff(old: str, new: str) -> WordDiff:
    """The edits that turn `old` into `new`, and the changed lines marked up like `git diff --word-diff`."""
    before, after = tokens(old), tokens(new)
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    edits: list[Edit] = []
    marked = ""
    changed_lines: set[int] = set()
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        removed, added = "".join(before[a1:a2]), "".join(after[b1:b2])
        if op == "equal":
            marked += added
            continue
        edits.append(Edit(removed, added))
        first = marked.count("\n")
        marked += (f"[-{removed}-]" if removed else "") + (f"{{+{added}+}}" if added else "")
        changed_lines.update(range(first, marked.count("\n") + 1))
    return WordDiff(edits, _changed_lines(marked.split("\n"), sorted(changed_lines)))


def _changed_lines(lines: list[str], keep: list[int]) -> list[str]:
    """Only the lines (paragraphs) a mark touches, with a gap marker between distant ones."""
    out: list[str] = []
    previous = None
    for index in keep:
        if previous is not None and index > previous + 1:
            out.append("…")
        out.append(lines[index])
        previous = index
    return out
