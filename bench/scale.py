"""How the cost of a cycle and of the query commands grows with the store (issue 16).

    python bench/scale.py [--sizes 1000,20000,100000] [--keep DIR]

For each size it builds a SQLite store of articles of ~650 words with the project's own models
and sessions, a thousand articles per transaction (articles, their parks, versions with the
crawl's normalised text and hash, compressed HTML, figure rows as the extractor writes them),
running the real diff stage every 5,000 articles as cycles would. Then, on that store:

- an incremental cycle of 10 new and 2 revised articles: the spider's start (`articles_of` with
  the default revisit policy's condition: the articles due), saving the 12 items as the crawl does
  (`Store.save_many`), the real extraction stage, the
  diff, delivery to the log channel;
- the query commands as a user runs them: each a child process of the real CLI
  (`python -m monitor --db URL changes|parks|articles|figures --park P`, output to /dev/null),
  timed from outside (best of 3 runs), its peak memory the child's own high-water mark (VmHWM of
  /proc/self/status, written by the child as it exits), and marked against the issue's bounds
  (2 s, 300 MB); "CLI start" is the same process with a
  store that holds nothing (`parks` of an empty store), the part of each time that does not depend on the store.

At 20,000 articles (or the largest size below it) it times `reextract` (the CLI, a child
process) and prints articles per second, beside the extractor alone on the same texts. It times
the first cycle's diff of stores of 1,000 and 2,000 articles never diffed (best of 3, each on a
fresh copy of the store; linear: ratio ~2).
At the largest size it times the rebuild of the diff's memory from the figures (what the first
diff after migration 0008, or after a `reextract`, does). It prints one table with every measure
at each size and the ratio of the largest size to the smallest, all measured in the same run.
Not part of the test run.
"""

from __future__ import annotations

import argparse
import logging
import random
import shutil
import subprocess
import sys
import tempfile
import time
import zlib
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from db.gazetteer import load_gazetteer  # noqa: E402
from db.models import Article, ArticlePark, ArticleVersion, Figure  # noqa: E402
from db.store import Store  # noqa: E402
from monitor.alerts.channel_start import channel_start  # noqa: E402
from monitor.alerts.delivery import deliver_pending  # noqa: E402
from monitor.diff.change_stage import detect_changes  # noqa: E402
from monitor.diff.standing import rebuild  # noqa: E402
from monitor.extract import EXTRACTOR_VERSION, extract_figures  # noqa: E402
from monitor.service.figure_stage import extract_pending  # noqa: E402
from scraper.items import ArticleItem  # noqa: E402
from scraper.revisit import DEFAULT_POLICY, due_clause  # noqa: E402

SOURCE, HOST = "hainan_gov_en", "en.hainan.gov.cn"
PERIODS = (None, *(str(year) for year in range(2016, 2026)))
#: Articles per transaction while building, and the diff runs after every DIFF_EVERY of them.
BUILD_BATCH = 1000
DIFF_EVERY = 5000
REEXTRACT_SIZE = 20000
#: The machine is shared: each CLI command and each first-cycle diff is run this many times and
#: its best time kept (its highest peak memory).
REPEATS = 3
#: The issue's bounds for each query command at 100k articles.
MAX_SECONDS, MAX_MB = 2.0, 300
FILLER = (
    "The provincial government said the free trade port policies would continue to support enterprises "
    "with tax incentives, simplified customs procedures and talent programmes, while officials from the "
    "administration met investors to discuss logistics, digital services, tourism and the marine economy. "
)
WORDS_PER_ARTICLE = 650


def _text(number: int, sentences: list[str]) -> str:
    """~650 words: the figure sentences, then filler made unique by the article number."""
    filler_words = FILLER.split()
    words = [filler_words[(number + i) % len(filler_words)] for i in range(WORDS_PER_ARTICLE - 30)]
    return " ".join(sentences) + f" Report {number}. " + " ".join(words) + "."


def _item(number: int, published: date, park_id: str, sentences: list[str]) -> ArticleItem:
    text = _text(number, sentences)
    return ArticleItem(
        url=f"https://{HOST}/englishsite/bench/{number}.shtml", source=SOURCE, host=HOST, language="en",
        title=f"Bench article {number}", text=text, html=f"<html><body><p>{text}</p></body></html>",
        published=published, parks=(park_id,),
    )


def _figures(rng: random.Random, name: str) -> tuple[list[str], list[tuple[str, float, str, str | None]]]:
    """Two figure sentences the real extractor reads, and the rows it would write for them."""
    landed, invest, period = rng.randint(1, 500), rng.randint(1, 90) / 10, rng.choice(PERIODS)
    sentences = [f"{name} has landed {landed} projects."]
    rows: list[tuple[str, float, str, str | None]] = [("projects_landed", float(landed), "count", None)]
    if period:
        sentences.append(f"In {period} {name} attracted total investment of {invest} billion yuan.")
        rows.append(("investment_total", invest * 1e9, "CNY", period))
    else:
        sentences.append(f"{name} has attracted total investment of {invest} billion yuan.")
        rows.append(("investment_total", invest * 1e9, "CNY", None))
    return sentences, rows


def build(store: Store, size: int, rng: random.Random, *, diff: bool = True) -> None:
    """`size` articles with two figures each, a thousand per transaction (the project's models and
    sessions, the crawl's item for the normalised text and hash), diffed as successive cycles would."""
    parks = load_gazetteer().parks
    source_id = store.ensure_source(SOURCE, HOST)
    for start in range(0, size, BUILD_BATCH):
        with store.session() as session:
            pending = []
            for number in range(start, min(start + BUILD_BATCH, size)):
                park = rng.choice(parks)
                sentences, figures = _figures(rng, park.name_en)
                item = _item(number, date(2016, 1, 1) + timedelta(days=number % 3650), park.id, sentences)
                article = Article(
                    url=item.url, source_id=source_id, language="en", title=item.title, published=item.published,
                    first_seen=item.fetched_at, last_seen=item.fetched_at, last_checked=item.fetched_at,
                    parks=[ArticlePark(park=park.id)],
                )
                version = ArticleVersion(
                    article=article, number=1, fetched_at=item.fetched_at, content_hash=item.content_hash,
                    title=item.title, text=item.text, html_zlib=zlib.compress(item.html.encode("utf-8"), 6),
                    extracted_with=EXTRACTOR_VERSION,
                )
                pending.append((article, version, park.id, sentences, figures))
                session.add_all((article, version))
            session.flush()
            session.add_all(
                Figure(
                    version_id=version.id, article_id=article.id, park=park_id, metric=metric, value=value, unit=unit,
                    qualifier="actual", bound="exact", period=period, quote=sentence, extractor_version=EXTRACTOR_VERSION,
                )
                for article, version, park_id, sentences, figures in pending
                for sentence, (metric, value, unit, period) in zip(sentences, figures)
            )
        done = min(start + BUILD_BATCH, size)
        if diff and (done % DIFF_EVERY == 0 or done == size):
            detect_changes(store)
    channel_start(store, "log")  # a channel configured all along: the cycle sends it only the cycle's changes


def incremental_cycle(store: Store, size: int) -> dict[str, float]:
    """Seconds per stage of a cycle that finds 10 new articles and 2 revised ones."""
    park = load_gazetteer().parks[0]
    times: dict[str, float] = {}
    started = datetime.utcnow()
    due = due_clause(date.today(), datetime.utcnow(), DEFAULT_POLICY)  # the spider's default revisit query
    times["cycle: spider start (due articles)"] = _timed(lambda: store.articles_of(SOURCE, where=due))
    sentences = [f"{park.name_en} landed 42 projects in 2025, with investment of 3.5 billion yuan."]
    items = [_item(size + n, date(2026, 6, 1), park.id, sentences) for n in range(10)]
    items += [_item(n, date(2016, 1, 1), park.id, ["Revised.", *sentences]) for n in range(2)]
    times["cycle: save 12 items"] = _timed(lambda: store.save_many(items))
    times["cycle: extract"] = _timed(lambda: extract_pending(store))
    times["cycle: diff"] = _timed(lambda: detect_changes(store))
    times["cycle: deliver (log)"] = _timed(lambda: deliver_pending(store, {"log": {}}, cycle_started=started))
    return times


#: Runs the CLI in the child and, at its exit, writes the child's own peak resident memory
#: (VmHWM of /proc/self/status) to the file named by argv[1]. `ru_maxrss` of a child cannot be
#: used: Linux carries the parent's high-water mark across fork and exec, so every child of a
#: big benchmark process would report the benchmark's own peak.
PEAK_RUNNER = """
import atexit, runpy, sys
out = sys.argv.pop(1)
def peak():
    with open("/proc/self/status") as status, open(out, "w") as target:
        target.write(next(line.split()[1] for line in status if line.startswith("VmHWM:")))
atexit.register(peak)
sys.argv[0] = "hainan-monitor"
runpy.run_module("monitor", run_name="__main__", alter_sys=True)
"""


def cli(url: str, *args: str) -> tuple[float, float]:
    """(seconds, peak MB) of one run of the real CLI in a child process, its output discarded."""
    with tempfile.NamedTemporaryFile(suffix=".peak") as peak_file:
        start = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-c", PEAK_RUNNER, peak_file.name, "--db", url, *args],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False,
        )
        seconds = time.perf_counter() - start
        if done.returncode != 0:
            raise SystemExit(f"{' '.join(args)} failed ({done.returncode}): {done.stderr.decode()[-2000:]}")
        return seconds, int(Path(peak_file.name).read_text()) / 1024  # VmHWM is in kB


def query_commands(url: str, empty_url: str) -> dict[str, tuple[float, float]]:
    park = load_gazetteer().parks[0].id
    commands = {
        "CLI start (parks, empty store)": ("parks",),
        "changes": ("changes",),
        "parks": ("parks",),
        "articles": ("articles",),
        f"figures --park {park}": ("figures", "--park", park),
        "export --what figures": ("export", "--what", "figures"),
    }
    measured = {}
    for name, args in commands.items():
        runs = [cli(empty_url if name.startswith("CLI start") else url, *args) for _ in range(REPEATS)]
        measured[name] = (min(seconds for seconds, _ in runs), max(peak for _, peak in runs))
    return measured


#: The commands the issue bounds (under MAX_SECONDS and MAX_MB at 100k articles).
BOUNDED = ("changes", "parks", "articles", f"figures --park {load_gazetteer().parks[0].id}")


def reextract(url: str, store: Store, size: int) -> dict[str, float]:
    """`reextract` from outside, and the extractor alone on the same texts (articles per second)."""
    seconds, peak = cli(url, "reextract")
    with store.session() as session:
        texts = list(session.execute(
            ArticleVersion.__table__.select().with_only_columns(ArticleVersion.title, ArticleVersion.text).limit(2000)
        ))
    start = time.perf_counter()
    for title, text in texts:
        extract_figures(f"{title}\n\n{text}", lang="en", published=date(2024, 1, 1))
    alone = len(texts) / (time.perf_counter() - start)
    return {"reextract articles/s": size / seconds, "extractor alone articles/s": alone, "reextract s": seconds,
            "reextract MB": peak}


def _rebuild(store: Store) -> None:
    with store.session() as session:
        rebuild(session)


def first_cycle_diff(folder: Path, size: int) -> float:
    """The best of REPEATS first diffs of one store never diffed (each on a fresh copy of it)."""
    built = folder / f"first-{size}.db"
    built.unlink(missing_ok=True)
    store = Store.open(f"sqlite:///{built}")
    build(store, size, random.Random(size), diff=False)
    store.close()  # checkpoints the WAL: the file alone is the store
    times = []
    for attempt in range(REPEATS):
        copy = folder / f"first-{size}-{attempt}.db"
        shutil.copyfile(built, copy)
        store = Store.open(f"sqlite:///{copy}")
        times.append(_timed(lambda: detect_changes(store)))
        store.close()
    return min(times)


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
    cycles: dict[int, dict[str, float]] = {}
    queries: dict[int, dict[str, tuple[float, float]]] = {}
    extra: list[str] = []
    empty_url = f"sqlite:///{folder / 'empty.db'}"
    Store.open(empty_url).close()
    reextract_at = max([size for size in sizes if size <= REEXTRACT_SIZE], default=None)
    for size in sizes:
        path = folder / f"scale-{size}.db"
        path.unlink(missing_ok=True)
        url = f"sqlite:///{path}"
        store = Store.open(url)
        build_time = _timed(lambda: build(store, size, random.Random(size)))
        print(f"built {size:,} articles (batched writes + diff) in {build_time:.1f} s", file=sys.stderr)
        extra.append(f"build {size:,} articles (1,000 per transaction, diff every 5,000): {build_time:.1f} s")
        cycles[size] = incremental_cycle(store, size)
        queries[size] = query_commands(url, empty_url)
        if size == sizes[-1]:
            rebuild_time = _timed(lambda: _rebuild(store))
            extra.append(f"the diff's memory rebuilt from the figures at {size:,} (first use after migration 0008, "
                         f"or after a reextract): {rebuild_time:.1f} s")
        if size == reextract_at:
            r = reextract(url, store, size)
            extra.append(
                f"reextract at {size:,}: {r['reextract s']:.1f} s, {r['reextract articles/s']:.0f} articles/s, "
                f"peak {r['reextract MB']:.0f} MB (the extractor alone on the same texts: "
                f"{r['extractor alone articles/s']:.0f} articles/s; target ≥ 500)"
            )
        store.close()
    one, two = first_cycle_diff(folder, 1000), first_cycle_diff(folder, 2000)
    extra.append(f"first-cycle diff: 1,000 articles {one:.2f} s, 2,000 articles {two:.2f} s (ratio {two / one:.2f}; linear: ~2)")
    _print(sizes, cycles, queries)
    for line in extra:
        print(line)
    return 0


def _print(sizes: list[int], cycles: dict[int, dict[str, float]], queries: dict[int, dict[str, tuple[float, float]]]) -> None:
    smallest, largest = sizes[0], sizes[-1]
    names = list(cycles[smallest])
    width = max(len(name) for name in [*names, *queries[smallest], "incremental cycle, total"])
    print(f"{'measure':<{width}}  " + "  ".join(f"{size:>9,}" for size in sizes) + f"  {'ratio':>7}")
    for name in names:
        cells = "  ".join(f"{cycles[size][name] * 1000:>7.1f}ms" for size in sizes)
        ratio = cycles[largest][name] / max(cycles[smallest][name], 1e-9)
        print(f"{name:<{width}}  {cells}  {ratio:>6.2f}×")
    total = {size: sum(cycles[size].values()) for size in sizes}
    print(f"{'incremental cycle, total':<{width}}  " + "  ".join(f"{total[s] * 1000:>7.1f}ms" for s in sizes)
          + f"  {total[largest] / total[smallest]:>6.2f}×")
    print()
    print(f"{'CLI command (child process)':<{width}}  " + "  ".join(f"{size:>16,}" for size in sizes) + f"  < {MAX_SECONDS:.0f} s and < {MAX_MB} MB at {largest:,}")
    for name in queries[smallest]:
        cells = "  ".join(f"{queries[size][name][0]:>6.2f}s {queries[size][name][1]:>5.0f}MB" for size in sizes)
        seconds, peak = queries[largest][name]
        verdict = ("yes" if seconds < MAX_SECONDS and peak < MAX_MB else "NO") if name in BOUNDED else "(no bound)"
        print(f"{name:<{width}}  {cells}  {verdict}")


if __name__ == "__main__":
    raise SystemExit(main())
