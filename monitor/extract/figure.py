"""The figure: one number an article reports about a park (METRICS.md)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
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
        value = self.value
        if float(value).is_integer():
            value = int(value)
        return {
            "park": self.park,
            "metric": self.metric,
            "value": value,
            "unit": self.unit,
            "qualifier": self.qualifier,
            "bound": self.bound,
            "period": self.period,
            "quote": self.quote,
            "binding": self.binding,
        }
