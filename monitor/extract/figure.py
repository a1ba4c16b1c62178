"""The figure: one number an article reports about a park (METRICS.md)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Figure:
    """A figure with exactly the fields of METRICS.md; `value` is normalised (CNY, km2, count)."""

    park: str | None
    metric: str
    value: float
    unit: str
    qualifier: str
    bound: str
    period: str | None
    quote: str

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
        }
