"""What is not article text, whichever layer found the body.

Wrapper containers and the generic extractor bring the page furniture along: the headline
again, the info line ("2024-07-05 10:30 来源：海南日报"), a "Source:Hainan Daily" paragraph at
the top of the body (en.hainan.gov.cn, SITES.md §1.3), share bars, the third-party-link notice
and the copyright/ICP footer. Stored text is hashed to detect revisions and searched by users,
so all of that goes, by line shape rather than by one template's markup.
"""

from __future__ import annotations

import re

from scraper.dates import DATE_ONLY_LINE, has_date

#: A labelled field ("来源：", "发布时间：") on a line with a date: the info line under a
#: headline, not body text (a first paragraph "2024年7月4日，省统计局发布…" has no label).
HEADER_LABEL = re.compile(
    r"(?:来源|來源|发布时间|發佈時間|发布日期|日期|Source|Date|Updated|Published)\s*[:：]", re.IGNORECASE
)
#: "Source:Hainan Daily" / "来源：海南日报" alone on a line: a name, not a sentence.
_SOURCE_ONLY = re.compile(
    r"^(?:Sources?|News source|来源|來源|文章来源|稿源|信息来源)\s*[:：]\s*[^，。；！？]{1,50}$", re.IGNORECASE
)
#: Page furniture that can sit inside a body container: footer, notices, share and print bars.
_BOILERPLATE = re.compile(
    r"You are leaving this site|All Rights Reserved|^Copyright\b|版权所有|ICP备|公网安备"
    r"|^(?:Share(?: to)?|分享到?)\s*[:：]|^(?:[【\[]?(?:打印|关闭)(?:本页|窗口)?[】\]]?\s*)+$",
    re.IGNORECASE,
)
_SPACES = re.compile(r"[\s\u3000]+")


def clean_body(text: str, title: str) -> str:
    """The body's lines without the leading headline/info/source lines and without boilerplate."""
    lines = [line for line in text.split("\n") if line.strip()]
    while lines and is_leading_furniture(lines[0], title):
        lines.pop(0)
    return "\n".join(line for line in lines if not is_boilerplate(line))


def is_leading_furniture(line: str, title: str) -> bool:
    squashed = _squash(line)
    if title and squashed == _squash(title):
        return True
    if len(line) > 80:
        return False
    return is_header_line(line) or bool(DATE_ONLY_LINE.match(line)) or bool(_SOURCE_ONLY.match(line.strip()))


def is_header_line(line: str) -> bool:
    return len(line) <= 80 and bool(HEADER_LABEL.search(line)) and has_date(line)


def is_boilerplate(line: str) -> bool:
    return len(line) <= 160 and bool(_BOILERPLATE.search(line.strip()))


def _squash(text: str) -> str:
    return _SPACES.sub("", text).casefold()
