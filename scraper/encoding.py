"""Decoding Chinese pages right: declared charset first, then UTF-8 if it decodes, then GB18030.

Scrapy's fallback for an undeclared charset is cp1252, which turns an undeclared GBK page
into mojibake that would be stored and hashed as text. GB18030 is a superset of GBK/GB2312.
"""

from __future__ import annotations

import codecs
import re

from scrapy.http import Response, TextResponse

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.IGNORECASE)
_ALIASES = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "big5": "big5hkscs"}


def declared_charset(response: Response) -> str | None:
    header = response.headers.get(b"Content-Type", b"") or b""
    match = re.search(rb"charset\s*=\s*([A-Za-z0-9_\-]+)", header, re.IGNORECASE)
    if not match:
        match = _META_CHARSET.search(response.body[:4096])
    if not match:
        return None
    name = match.group(1).decode("ascii", "ignore").lower()
    name = _ALIASES.get(name, name)
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def decode_body(response: Response) -> str:
    """The page's text, whatever (or whether) it declared."""
    body = response.body
    if body.startswith(codecs.BOM_UTF8):
        return body[len(codecs.BOM_UTF8) :].decode("utf-8", "replace")
    declared = declared_charset(response)
    if declared:
        return body.decode(declared, "replace")
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return body.decode("gb18030")
    except UnicodeDecodeError:
        if isinstance(response, TextResponse):
            return response.text
        return body.decode("utf-8", "replace")
