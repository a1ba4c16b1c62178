"""Dates as the sites print them (scraper/dates.py), and periods that only look like dates."""

from __future__ import annotations

from datetime import date

import pytest

from scraper.dates import DATE_ONLY_LINE, parse_date


@pytest.mark.parametrize(("text", "expected"), [
    ("2024-07-05", date(2024, 7, 5)),
    ("2024/7/5 10:00", date(2024, 7, 5)),
    ("2024.07.05", date(2024, 7, 5)),
    ("2024年7月5日", date(2024, 7, 5)),
    ("2024年 7 月 5 日", date(2024, 7, 5)),
    ("July 5, 2024", date(2024, 7, 5)),
    ("5 July 2024", date(2024, 7, 5)),
    # a period in a headline is no date: the page's date comes after it
    ("2024年1-9月重点园区主要经济指标 发布时间：2024-10-25", date(2024, 10, 25)),
    ("2024-7/5", None),
    ("2024年2月30日", None),
])
def test_parse_date(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize(("line", "is_date_line"), [
    ("发布时间：2024-10-25 10:30", True),
    ("2024年7月5日 星期五", True),
    ("2024年1-9月", False),
    ("2024-07/05", False),
])
def test_a_line_holding_only_a_date(line, is_date_line):
    assert bool(DATE_ONLY_LINE.match(line)) == is_date_line
