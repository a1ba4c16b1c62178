"""Dates as the sites print them: ISO and Chinese (2024-07-05, 2024年7月5日, 2024/07/05) and
English (July 5, 2024; 5 July 2024; 05-Jul-2024), with or without a clock time."""

from __future__ import annotations

import re
from datetime import date

# One separator throughout (2024-07-05, 2024/07/05, 2024.07.05) or 年…月…: "2024年1-9月" is a period
_NUMERIC = re.compile(r"(?P<year>20\d{2})\s*(?:(?P<sep>[-/.])\s*(?P<month>\d{1,2})\s*(?P=sep)|年\s*(?P<zh_month>\d{1,2})\s*月)"
                      r"\s*(?P<day>\d{1,2})")
_MONTHS = {name[:3].lower(): number for number, name in enumerate(
    ("January", "February", "March", "April", "May", "June", "July", "August", "September",
     "October", "November", "December"), start=1)}
_MONTH_NAME = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_MONTH = r"(?P<month>" + _MONTH_NAME + ")"
_ENGLISH = (
    re.compile(_MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>20\d{2})", re.IGNORECASE),
    re.compile(r"(?P<day>\d{1,2})(?:st|nd|rd|th)?[\s-]+" + _MONTH + r",?[\s-]+(?P<year>20\d{2})", re.IGNORECASE),
)
_ANY_DATE = (
    r"(?:\d{4}\s*(?:(?P<sep>[-/.])\s*\d{1,2}\s*(?P=sep)|年\s*\d{1,2}\s*月)\s*\d{1,2}\s*日?"
    r"|" + _MONTH_NAME + r"\s+\d{1,2},?\s+\d{4}|\d{1,2}\s+" + _MONTH_NAME + r"\s+\d{4})"
)
#: A line that is nothing but a date (and maybe a time and a weekday): an info line, not text.
DATE_ONLY_LINE = re.compile(
    r"^\s*(?:(?:Date|Time|Updated|Published|发布时间|发布日期|日期|时间)\s*[:：]?\s*)?" + _ANY_DATE
    + r"(?:\s*\d{1,2}:\d{2}(?::\d{2})?)?(?:\s*(?:星期|周)[一二三四五六日天])?\s*$",
    re.IGNORECASE,
)


def parse_date(text: str | None) -> date | None:
    """The first date in `text`, numeric first (the CMS's own format), then English."""
    if not text:
        return None
    match = _NUMERIC.search(text)
    if match:
        return _date(match["year"], match["month"] or match["zh_month"], match["day"])
    for pattern in _ENGLISH:
        match = pattern.search(text)
        if match:
            return _date(match["year"], str(_MONTHS[match["month"][:3].lower()]), match["day"])
    return None


def has_date(text: str) -> bool:
    return parse_date(text) is not None


def _date(year: str, month: str, day: str) -> date | None:
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        return None
