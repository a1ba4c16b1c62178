"""Score the figure extractor on a labelled corpus (METRICS.md "Evaluation corpus format").

    python bench/extraction.py --corpus ../shared/eval [-v] [--min-f1 X --min-park X --min-qualifier X]

Per language and overall: precision, recall and F1 on distinct (metric, value) pairs (values
equal within 0.5 %), and on the matched pairs the share with the right park, qualifier and
period; then the speed in articles per second on one core.  With --min-* floors it exits 1
when any language falls below one: the CI quality gate.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from monitor.extract import extract_figures  # noqa: E402

TOLERANCE = 0.005


@dataclass
class Score:
    """Counts summed over articles."""

    articles: int = 0
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
                              f"want {[f[name] for f in gold_figures]}")
    score.fp = len(unmatched)
    false_hits = [f"{m} {v:g} ({figs[0]['quote']})" for (m, v), figs in unmatched.items()]
    return score, misses, false_hits


def _load(corpus: Path) -> list[dict]:
    articles = [json.loads(path.read_text(encoding="utf-8")) for path in sorted(corpus.glob("*.json"))]
    if not articles:
        raise SystemExit(f"no *.json articles in {corpus}")
    return articles


def _extract(article: dict) -> list[dict]:
    published = dt.date.fromisoformat(article["published"]) if article.get("published") else None
    return [f.to_dict() for f in extract_figures(article["text"], lang=article.get("lang", "auto"), published=published)]


def _speed(articles: list[dict]) -> float:
    """Articles per second on one core, over as many passes of the corpus as fill a second."""
    done, started = 0, time.perf_counter()
    while time.perf_counter() - started < 1.0:
        for article in articles:
            _extract(article)
        done += len(articles)
    return done / (time.perf_counter() - started)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, required=True, help="folder of labelled *.json articles")
    parser.add_argument("-v", "--verbose", action="store_true", help="print each article's misses and false hits")
    parser.add_argument("--min-f1", type=float, default=0.0)
    parser.add_argument("--min-park", type=float, default=0.0)
    parser.add_argument("--min-qualifier", type=float, default=0.0)
    args = parser.parse_args(argv)

    articles = _load(args.corpus)
    scores: dict[str, Score] = defaultdict(Score)
    for article in articles:
        score, misses, false_hits = score_article(article["figures"], _extract(article))
        scores[article.get("lang", "?")].add(score)
        if args.verbose and (misses or false_hits):
            print(f"== {article.get('id')} ({article.get('lang')})")
            for line in misses:
                print(f"  miss  {line}")
            for line in false_hits:
                print(f"  false {line}")
    overall = Score()
    for score in scores.values():
        overall.add(score)

    header = f"{'lang':<8}{'articles':>9}{'pairs':>7}{'P':>7}{'R':>7}{'F1':>7}{'park':>7}{'qual':>7}{'period':>8}"
    print(header)
    print("-" * len(header))
    for name, score in [*sorted(scores.items()), ("all", overall)]:
        print(f"{name:<8}{score.articles:>9}{score.tp + score.fn:>7}{score.precision:>7.3f}{score.recall:>7.3f}"
              f"{score.f1:>7.3f}{score.accuracy('park'):>7.3f}{score.accuracy('qualifier'):>7.3f}"
              f"{score.accuracy('period'):>8.3f}")
    print(f"\nspeed: {_speed(articles):,.0f} articles/s (one core)")

    failures = [
        f"{lang}: {name} {value:.3f} < {floor:.3f}"
        for lang, score in sorted(scores.items())
        for name, value, floor in (("F1", score.f1, args.min_f1), ("park", score.accuracy("park"), args.min_park),
                                   ("qualifier", score.accuracy("qualifier"), args.min_qualifier))
        if value < floor
    ]
    for failure in failures:
        print(f"below floor: {failure}", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
