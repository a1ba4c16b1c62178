"""From a fetched document to clean text cut into paragraphs and sentences.

Figures are read sentence by sentence, so this module decides what a sentence is: Chinese ends
one at 。！？, English at a full stop that is not an abbreviation ("Co., Ltd.") or a decimal.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_HTML = re.compile(r"<(?:html|body|div|p|article|span|br|table|head)\b", re.IGNORECASE)


def to_text(document: str) -> str:
    """Plain text as is; HTML through trafilatura (main content only, no navigation)."""
    if not _HTML.search(document[:5000]):
        return document
    import trafilatura  # imported here: plain text, the common case, never pays for it

    text = trafilatura.extract(document, include_comments=False, include_tables=True, favor_recall=True)
    if text:
        return text
    from lxml import html

    return html.fromstring(document).text_content()


@dataclass(frozen=True)
class Sentence:
    """A sentence as a span of the folded text; `paragraph` numbers the paragraphs."""

    start: int
    end: int
    paragraph: int


_ABBREVIATIONS = re.compile(r"(?:\b(?:Co|Ltd|Inc|No|Intl|Corp|Dr|Mr|Ms|St|Jan|Feb|Mar|Apr|Aug|Sept|Sep|Oct|Nov|Dec|U\.S|vs)|\b[A-Z])$")
_BOUNDARY = re.compile(r"[。！？!?]+[”\"’)）]*|\.(?=\s+[\"“A-Z(]|\s*$)|\n")


def sentences(text: str) -> list[Sentence]:
    """Split folded text into sentences, keeping offsets into it."""
    result: list[Sentence] = []
    start, paragraph = 0, 0
    for match in _BOUNDARY.finditer(text):
        if match.group() == "." and _ABBREVIATIONS.search(text[max(0, match.start() - 8):match.start()]):
            continue
        end = match.end() if match.group() != "\n" else match.start()
        if text[start:end].strip():
            result.append(Sentence(start, end, paragraph))
        if match.group() == "\n":
            paragraph += 1
        start = match.end()
    if text[start:].strip():
        result.append(Sentence(start, len(text), paragraph))
    return result
