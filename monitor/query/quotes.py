"""Cutting a quote or a title for a table cell without cutting a word in two."""

from __future__ import annotations


def shorten(text: str | None, limit: int) -> str:
    """`text` cut to at most `limit` characters at a sentence end, else a word end, then "…".

    Chinese has no spaces: there a cut falls after a clause mark (，；、) if one is near.
    """
    if not text:
        return ""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    head = text[: limit - 1]
    floor = limit // 2
    for marks in ("。！？.!?", "；;，,、"):
        cut = max(head.rfind(mark) for mark in marks)
        if cut >= floor and (head[cut] not in ".,;" or cut + 1 >= len(head) or head[cut + 1] == " "):
            return head[: cut + 1] + ("" if head[cut] in "。！？.!?" else " …")
    space = head.rfind(" ")
    if space >= floor:
        return head[:space].rstrip(",;:") + " …"
    return head + "…"


def whole_words(quote: str | None, text: str | None) -> str | None:
    """`quote` widened to whole words of `text` when it starts or ends inside a word.

    The extractor keeps the shortest span that states a figure, which can begin inside a
    hyphenated name ("-Hainan Advanced …" of "Guangdong-Hainan"); a reader needs whole words.
    Chinese has no words to split, and a quote not found in the text is left as it is.
    """
    if not quote or not text:
        return quote
    start = text.find(quote)
    if start < 0:
        return quote
    end = start + len(quote)
    joined = lambda ch: ch.isascii() and (ch.isalnum() or ch in "-'’")  # noqa: E731 - one-line predicate
    while start > 0 and joined(text[start - 1]) and (joined(text[start]) or text[start] == "-"):
        start -= 1
    while end < len(text) and joined(text[end]) and joined(text[end - 1]):
        end += 1
    return text[start:end]
