"""The crawl's throughput against bare Scrapy, and the first cycle's cost (issue 16).

    python bench/crawl.py [--articles 2000] [--rounds 3] [--keep DIR]

It writes one synthetic en.hainan.gov.cn mirror in the portal's own page shapes (the
`listPic.shtml` / `listPic_N.shtml` lists of 20 links each with a "Next" link, articles of about
650 words under `/englishsite/Updates/YYYYMM/<32 hex>.shtml` with the CMS's meta tags and
`<ucapcontent>` body; three in four name a park and state figures), serves it on loopback with
the project's mirror server (monitor/service/mirror_server.py), and runs, each in its own
process, interleaved (a, b, a, b …):

- (a) the project's spider through the real crawl path: the settings `hainan-monitor crawl
  --mirror` builds (`crawl_settings`, politeness off as in mirror mode), its middlewares,
  pipelines and extensions, into a fresh SQLite store;
- (b) a bare Scrapy spider following the same links (list pages, their "Next" links, the article
  links) with no pipelines, yielding each article's URL and title.

Both sides run 8 concurrent requests (CONCURRENT_REQUESTS and _PER_DOMAIN: every mirrored request
goes to one loopback host). Throughput is Scrapy's own count of responses over its own elapsed
time (spider opened to closed), so both sides are measured the same way; the crawl process's CPU
time per page over the same window is printed too, as it is not stretched by other processes
sharing the machine (on a busy machine the wall-clock ratio swings from round to round). Then it times one first
cycle of the same mirror through the project's cycle function (`run_cycle`: crawl in a child
process, extraction, diff, delivery to a log channel) into a fresh store, with each stage's time,
and prints its ratio to the bare crawl's time. All ratios come from the same run.
Not part of the test run.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

HOST = "en.hainan.gov.cn"
LIST = "/englishsite/Updates/listPic"
PER_LIST = 20
SPIDER = "hainan_gov_en"
CONCURRENCY = {"CONCURRENT_REQUESTS": 8, "CONCURRENT_REQUESTS_PER_DOMAIN": 8}
START_URL = f"https://{HOST}{LIST}.shtml"

# -- the synthetic mirror ------------------------------------------------------------------

_FILLER = (
    "Officials said the province would keep improving the business environment and public services.",
    "The measures cover customs clearance, cross-border data, talent visas and green finance.",
    "Local companies welcomed the policy and said they expected more orders in the coming months.",
    "The city has opened new bus lines and cycling paths to link residential areas with the coast.",
    "Experts at the forum discussed the reform of trade rules and the role of digital services.",
    "Visitors can book tickets online, and the venue offers guided tours in several languages.",
    "The department will publish a list of approved projects and the timetable of the next steps.",
    "A spokesperson said the results showed steady progress in opening up and institutional innovation.",
)
_PARK_SENTENCES = (
    "{park} has landed {n} projects so far this year, according to its administration.",
    "The projects of {park} have a total investment of {x} billion yuan.",
    "{park} recorded an output value of {y} billion yuan in the first half of the year.",
    "More than {m} enterprises have registered in {park} since it opened.",
)
_OTHER_TITLES = (
    "Haikou opens summer night market along the seafront",
    "Sanya hosts a regional food and culture festival",
    "New ferry route links Haikou with the mainland coast",
)


def _park_names() -> list[str]:
    from db.gazetteer import load_gazetteer

    return [park.name_en for park in load_gazetteer().parks]


def _article_html(title: str, published: date, paragraphs: list[str]) -> str:
    body = "\n".join(f"<p>{paragraph}</p>" for paragraph in paragraphs)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{title}</title>
<meta name="ArticleTitle" content="{title}">
<meta name="PubDate" content="{published.isoformat()} 09:30">
<meta name="ColumnName" content="Updates">
<meta name="ContentSource" content="Hainan Daily">
</head>
<body>
<div class="nav"><ul><li><a href="/englishsite/index.shtml">Home</a></li><li><a href="/englishsite/NewsE/news.shtml">News</a></li></ul></div>
<div class="crumb">Home | News and Highlights | Updates</div>
<div class="article">
<h1 class="title"><ucaptitle>{title}</ucaptitle></h1>
<div class="info"><span class="source">Source:Hainan Daily</span> <span class="date">{published.isoformat()}</span> <span class="views">Views: 1024</span></div>
<div id="zoom"><ucapcontent>
{body}
</ucapcontent></div>
</div>
<div class="footer"><p>Copyright The People's Government of Hainan Province. All Rights Reserved.</p></div>
</body>
</html>
"""


def _list_html(page: int, pages: int, links: list[tuple[str, str, date]]) -> str:
    items = "\n".join(
        f'<li><a href="{url}" target="_blank" title="{title}">{title}</a><span class="time">{day.isoformat()}</span></li>'
        for url, title, day in links
    )
    pager = f'<span class="current">{page}</span>'
    if page < pages:
        pager += f' <a href="listPic_{page + 1}.shtml">Next</a>'
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Hainan Free Trade Port International Services</title></head>
<body>
<div class="crumb">Home | News and Highlights | Updates</div>
<div class="list-pic"><ul>
{items}
</ul></div>
<div class="page">{pager}</div>
</body></html>
"""


def write_mirror(root: Path, articles: int, seed: int = 16) -> Path:
    """`articles` articles of about 650 words and their list pages, newest first, under root/HOST."""
    rng = random.Random(seed)
    parks = _park_names()
    site = root / HOST
    (site / "englishsite/Updates").mkdir(parents=True, exist_ok=True)
    (site / "robots.txt").write_text("User-agent: *\nDisallow: /englishsite/search/\n", encoding="utf-8")
    links: list[tuple[str, str, date]] = []
    newest = date(2024, 9, 30)
    for number in range(articles):
        published = newest - timedelta(days=number // 8)
        paragraphs: list[str] = []
        if number % 4:
            park = rng.choice(parks)
            title = f"{park} reports progress in report {number}"
            figures = [
                sentence.format(park=park, n=rng.randint(5, 90), x=rng.randint(2, 90) / 10, y=rng.randint(10, 900) / 10, m=rng.randint(50, 900))
                for sentence in _PARK_SENTENCES
            ]
        else:
            title = f"{rng.choice(_OTHER_TITLES)} ({number})"
            figures = []
        while sum(len(p.split()) for p in paragraphs) < 640:
            sentences = [rng.choice(_FILLER) for _ in range(5)]
            if figures:
                sentences.insert(rng.randint(0, 5), figures.pop())
            paragraphs.append(" ".join(sentences))
        digest = hashlib.md5(f"{seed}-{number}".encode()).hexdigest()
        path = f"/englishsite/Updates/{published:%Y%m}/{digest}.shtml"
        (site / path.lstrip("/")).parent.mkdir(parents=True, exist_ok=True)
        (site / path.lstrip("/")).write_text(_article_html(title, published, paragraphs), encoding="utf-8")
        links.append((path, title, published))
    pages = max(1, -(-articles // PER_LIST))
    for page in range(1, pages + 1):
        name = "listPic.shtml" if page == 1 else f"listPic_{page}.shtml"
        chunk = links[(page - 1) * PER_LIST : page * PER_LIST]
        (site / "englishsite/Updates" / name).write_text(_list_html(page, pages, chunk), encoding="utf-8")
    return root


# -- the children ----------------------------------------------------------------------------


def _bare_child(origin: str) -> dict[str, Any]:
    """A plain Scrapy spider over the same links: no middlewares of the project, no pipelines."""
    import re

    import scrapy
    from scrapy.crawler import CrawlerProcess

    article = re.compile(r"/englishsite/[^/]+/\d{6}/[0-9a-f]{32}\.shtml$")
    next_page = re.compile(r"listPic_\d+\.shtml$")

    class BareSpider(scrapy.Spider):
        name = "bare"
        start_urls = [f"{origin}/{HOST}{LIST}.shtml"]

        def parse(self, response, **_: Any):  # type: ignore[no-untyped-def]
            for href in response.css("a::attr(href)").getall():
                # the site's root-relative links live under /HOST/ on the mirror
                url = f"{origin}/{HOST}{href}" if href.startswith("/") else response.urljoin(href)
                if article.search(url):
                    yield scrapy.Request(url, callback=self.parse_article)
                elif next_page.search(url):
                    yield scrapy.Request(url, callback=self.parse)

        def parse_article(self, response, **_: Any):  # type: ignore[no-untyped-def]
            yield {"url": response.url, "title": response.css("title::text").get()}

    settings = {
        **CONCURRENCY,
        "DOWNLOAD_DELAY": 0,
        "AUTOTHROTTLE_ENABLED": False,
        "ROBOTSTXT_OBEY": False,
        "COOKIES_ENABLED": False,
        "TELNETCONSOLE_ENABLED": False,
        "LOG_LEVEL": "WARNING",
    }
    return _crawl_measured(CrawlerProcess(settings), BareSpider, "item_scraped_count")


def _project_child(origin: str, db_url: str, *variant: str) -> dict[str, Any]:
    """What the crawl child of `hainan-monitor crawl --mirror` runs (crawl_runner.run_crawl), with
    the crawler kept so its stats can be read."""
    from monitor.config import CrawlConfig
    from monitor.logging_setup import quiet_library_tracebacks, setup_logging
    from monitor.service.crawl_runner import CrawlJob, crawler_process

    job = CrawlJob(
        db_url=db_url, cycle_id="bench", spiders=(SPIDER,), mirror=origin,
        crawl=CrawlConfig(max_list_pages=100_000, start_urls={SPIDER: [START_URL]}),
        extra_settings={**CONCURRENCY, **({"ITEM_PIPELINES": {}} if "no-pipelines" in variant else {})},
    )
    setup_logging(job.log_level)
    quiet_library_tracebacks()
    return _crawl_measured(crawler_process(job), SPIDER, "monitor/articles_seen")


def _cycle_child(origin: str, db_url: str, work: Path) -> dict[str, Any]:
    """One first cycle through `run_cycle`, each stage timed where the cycle calls it."""
    from monitor.config import Config, CrawlConfig, parse_config
    from monitor.service import cycle
    from db.store import Store

    stages: dict[str, float] = {}

    def timed(name: str, function: Any) -> Any:
        def run(*args: Any, **kwargs: Any) -> Any:
            began = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                stages[name] = stages.get(name, 0.0) + time.perf_counter() - began

        return run

    cycle.run_crawl_in_child = timed("crawl", cycle.run_crawl_in_child)
    cycle.extract_pending = timed("extract", cycle.extract_pending)
    cycle.detect_changes = timed("diff", cycle.detect_changes)
    cycle.deliver_pending = timed("deliver", cycle.deliver_pending)
    alerts = parse_config({"alerts": {"log": {"path": str(work / "alerts.log")}}}).alerts
    config = Config(crawl=CrawlConfig(max_list_pages=100_000, start_urls={SPIDER: [START_URL]}), alerts=alerts)
    store = Store.open(db_url)
    began = time.perf_counter()
    result = cycle.run_cycle(store, config, spiders=(SPIDER,), mirror=origin, extra_settings=dict(CONCURRENCY))
    total = time.perf_counter() - began
    store.close()
    return {"seconds": total, "stages": stages, "figures": result.figures, "changes": result.changes, "ok": result.ok}


def _crawl_measured(process: Any, spider: Any, items_key: str) -> dict[str, Any]:
    """Run one crawl of `spider` in `process` and measure it the same way for both sides."""
    crawler = process.create_crawler(spider)
    cpu = _cpu_clock(crawler)
    process.crawl(crawler)
    process.start()
    return _measure(crawler.stats.get_stats(), items_key, cpu)


def _cpu_clock(crawler: Any) -> dict[str, float]:
    """This process's CPU time at spider_opened and spider_closed: the same window as Scrapy's
    elapsed time, but not stretched by whatever else the machine runs meanwhile."""
    from scrapy import signals

    marks: dict[str, float] = {}

    def opened(**_: Any) -> None:
        marks["opened"] = time.process_time()

    def closed(**_: Any) -> None:
        marks["closed"] = time.process_time()

    marks_handlers = (opened, closed)  # the signal manager keeps weak references only
    crawler.signals.connect(opened, signal=signals.spider_opened)
    crawler.signals.connect(closed, signal=signals.spider_closed)
    crawler._bench_handlers = marks_handlers
    return marks


def _measure(stats: dict[str, Any], items_key: str, cpu: dict[str, float]) -> dict[str, Any]:
    pages = int(stats.get("response_received_count", 0))
    seconds = float(stats.get("elapsed_time_seconds", 0.0))
    cpu_seconds = cpu.get("closed", 0.0) - cpu.get("opened", 0.0)
    return {
        "pages": pages, "items": int(stats.get(items_key, 0)), "seconds": seconds,
        "pages_per_s": pages / seconds if seconds else 0.0, "cpu_ms_per_page": 1000 * cpu_seconds / pages if pages else 0.0,
    }


def _run_child(*args: str) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "--child", *args], capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise SystemExit(f"bench child {args[0]} failed (exit {done.returncode}):\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


# -- the run ------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=3, help="interleaved (project, bare) pairs")
    parser.add_argument("--keep", type=Path, help="write the mirror and the stores here and keep them")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        kind, *rest = args.child
        result = {"bare": lambda: _bare_child(*rest), "project": lambda: _project_child(*rest),
                  "cycle": lambda: _cycle_child(rest[0], rest[1], Path(rest[2]))}[kind]()
        print(json.dumps(result))
        return

    from monitor.service.mirror_server import MirrorServer

    work = args.keep or Path(tempfile.mkdtemp(prefix="bench-crawl-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        mirror = write_mirror(work / "mirror", args.articles)
        project: list[dict[str, Any]] = []
        bare: list[dict[str, Any]] = []
        with MirrorServer(mirror) as server:
            for round_ in range(args.rounds):
                db = work / f"project-{round_}.db"
                db.unlink(missing_ok=True)
                project.append(_run_child("project", server.origin, f"sqlite:///{db}"))
                bare.append(_run_child("bare", server.origin))
                print(
                    f"round {round_ + 1}: project {project[-1]['pages_per_s']:.0f} pages/s, {project[-1]['cpu_ms_per_page']:.2f} ms CPU/page "
                    f"({project[-1]['items']} items); bare {bare[-1]['pages_per_s']:.0f} pages/s, {bare[-1]['cpu_ms_per_page']:.2f} ms CPU/page "
                    f"({bare[-1]['items']} items)",
                    file=sys.stderr,
                )
            db = work / "cycle.db"
            db.unlink(missing_ok=True)
            first = _run_child("cycle", server.origin, f"sqlite:///{db}", str(work))
        report(args.articles, project, bare, first)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


def report(articles: int, project: list[dict[str, Any]], bare: list[dict[str, Any]], first: dict[str, Any]) -> None:
    project_cpu = statistics.median(run["cpu_ms_per_page"] for run in project)
    bare_cpu = statistics.median(run["cpu_ms_per_page"] for run in bare)
    project_rate = statistics.median(run["pages_per_s"] for run in project)
    bare_rate = statistics.median(run["pages_per_s"] for run in bare)
    bare_seconds = statistics.median(run["seconds"] for run in bare)
    pairs = " ".join(f"{a['pages_per_s'] / b['pages_per_s']:.2f}" for a, b in zip(project, bare))
    stages = ", ".join(f"{name} {seconds:.1f}" for name, seconds in first["stages"].items())
    print(f"synthetic en.hainan.gov.cn mirror: {articles} articles, {project[0]['pages']} pages; medians of {len(project)} interleaved runs")
    print()
    print("| measure | value |")
    print("|---|---|")
    print(f"| crawl, project spider (store, pipelines) | {project_rate:.0f} pages/s |")
    print(f"| crawl, bare Scrapy spider (no pipelines) | {bare_rate:.0f} pages/s |")
    print(f"| project / bare throughput | {project_rate / bare_rate:.2f}× (per round: {pairs}) |")
    print(f"| crawl CPU per page, project / bare | {project_cpu:.2f} / {bare_cpu:.2f} ms: bare / project {bare_cpu / project_cpu:.2f}× |")
    print(f"| first cycle, {articles} articles | {first['seconds']:.1f} s ({stages}); {first['figures']} figures, {first['changes']} changes |")
    print(f"| first cycle / bare crawl time | {first['seconds'] / bare_seconds:.2f}× (bare crawl {bare_seconds:.1f} s) |")


if __name__ == "__main__":
    main()
