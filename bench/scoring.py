"""Scoring the extractor against labelled articles (METRICS.md "Evaluation corpus format").

Shared by the benchmark (bench/extraction.py, evaluation code kept out of the library) and the held-out test, so that the CI gate and
the test suite count hits and misses the same way: distinct (metric, value) pairs, values
equal within 0.5 %, and on the matched pairs whether park, qualifier and period agree.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from monitor.extract.extractor import extract_figures

TOLERANCE = 0.005


@dataclass
class Score:
    """Counts summed over articles."""

    articles: int = 0
    #: (labelled metric, extracted metric) for a labelled value extracted under another metric
    confusion: dict[tuple[str, str], int] = field(default_factory=lambda: defaultdict(int))
    tp: int = 0
    fp: int = 0
    fn: int = 0
    right: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def accuracy(self, name: str) -> float:
        return self.right[name] / self.tp if self.tp else 1.0

    def add(self, other: Score) -> None:
        self.articles += other.articles
        self.tp, self.fp, self.fn = self.tp + other.tp, self.fp + other.fp, self.fn + other.fn
        for key, value in other.right.items():
            self.right[key] += value
        for key, value in other.confusion.items():
            self.confusion[key] += value


def _pairs(figures: list[dict]) -> dict[tuple[str, float], list[dict]]:
    """Figures grouped by distinct (metric, value): a list of parks sharing a value is one pair."""
    grouped: dict[tuple[str, float], list[dict]] = defaultdict(list)
    for figure in figures:
        grouped[(figure["metric"], float(figure["value"]))].append(figure)
    return grouped


def _close(a: float, b: float) -> bool:
    return abs(a - b) <= TOLERANCE * max(abs(a), abs(b))


def score_article(gold: list[dict], predicted: list[dict]) -> tuple[Score, list[str], list[str]]:
    """The article's score, its misses and its false hits (as printable lines)."""
    gold_pairs, pred_pairs = _pairs(gold), _pairs(predicted)
    unmatched = dict(pred_pairs)
    score, misses = Score(articles=1), []
    for (metric, value), gold_figures in gold_pairs.items():
        key = next((k for k in unmatched if k[0] == metric and _close(k[1], value)), None)
        if key is None:
            score.fn += 1
            misses.append(f"{metric} {value:g} ({gold_figures[0]['quote']})")
            continue
        pred_figures = unmatched.pop(key)
        score.tp += 1
        for name in ("park", "qualifier", "period"):
            if {f[name] for f in gold_figures} & {f[name] for f in pred_figures}:
                score.right[name] += 1
            else:
                misses.append(f"  {name} of {metric} {value:g}: got {[f[name] for f in pred_figures]}, "
                              f"want {[f[name] for f in gold_figures]} [rule {_rule(pred_figures[0], name)}]")
    for (metric, value) in gold_pairs:
        if not any(m == metric and _close(v, value) for m, v in pred_pairs):
            for other, _ in (k for k in unmatched if k[0] != metric and _close(k[1], value)):
                score.confusion[(metric, other)] += 1
    score.fp = len(unmatched)
    false_hits = [f"{m} {v:g} ({figs[0]['quote']}) [metric {_rule(figs[0], 'metric')}, park {figs[0]['park']} "
                  f"by {_rule(figs[0], 'park')}]" for (m, v), figs in unmatched.items()]
    return score, misses, false_hits


def _rule(figure: dict, field: str) -> str:
    return figure.get("rules", {}).get(field, "?")


def load_corpus(corpus: Path) -> list[dict]:
    """The labelled articles of a folder (*.json), in name order."""
    return [json.loads(path.read_text(encoding="utf-8")) for path in sorted(corpus.glob("*.json"))]


def split_corpus(articles: list[dict], split: str) -> list[dict]:
    """"blind": every third article in name order (the 3rd, 6th, ...); "tune": the others; "all"."""
    if split == "all":
        return articles
    blind = split == "blind"
    return [article for index, article in enumerate(articles) if (index % 3 == 2) == blind]


def extract_article(article: dict) -> list[dict]:
    """The extractor's figures for one labelled article, as METRICS.md records."""
    published = dt.date.fromisoformat(article["published"]) if article.get("published") else None
    figures = extract_figures(article["text"], lang=article.get("lang", "auto"), published=published)
    return [figure.to_dict() | {"rules": dict(figure.rules)} for figure in figures]


def score_corpus(articles: list[dict]) -> tuple[dict[str, Score], dict[str, tuple[list[str], list[str]]]]:
    """Scores per language, and each imperfect article's misses and false hits by id."""
    scores: dict[str, Score] = defaultdict(Score)
    problems: dict[str, tuple[list[str], list[str]]] = {}
    for article in articles:
        score, misses, false_hits = score_article(article["figures"], extract_article(article))
        scores[article.get("lang", "?")].add(score)
        if misses or false_hits:
            problems[f"{article.get('id')} ({article.get('lang')})"] = (misses, false_hits)
    return scores, problems
