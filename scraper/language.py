"""Which language a text is in: the project's one detector (the crawl and the extractor use it).

Only two languages matter (SITES.md: English and Chinese portals, a Chinese paper), so the rule
is a count, not a model: "zh" when Chinese characters carry the text. One Chinese character
weighs about two Latin letters (a word of Chinese is one or two characters, of English five or
six), so a Chinese menu or footer on an English page does not make the page Chinese.
Pure standard library: the extractor imports it without importing Scrapy.
"""

from __future__ import annotations

import re

_HAN = re.compile(r"[\u4e00-\u9fff]")
_LATIN = re.compile(r"[A-Za-z]")
#: Characters looked at: the head of a text decides, and long texts cost no more than short ones.
SAMPLE_CHARS = 4000


def detect_language(text: str) -> str:
    """"zh" when twice the Chinese characters outnumber the Latin letters, else "en"."""
    sample = text[:SAMPLE_CHARS]
    return "zh" if 2 * len(_HAN.findall(sample)) > len(_LATIN.findall(sample)) else "en"
