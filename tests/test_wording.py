"""The one value formatter (monitor/diff/wording.py): how every table, chart and alert writes a value."""

from __future__ import annotations

import pytest

from monitor.diff.wording import format_delta, format_value, value_number


@pytest.mark.parametrize(
    ("value", "unit", "bound", "written"),
    [
        (27.0, "count", "exact", "27"),
        (1200, "count", "at_least", "≥1,200"),
        (30, "count", "approx", "~30"),
        (8.3e9, "CNY", "exact", "8.3 billion yuan"),
        (61.25e9, "CNY", "exact", "61.25 billion yuan"),
        (1.2e8, "CNY", "at_most", "≤120 million yuan"),
        (-9e8, "CNY", "exact", "-900 million yuan"),
        (350_000, "CNY", "exact", "350,000 yuan"),
        (1e9, "USD", "exact", "US$1 billion"),
        (16.81, "km2", "exact", "16.81 km²"),
        (None, "CNY", "exact", "—"),
    ],
)
def test_format_value(value: float | None, unit: str, bound: str, written: str) -> None:
    assert format_value(value, unit, bound) == written


def test_format_delta_and_integral_values() -> None:
    assert format_delta(27, 49, "count") == "+22, +81%"
    assert format_delta(61.25e9, 62.15e9, "CNY") == "+900 million yuan, +1%"
    assert [value_number(v) for v in (27.0, 27.5, 1e10, None)] == [27, 27.5, 10_000_000_000, None]
