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
