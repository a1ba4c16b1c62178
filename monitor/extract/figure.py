"""The figure: one number an article reports about a park (METRICS.md)."""

from __future__ import annotations

from dataclasses import dataclass, field


def value_number(value: float | None) -> float | int | None:
    """Integral values as integers (27, not 27.0), as METRICS.md writes them: the one place the
    record, the JSON, the tables and the alerts turn a stored float into a number to show."""
    if value is None:
        return None
    rounded = round(float(value), 6)
    return int(rounded) if rounded.is_integer() else rounded


# Slots, not frozen: built for every figure of every article, and a frozen dataclass's __init__
# costs about four times as much; nothing hashes one or changes one it is given.
@dataclass(slots=True)
class Figure:
    """A figure with the fields of METRICS.md; `value` is normalised (CNY, km2, count).

    `binding` says how sure the park is ("named" in the sentence, a resolved "anaphor", or
    "carried" from earlier sentences): alerts go out only for the first two.  `rules` names the
    rule that chose each field, for `extract --explain`; it is not part of the record.
    """

    park: str | None
    metric: str
    value: float
    unit: str
    qualifier: str
    bound: str
    period: str | None
    quote: str
    binding: str = "named"
    rules: tuple[tuple[str, str], ...] = field(default=(), compare=False)

    def to_dict(self) -> dict:
        """The METRICS.md record; integral values are written as integers (27, not 27.0)."""
        return {
            "park": self.park,
            "metric": self.metric,
            "value": value_number(self.value),
            "unit": self.unit,
            "qualifier": self.qualifier,
            "bound": self.bound,
            "period": self.period,
            "quote": self.quote,
            "binding": self.binding,
        }
