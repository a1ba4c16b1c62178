"""How the cost of a cycle and of the query commands grows with the store (issue 16).

    python bench/scale.py [--sizes 1000,20000] [--keep DIR]

For each size it builds a SQLite store through the project's own functions (`Store.save` for
every article, figure rows as the extractor writes them, the real diff stage for the change
history), then times, on that store:

- an incremental cycle of 10 new and 2 revised articles: the spider's start (`articles_of`, the
  revisit candidates), saving the 12 items, the real extraction stage, the diff, delivery to
  the log channel;
- the query commands' functions: `changes`, `articles`, `figures --park P` (each the newest 50,
  as the commands show them by default), `changes --limit 0`, and `parks`.

It prints one table with the time at each size and the ratio of the largest size to the
smallest, all measured in the same run. Not part of the test run.
"""

from __future__ import annotations

import argparse
import logging
import random
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from db.gazetteer import load_gazetteer  # noqa: E402
from db.models import ArticleVersion, Figure  # noqa: E402
from db.store import Store  # noqa: E402
from monitor.alerts.channel_start import channel_start  # noqa: E402
from monitor.alerts.delivery import deliver_pending  # noqa: E402
from monitor.diff.change_stage import detect_changes  # noqa: E402
from monitor.diff.change_view import ChangeFilter, load_changes  # noqa: E402
from monitor.extract import EXTRACTOR_VERSION  # noqa: E402
from monitor.query.store_queries import (  # noqa: E402
    ArticleFilter, FigureFilter, article_records, figure_records, park_rows,
)
from monitor.service.figure_stage import extract_pending  # noqa: E402
from scraper.items import ArticleItem  # noqa: E402

SOURCE = "hainan_gov_en"
METRICS = {"projects_landed": "count", "investment_total": "CNY", "foreign_capital": "USD"}
PERIODS = (None, *(str(year) for year in range(2016, 2026)))
#: The diff runs after every this many saved articles while the history is built, as cycles would.
CYCLE = 500
SHOWN = 50


def _item(number: int, published: date, parks: tuple[str, ...], words: str) -> ArticleItem:
    return ArticleItem(
        url=f"https://en.hainan.gov.cn/bench/{number}.html", source=SOURCE, host="en.hainan.gov.cn", language="en",
        title=f"Bench article {number}", text=f"{words} Article {number} of the benchmark.", html="<html></html>",
        published=published, parks=parks,
    )


def build(store: Store, size: int, rng: random.Random) -> None:
    """`size` articles with two figures each, saved and diffed as successive cycles would."""
    parks = [park.id for park in load_gazetteer().parks]
    for number in range(size):
        park = rng.choice(parks)
        figures = [(rng.choice(list(METRICS)), float(rng.randint(1, 500)), rng.choice(PERIODS)) for _ in range(2)]
        words = " ".join(f"{park} {metric} {value} {period}." for metric, value, period in figures)
        saved = store.save(_item(number, date(2016, 1, 1) + timedelta(days=number % 3650), (park,), words))
        with store.session() as session:
            session.add_all(
                Figure(
                    version_id=saved.version_id, article_id=saved.article_id, park=park, metric=metric, value=value,
                    unit=METRICS[metric], qualifier="actual", bound="exact", period=period,
                    quote=f"{park} {metric} {value}", extractor_version=EXTRACTOR_VERSION,
                )
                for metric, value, period in figures
            )
            version = session.get(ArticleVersion, saved.version_id)
            assert version is not None
            version.extracted_with = EXTRACTOR_VERSION
        if (number + 1) % CYCLE == 0 or number + 1 == size:
            detect_changes(store)
    channel_start(store, "log")  # a channel configured all along: the cycle sends it only the cycle's changes


def incremental_cycle(store: Store, size: int) -> dict[str, float]:
    """Seconds per stage of a cycle that finds 10 new articles and 2 revised ones."""
    park = load_gazetteer().parks[0]
    times: dict[str, float] = {}
    started = datetime.utcnow()
    times["cycle: spider start (articles_of)"] = _timed(lambda: store.articles_of(SOURCE))
    sentence = f"{park.name_en} landed 42 projects in 2025, with investment of 3.5 billion yuan."
    items = [_item(size + n, date(2026, 6, 1), (park.id,), sentence) for n in range(10)]
    items += [_item(n, date(2016, 1, 1), (park.id,), f"Revised. {sentence}") for n in range(2)]
    times["cycle: save 12 items"] = _timed(lambda: [store.save(item) for item in items])
    times["cycle: extract"] = _timed(lambda: extract_pending(store))
    times["cycle: diff"] = _timed(lambda: detect_changes(store))
    times["cycle: deliver (log)"] = _timed(lambda: deliver_pending(store, {"log": {}}, cycle_started=started))
    return times


def query_commands(store: Store) -> dict[str, float]:
    park = load_gazetteer().parks[0].id
    queries: dict[str, Callable[[], object]] = {
        f"changes (newest {SHOWN})": lambda: load_changes(session, ChangeFilter(newest=SHOWN)),
        "changes --limit 0": lambda: load_changes(session, ChangeFilter()),
        f"articles (newest {SHOWN})": lambda: article_records(session, ArticleFilter(newest=SHOWN)),
        f"figures --park {park} (newest {SHOWN})": lambda: figure_records(session, FigureFilter(park=park, newest=SHOWN)),
        "parks": lambda: park_rows(session),
    }
    times: dict[str, float] = {}
    for name, query in queries.items():
        with store.session() as session:
            times[name] = _timed(query)
    return times


def _timed(work: Callable[[], object]) -> float:
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,20000", help="comma-separated store sizes (articles)")
    parser.add_argument("--keep", type=Path, help="build the stores in this folder and keep them")
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    logging.basicConfig(level=logging.WARNING)
    folder = args.keep or Path(tempfile.mkdtemp(prefix="hainan-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    results: dict[int, dict[str, float]] = {}
    for size in sizes:
        store = Store.open(f"sqlite:///{folder / f'scale-{size}.db'}")
        build_time = _timed(lambda: build(store, size, random.Random(size)))
        print(f"built {size} articles (save + figures + diff) in {build_time:.1f} s", file=sys.stderr)
        results[size] = {**incremental_cycle(store, size), **query_commands(store)}
        store.close()
    smallest, largest = sizes[0], sizes[-1]
    width = max(len(name) for name in results[smallest])
    print(f"{'measure':<{width}}  " + "  ".join(f"{size:>9,}" for size in sizes) + f"  {'ratio':>7}")
    for name in results[smallest]:
        cells = "  ".join(f"{results[size][name] * 1000:>7.1f}ms" for size in sizes)
        ratio = results[largest][name] / max(results[smallest][name], 1e-9)
        print(f"{name:<{width}}  {cells}  {ratio:>6.2f}×")
    cycle = {size: sum(t for name, t in results[size].items() if name.startswith("cycle:")) for size in sizes}
    print(f"{'incremental cycle, total':<{width}}  " + "  ".join(f"{cycle[s] * 1000:>7.1f}ms" for s in sizes)
          + f"  {cycle[largest] / cycle[smallest]:>6.2f}×")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
