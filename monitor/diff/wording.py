"""How a figure reads to a person: metric names, values with their units, deltas.

The one place values are written: the `changes`, `figures` and `parks` tables, the demo, the
chart's labels, the log channel and the email digest all say "8.3 billion yuan" the same way,
and every integral value is written as an integer by `value_number`.
"""

from __future__ import annotations

from monitor.extract.figure import value_number
from monitor.extract.registry import load_registry

METRIC_LABELS = load_registry().labels()

_SCALES = ((1e12, "trillion"), (1e9, "billion"), (1e6, "million"))


def metric_label(metric: str | None) -> str:
    return METRIC_LABELS.get(metric or "", (metric or "").replace("_", " "))


#: How a figure's bound is marked before its value: "≥1,200", "~30".
BOUND_MARKS = {"exact": "", "approx": "~", "at_least": "≥", "at_most": "≤"}


def format_value(value: float | None, unit: str | None, bound: str = "exact") -> str:
    """27 → "27", 5.69e9 CNY → "5.69 billion yuan", 1e9 USD → "US$1 billion", 16.8 km2 → "16.8 km²";
    a bound other than exact is marked before the value ("≥1,200")."""
    if value is None:
        return "—"
    mark = BOUND_MARKS.get(bound, "")
    if unit == "count":
        return f"{mark}{value_number(value):,}"
    if unit == "km2":
        return f"{mark}{_number(value)} km²"
    amount = _money(abs(value))
    sign = "-" if value < 0 else ""
    if unit == "USD":
        return f"{mark}{sign}US${amount}"
    if unit == "CNY":
        return f"{mark}{sign}{amount} yuan"
    return f"{mark}{sign}{amount} {unit or ''}".rstrip()


def format_delta(old: float | None, new: float | None, unit: str | None) -> str:
    """"+22, +81%": the move, signed, with the relative change when the old value is not zero."""
    if old is None or new is None:
        return ""
    delta = new - old
    text = format_value(delta, unit)
    if delta > 0:
        text = "+" + text
    if old:
        text += f", {delta / abs(old):+.0%}"
    return text


def _money(value: float) -> str:
    for scale, word in _SCALES:
        if value >= scale:
            return f"{_number(value / scale)} {word}"
    return _number(value)


def _number(value: float) -> str:
    return f"{value:,.2f}".rstrip("0").rstrip(".")
