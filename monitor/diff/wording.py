"""How a change reads to a person: metric names, values with their units, deltas.

Shared by the `changes` table, the log channel and the email digest, so that an alert and the
CLI say the same thing in the same words.
"""

from __future__ import annotations

from monitor.extract.registry import load_registry

METRIC_LABELS = load_registry().labels()

_SCALES = ((1e12, "trillion"), (1e9, "billion"), (1e6, "million"))


def metric_label(metric: str | None) -> str:
    return METRIC_LABELS.get(metric or "", (metric or "").replace("_", " "))


def format_value(value: float | None, unit: str | None) -> str:
    """27 → "27", 5.69e9 CNY → "5.69 billion yuan", 16.8 km2 → "16.8 km²"."""
    if value is None:
        return "—"
    if unit == "count":
        return f"{value:,.0f}"
    if unit == "km2":
        return f"{_number(value)} km²"
    amount = _money(abs(value))
    sign = "-" if value < 0 else ""
    if unit == "USD":
        return f"{sign}US${amount}"
    if unit == "CNY":
        return f"{sign}{amount} yuan"
    return f"{sign}{amount} {unit or ''}".rstrip()


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


def value_number(value: float | None) -> float | int | None:
    """Integral values as integers (27, not 27.0), as METRICS.md writes them."""
    if value is None:
        return None
    rounded = round(float(value), 6)
    return int(rounded) if rounded.is_integer() else rounded


def _money(value: float) -> str:
    for scale, word in _SCALES:
        if value >= scale:
            return f"{_number(value / scale)} {word}"
    return _number(value)


def _number(value: float) -> str:
    return f"{value:,.2f}".rstrip("0").rstrip(".")
