"""From a fetched document to clean text cut into paragraphs and sentences.

An HTML document is read the way the crawl reads a page, through the one HTML→text path in
`scraper/` (`read_page`: the template selectors, then the main content, then trafilatura), so
`hainan-monitor extract page.html` and a crawl of the same page find the same figures. Bytes
are decoded as the crawl decodes them (BOM, declared charset, UTF-8, GB18030), and the page's
own published date is read by the crawl's date reader.

Figures are read sentence by sentence, so this module also decides what a sentence is: Chinese
ends one at 。！？, English at a full stop that is not an abbreviation ("Co., Ltd.") or a decimal.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass

from db.gazetteer import required_literals

_HTML = re.compile(r"<(?:html|body|div|p|article|span|br|table|head)\b", re.IGNORECASE)
#: Magic numbers of the non-text files a user may pass by mistake.
_BINARY_SIGNATURES = {
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"%PDF": "a PDF file",
    b"PK\x03\x04": "a ZIP archive (or a Word/Excel file)",
    b"\x1f\x8b": "a gzip archive",
    b"\xd0\xcf\x11\xe0": "an old Office file",
}


class DocumentError(ValueError):
    """The input is not a text or HTML document with any text in it; the message says what it is."""


@dataclass(frozen=True)
class Document:
    """A document ready for the extractor: its text (headline first) and what the page says of itself."""

    text: str
    published: dt.date | None = None
    language: str | None = None
    is_html: bool = False


def is_html(document: str) -> bool:
    return bool(_HTML.search(document[:5000]))


def to_text(document: str) -> str:
    """Plain text as is; HTML through the crawl's reader (headline, then the article body)."""
    if not is_html(document):
        return document
    from scraper.html_text import read_page  # plain text, the common case, never pays for it

    page = read_page(document)
    return f"{page.title}\n\n{page.text}" if page.title else page.text


def read_document(data: bytes, url: str = "") -> Document:
    """Bytes of a text or HTML file → a Document; anything else is a DocumentError."""
    if not data.strip():
        raise DocumentError("the input is empty; give a text or HTML document")
    for signature, what in _BINARY_SIGNATURES.items():
        if data.startswith(signature):
            raise DocumentError(f"the input is {what}, not a text or HTML document")
    from scraper.html_text import decode_page, read_page

    text = decode_page(data)
    if _looks_binary(text):
        raise DocumentError("the input is binary data, not a text or HTML document")
    if not is_html(text):
        return Document(text=text)
    page = read_page(text, url)
    if not page.text.strip():
        raise DocumentError("the HTML holds no article text (no body the crawler could read)")
    body = f"{page.title}\n\n{page.text}" if page.title else page.text
    return Document(text=body, published=page.published, language=page.language, is_html=True)


def _looks_binary(text: str) -> bool:
    """NUL bytes, or more than 1 % replacement or control characters: not a document."""
    sample = text[:20000]
    if "\x00" in sample:
        return True
    odd = sum(1 for ch in sample if ch == "\ufffd" or (ord(ch) < 32 and ch not in "\t\n\r\f"))
    return odd > max(3, len(sample) // 100)


def lower_keeping_offsets(text: str) -> str:
    """The text in lower case, one character for one, so a match in it is a span of the text (a
    letter whose lower case is longer, "İ", stays as it is): English patterns run on it without
    the case-insensitive flag, which keeps the regex engine from skipping ahead."""
    lowered = text.lower()
    if len(lowered) != len(text):
        lowered = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    return lowered


# The letters the case-insensitive flag matches to an ASCII one that lower() does not make it
_FLAG_ONLY_LETTERS = str.maketrans({"ſ": "s", "ı": "i", "İ": "i"})


@functools.lru_cache(maxsize=4)
def lowered_text(text: str) -> str:
    """`lower_keeping_offsets(text)` with ſ, ı and İ as s and i: a lower-case pattern of ASCII
    letters matches in it where it matched the text with the case-insensitive flag.  Kept for
    the last few texts: the rules ask for it once per number of the article being read."""
    lowered = lower_keeping_offsets(text)
    if "ſ" in lowered or "ı" in lowered or "İ" in lowered:
        lowered = lowered.translate(_FLAG_ONLY_LETTERS)
    return lowered


def needed_words(pattern: str) -> frozenset[str] | None:
    """The words a match of `pattern` holds one of (gazetteer's `required_literals`), as they are
    in a lowered text; None (nothing known) for a pattern with a letter outside ASCII that has a
    case, where lower() and the case folding of those words may part (ß, ς)."""
    if any(not char.isascii() and char.lower() != char.upper() for char in pattern):
        return None
    return required_literals(pattern)


# Above this many words, one search for any of them costs less than a find for each
_FEW_WORDS = 5


@functools.lru_cache(maxsize=256)
def _any_of(words: frozenset[str]) -> re.Pattern[str]:
    """The words as one alternation of plain strings, found where a find for each would find one;
    kept per set of words (the rules' patterns need a few dozen sets, none of them an article's)."""
    return re.compile("|".join(re.escape(word) for word in sorted(words)))


def holds_any(text: str, start: int, end: int, words: frozenset[str] | None) -> bool:
    """Whether text[start:end], lowered (`lowered_text`), holds one of `words` (None: nothing
    known, True).  Given the words a pattern cannot match without (`needed_words`), False tells,
    in C, that the pattern, which a search tries at every position of the span, would find
    nothing there."""
    if words is None:
        return True
    lowered = lowered_text(text)
    if len(words) > _FEW_WORDS:
        return _any_of(words).search(lowered, start, end) is not None
    for word in words:  # a loop: any() over a generator costs more than the finds it runs
        if lowered.find(word, start, end) != -1:
            return True
    return False


def search_holding(regex: re.Pattern[str], words: frozenset[str] | None, text: str, start: int,
                   end: int) -> re.Match[str] | None:
    """`regex.search(text, start, end)`, not tried when the span holds none of `words` (`holds_any`)."""
    return regex.search(text, start, end) if holds_any(text, start, end, words) else None


# Slots, not frozen: built many times per article, and a frozen dataclass's __init__ costs
# about four times as much; nothing hashes or changes one.
@dataclass(slots=True)
class Sentence:
    """A sentence as a span of the folded text; `paragraph` numbers the paragraphs."""

    start: int
    end: int
    paragraph: int


# Searched in the eight characters before a full stop, in place: no abbreviation is eight long, so
# none opens where the span does, and its "\b" reads the same there as at the start of a copy
_ABBREVIATIONS = re.compile(r"(?:\b(?:Co|Ltd|Inc|No|Intl|Corp|Dr|Mr|Ms|St|Jan|Feb|Mar|Apr|Aug|Sept|Sep|Oct|Nov|Dec|U\.S|vs)|\b[A-Z])$")
# One character class first, so the regex engine skips ahead to the candidates
_BOUNDARY = re.compile(r"[。！？!?.\n](?:(?<=[。！？!?])[。！？!?]*[”\"’)）]*|(?<=\.)(?=\s+[\"“A-Z(]|\s*$)|(?<=\n))")


_NOT_SPACE = re.compile(r"\S")  # what str.strip() leaves, found without copying the span


def sentences(text: str) -> list[Sentence]:
    """Split folded text into sentences, keeping offsets into it."""
    result: list[Sentence] = []
    start, paragraph = 0, 0
    for match in _BOUNDARY.finditer(text):
        mark = match.group()
        if mark == "." and _ABBREVIATIONS.search(text, max(0, match.start() - 8), match.start()):
            continue
        end = match.start() if mark == "\n" else match.end()
        if _NOT_SPACE.search(text, start, end):
            result.append(Sentence(start, end, paragraph))
        if mark == "\n":
            paragraph += 1
        start = match.end()
    if _NOT_SPACE.search(text, start):
        result.append(Sentence(start, len(text), paragraph))
    return result


_CLAUSE_END = {"zh": "，,；;。：:！？", "en": ",;:"}
CLAUSE_STOP = {lang: re.compile(f"[{re.escape(stops)}]") for lang, stops in _CLAUSE_END.items()}
_LAST_CLAUSE_STOP = {lang: re.compile(f"(?s:.*)[{re.escape(stops)}]") for lang, stops in _CLAUSE_END.items()}


def clause_around(text: str, sentence: Sentence, start: int, end: int, lang: str) -> tuple[int, int]:
    """The clause around text[start:end]: from the stop before it to the stop after it, in its sentence."""
    left = _LAST_CLAUSE_STOP[lang].match(text, sentence.start, start)  # greedy: up to the last stop before start
    right = CLAUSE_STOP[lang].search(text, end, sentence.end)
    return (left.end() if left else sentence.start, right.start() if right else sentence.end)
