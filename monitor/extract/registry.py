"""The metrics registry (registry.toml): the one place a metric is defined.

Extraction reads its cues and natures, the diff and the query commands its labels and order;
adding a metric is a table in the TOML file, not an edit in six modules.
"""

from __future__ import annotations

import functools
import tomllib
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Metric:
    id: str
    unit: str  # count | money | area
    nature: str  # stock | flow | event
    label_en: str
    label_zh: str
    meaning: str
    count_verb: str | None
    cues_en: tuple[str, ...]
    cues_zh: tuple[str, ...]


@dataclass(frozen=True)
class Registry:
    metrics: tuple[Metric, ...]
    blockers: dict[str, tuple[str, ...]]

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(metric.id for metric in self.metrics)

    def get(self, metric_id: str) -> Metric | None:
        return next((metric for metric in self.metrics if metric.id == metric_id), None)

    def where(self, *, unit: str | None = None, event: bool | None = None) -> frozenset[str]:
        """The ids of the metrics of a unit kind and, optionally, that are (or are not) events."""
        return frozenset(m.id for m in self.metrics
                         if (unit is None or m.unit == unit) and (event is None or (m.nature == "event") == event))

    def money_cues(self, lang: str) -> dict[str, str | None]:
        """cue -> metric id for money amounts; a blocker maps to None."""
        cues: dict[str, str | None] = {}
        for metric in self.metrics:
            cues.update(dict.fromkeys(metric.cues_en if lang == "en" else metric.cues_zh, metric.id))
        cues.update(dict.fromkeys(self.blockers[lang]))
        return cues

    def labels(self) -> dict[str, str]:
        return {metric.id: metric.label_en for metric in self.metrics}


@functools.cache
def load_registry(path: Path = Path(__file__).with_name("registry.toml")) -> Registry:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    metrics = tuple(
        Metric(
            id=entry["id"], unit=entry["unit"], nature=entry["nature"], label_en=entry["label_en"],
            label_zh=entry["label_zh"], meaning=entry["meaning"], count_verb=entry.get("count_verb"),
            cues_en=tuple(entry.get("cues_en", ())), cues_zh=tuple(entry.get("cues_zh", ())),
        )
        for entry in data["metric"]
    )
    blockers = {lang: tuple(cues) for lang, cues in data["blockers"].items()}
    return Registry(metrics, blockers)
