"""Numbers with units → normalised values, as a table."""

from __future__ import annotations

import pytest

from monitor.extract.numbers import find_amounts
from db.gazetteer import fold

NUMBERS = [
    # (lang, text, value, kind, unit)
    ("zh", "营收18538.69亿元", 1853869000000, "money", "CNY"),
    ("zh", "超1.85万亿元", 1.85e12, "money", "CNY"),
    ("zh", "投资3.2万元", 32000, "money", "CNY"),
    ("zh", "外资1.2亿美元", 1.2e8, "money", "USD"),
    ("zh", "二十七个项目", 27, "count", "count"),
    ("zh", "四十一家企业", 41, "count", "count"),
    ("zh", "２７个项目", 27, "count", "count"),
    ("zh", "企业1,200家", 1200, "count", "count"),
    ("zh", "规划面积16.81平方公里", 16.81, "area", "km2"),
    ("zh", "用地1500亩", 1.0, "area", "km2"),
    ("zh", "占地200公顷", 2.0, "area", "km2"),
    ("zh", "園區1633企業", 1633, "count", "count"),
    ("en", "about $167 billion", 1.67e11, "money", "USD"),
    ("en", "US$9 billion", 9e9, "money", "USD"),
    ("en", "RMB 3.5 billion", 3.5e9, "money", "CNY"),
    ("en", "120 million yuan", 1.2e8, "money", "CNY"),
    ("en", "the 600-million-yuan project", 6e8, "money", "CNY"),
    ("en", "1.2 trillion yuan", 1.2e12, "money", "CNY"),
    ("en", "9,649 enterprises", 9649, "bare", "count"),
    ("en", "4.7 thousand organizations", 4700, "scaled", "CNY"),
    ("en", "six enterprises", 6, "bare", "count"),
    ("en", "16.81 square kilometers", 16.81, "area", "km2"),
    ("en", "30 sq km", 30, "area", "km2"),
    ("en", "442 hectares", 4.42, "area", "km2"),
    ("en", "Twenty-seven projects", 27, "bare", "count"),
    ("en", "a dozen new enterprises", 12, "bare", "count"),
    ("en", "Two dozen firms", 24, "bare", "count"),
    ("en", "Fifteen Million RMB", 1.5e7, "money", "CNY"),
    ("en", "SEVENTEEN projects", 17, "bare", "count"),
    ("en", "(2,500 enterprises)", 2500, "bare", "count"),
    ("en", "RMB12.3bn", 1.23e10, "money", "CNY"),
    ("en", "3 to 5 billion yuan", 3e9, "money", "CNY"),
    ("zh", "新增市场主体1.2万户", 12000, "count", "count"),
    ("en", "revenue of 120bn yuan", 1.2e11, "money", "CNY"),
    ("en", "two dozen projects", 24, "bare", "count"),
]


@pytest.mark.parametrize(("lang", "text", "value", "kind", "unit"), NUMBERS, ids=[row[1] for row in NUMBERS])
def test_amounts(lang, text, value, kind, unit):
    amounts = find_amounts(fold(text), lang)
    assert amounts, text
    amount = amounts[0]
    assert amount.value == pytest.approx(value)
    assert (amount.kind, amount.unit) == (kind, unit)


@pytest.mark.parametrize("text", ["2024年", "增长8.9%", "第29位", "5.23倍", "一个园区", "十一五", "世界500强"])
def test_not_amounts_in_chinese(text):
    assert find_amounts(fold(text), "zh") == []


@pytest.mark.parametrize("text", ["version-3 rules", "A12 highway", "the often-seen", "a12.5 grade", "Fortune Global 500",
                                  "Itwo", "network"])
def test_not_amounts_in_english(text):
    """A digit or number word glued to the word before it is part of a name, not an amount."""
    assert find_amounts(fold(text), "en") == []
