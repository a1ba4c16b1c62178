"""Decoding Chinese pages right: declared charset first, then UTF-8 if it decodes, then GB18030.

Scrapy's fallback for an undeclared charset is cp1252, which turns an undeclared GBK page
into mojibake that would be stored and hashed as text. GB18030 is a superset of GBK/GB2312.
"""

from __future__ import annotations

import codecs
import re

from scrapy.http import Response

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.IGNORECASE)
#: Declared names (after codecs' own aliasing) read with the superset the sites really send:
#: pages labelled gb2312/GBK use GB18030-only characters (rare names), Big5 pages HKSCS ones.
_SUPERSETS = {"gb2312": "gb18030", "gbk": "gb18030", "big5": "big5hkscs", "cp950": "big5hkscs"}


def declared_charset(response: Response) -> str | None:
    header = response.headers.get(b"Content-Type", b"") or b""
    match = re.search(rb"charset\s*=\s*([A-Za-z0-9_\-]+)", header, re.IGNORECASE)
    if not match:
        match = _META_CHARSET.search(response.body[:4096])
    if not match:
        return None
    name = match.group(1).decode("ascii", "ignore").lower().replace("x-", "", 1)
    try:
        name = codecs.lookup(name).name
    except LookupError:
        return None
    return _SUPERSETS.get(name, name)


def decode_body(response: Response) -> str:
    """The page's text, whatever (or whether) it declared.

    Order: a UTF-8 byte-order mark, the declared charset (header, then meta), UTF-8, GB18030.
    A declaration that the bytes contradict (a page saying gb2312 but sent as UTF-8) falls
    through to the next candidate rather than producing replacement characters.
    """
    body = response.body
    if body.startswith(codecs.BOM_UTF8):
        return body[len(codecs.BOM_UTF8) :].decode("utf-8", "replace")
    declared = declared_charset(response)
    candidates = list(dict.fromkeys(name for name in (declared, "utf-8", "gb18030") if name))
    for name in candidates:
        try:
            return body.decode(name)
        except UnicodeDecodeError:
            continue
    return body.decode(declared or "gb18030", "replace")
