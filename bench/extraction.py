"""Score the figure extractor on a labelled corpus (METRICS.md "Evaluation corpus format").

    python bench/extraction.py --corpus ../shared/eval [--split tune|blind] [-v] [--min-f1 X ...]

Per language and overall: precision, recall and F1 on distinct (metric, value) pairs (values
equal within 0.5 %), and on the matched pairs the share with the right park, qualifier and
period; then the speed in articles per second on one core.  With --min-* floors it exits 1
when any language falls below one: the CI quality gate.

`--split blind` scores every third article (name order, the 3rd, 6th, ...) and refuses `-v`: it
is the part of the corpus the rules were never tuned on, so its misses must stay unread;
`--split tune` is the rest, the part one reads while working on the rules.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.scoring import Score, extract_article, load_corpus, score_corpus, split_corpus


def _speed(articles: list[dict], repeats: int = 7) -> float:
    """Articles per second on one core: the best of `repeats` timed passes over the corpus.

    Measured in this process's CPU time, and the best pass rather than the mean, as `timeit`
    does: on a shared virtual machine the slow passes measure the neighbours, not the
    extractor. One untimed pass first, because compiling the rules and loading the gazetteer
    happen once per process, not per article.
    """
    for article in articles:
        extract_article(article)
    best = float("inf")
    for _ in range(repeats):
        started = time.process_time()
        for article in articles:
            extract_article(article)
        best = min(best, time.process_time() - started)
    return len(articles) / best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, required=True, help="folder of labelled *.json articles")
    parser.add_argument("--split", choices=("all", "tune", "blind"), default="all",
                        help="blind: every third article, never read; tune: the rest")
    parser.add_argument("-v", "--verbose", action="store_true", help="print each article's misses and false hits")
    parser.add_argument("--min-f1", type=float, default=0.0)
    parser.add_argument("--min-park", type=float, default=0.0)
    parser.add_argument("--min-qualifier", type=float, default=0.0)
    parser.add_argument("--min-period", type=float, default=0.0)
    args = parser.parse_args(argv)
    if args.split == "blind" and args.verbose:
        parser.error("the blind split is scored, never read: -v is refused with --split blind")

    articles = split_corpus(load_corpus(args.corpus), args.split)
    if not articles:
        raise SystemExit(f"no *.json articles in {args.corpus}")
    scores, problems = score_corpus(articles)
    if args.verbose:
        for name, (misses, false_hits) in problems.items():
            print(f"== {name}")
            for line in misses:
                print(f"  miss  {line}")
            for line in false_hits:
                print(f"  false {line}")
    overall = Score()
    for score in scores.values():
        overall.add(score)
    if args.verbose and overall.confusion:
        print("\nconfusion (labelled metric -> extracted metric, same value):")
        for (want, got), count in sorted(overall.confusion.items(), key=lambda item: -item[1]):
            print(f"  {count:>3}  {want} -> {got}")
        print()

    header = f"{'lang':<8}{'articles':>9}{'pairs':>7}{'P':>7}{'R':>7}{'F1':>7}{'park':>7}{'qual':>7}{'period':>8}"
    print(header)
    print("-" * len(header))
    for name, score in [*sorted(scores.items()), ("all", overall)]:
        print(f"{name:<8}{score.articles:>9}{score.tp + score.fn:>7}{score.precision:>7.3f}{score.recall:>7.3f}"
              f"{score.f1:>7.3f}{score.accuracy('park'):>7.3f}{score.accuracy('qualifier'):>7.3f}"
              f"{score.accuracy('period'):>8.3f}")
    print(f"\nspeed: {_speed(articles):,.0f} articles/s (one core, CPU time, best of 7 passes)")

    failures = [
        f"{lang}: {name} {value:.3f} < {floor:.3f}"
        for lang, score in sorted(scores.items())
        for name, value, floor in (("F1", score.f1, args.min_f1), ("park", score.accuracy("park"), args.min_park),
                                   ("qualifier", score.accuracy("qualifier"), args.min_qualifier),
                                   ("period", score.accuracy("period"), args.min_period))
        if value < floor
    ]
    for failure in failures:
        print(f"below floor: {failure}", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
