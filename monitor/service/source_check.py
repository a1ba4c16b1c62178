"""`sources check`: a live diagnosis of every source, storing nothing.

The first thing to run on a machine that reaches the real sites, and when alerts stop. For
each source and start URL it asks what a crawl depends on, one step at a time: is the list page
reachable (status, time), does robots.txt allow it for our User-Agent, is it an anti-bot page,
how many article links does the spider's URL pattern find there, and does one sample article
parse — and by which layer each field was found (meta, selectors, generic, url;
scraper/article_parser.py). A template change shows up as a layer falling back (a warning) or
as no layer finding the text at all (broken).

It is a real Scrapy crawl in "dry" mode (`dry_settings`): the crawl's own downloader
middlewares fetch the pages (robots.txt, the mirror, meta refresh, the anti-bot verdict), with
no retries, no item pipelines and no store, so the check sees what a crawl would see and
writes nothing. The spider classes are the source of truth for start URLs, link patterns and
parsing (`default_start_urls`, `article_links`, `parse_document`), overridden by the config's
`[spiders.NAME] start_urls` exactly as in a crawl.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from typing import Any

import scrapy
from scrapy.crawler import CrawlerRunner
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response, TextResponse
from scrapy.settings import Settings
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.utils.reactor import install_reactor
from twisted.python.failure import Failure

from monitor.config import Config
from monitor.service.crawl_runner import CrawlJob, crawl_settings, resolve_spiders, spider_loader
from scraper.encoding import decode_body
from scraper.middlewares.antibot_middleware import AntiBotError
from scraper.spiders.article_spider import ArticleSpider
from scraper.urls import date_from_url

OK, WARNING, BROKEN = "ok", "warning", "broken"
#: Layers a healthy template is read by, per field; anything later is a fallback.
EXPECTED_LAYERS = {"title": ("meta", "selectors"), "text": ("selectors",), "published": ("meta", "selectors")}
#: The layers each field can be found by, in the order the parser tries them.
FIELD_LAYERS = {"title": "meta, selectors, generic", "text": "selectors, generic", "published": "meta, selectors, url"}
MIN_TEXT = 20
#: Article links tried per start URL before the source is called broken.
MAX_SAMPLES = 3


@dataclass
class SampleArticle:
    url: str
    status: int | None = None
    seconds: float | None = None
    error: str | None = None
    anti_bot: str | None = None
    title: str = ""
    published: str | None = None
    publisher: str | None = None
    text_length: int = 0
    layers: dict[str, str] = field(default_factory=dict)


@dataclass
class StartUrlCheck:
    source: str
    start_url: str
    list_url: str = ""
    status: int | None = None
    seconds: float | None = None
    error: str | None = None
    robots: str = ""
    anti_bot: str | None = None
    article_links: int = 0
    sample: SampleArticle | None = None
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def verdict(self) -> str:
        return BROKEN if self.problems else WARNING if self.warnings else OK


@dataclass
class SourceCheck:
    source: str
    title: str
    checks: list[StartUrlCheck] = field(default_factory=list)

    @property
    def verdict(self) -> str:
        verdicts = {check.verdict for check in self.checks}
        return BROKEN if BROKEN in verdicts or not self.checks else WARNING if WARNING in verdicts else OK

    def as_dict(self) -> dict[str, object]:
        return {
            "source": self.source,
            "title": self.title,
            "verdict": self.verdict,
            "start_urls": [{**asdict(check), "verdict": check.verdict} for check in self.checks],
        }


def dry_settings(config: Config, mirror: str | None = None, timeout: float = 20.0) -> Settings:
    """The crawl's settings (User-Agent, start URLs, mirror, politeness) minus everything that
    writes or hides: no store, no pipelines, no crawl_runs row, no retries."""
    settings = crawl_settings(CrawlJob(db_url="", cycle_id="sources-check", mirror=mirror, crawl=config.crawl))
    dry: dict[str, object] = {
        "ITEM_PIPELINES": {},
        "EXTENSIONS": {name: None for name in settings.getdict("EXTENSIONS")},
        "RETRY_ENABLED": False,
        "DOWNLOAD_TIMEOUT": timeout,
        "LOG_ENABLED": False,
    }
    if mirror:  # a local copy: politeness delays only slow the check down
        dry.update(DOWNLOAD_DELAY=0, AUTOTHROTTLE_ENABLED=False)
    settings.setdict(dry, priority="cmdline")
    return settings


def check_sources(config: Config, names: tuple[str, ...] = (), mirror: str | None = None, timeout: float = 20.0) -> list[SourceCheck]:
    """Check the named sources (all when none is named) in one dry crawl; the CLI runs it once per process."""
    settings = dry_settings(config, mirror, timeout)
    loader = spider_loader(settings)
    sites: dict[str, ArticleSpider] = {}
    results: list[SourceCheck] = []
    for name in resolve_spiders(names, config.crawl, mirror):
        spider_class = loader.load(name)
        sites[name] = spider_class()
        start_urls = settings.getdict("START_URLS").get(name) or list(getattr(spider_class, "default_start_urls", ()))
        checks = [StartUrlCheck(source=name, start_url=url, list_url=url) for url in start_urls]
        results.append(SourceCheck(name, getattr(spider_class, "site_title", "") or name, checks))
    # CrawlerRunner, not CrawlerProcess: it leaves logging to the program (no Scrapy root handler,
    # no "Scrapy started" lines on stderr), and the CLI process runs the reactor only this once.
    install_reactor(settings["TWISTED_REACTOR"])
    from twisted.internet import reactor

    with _quiet_crawl_logs():
        outcome: list[object] = []
        done = CrawlerRunner(settings).crawl(SourceCheckSpider, sources=results, sites=sites)
        done.addBoth(outcome.append)
        done.addBoth(lambda _: reactor.stop())
        reactor.run()
    if outcome and isinstance(outcome[0], Failure):
        outcome[0].raiseException()
    for check in (check for source in results for check in source.checks):
        if check.status is None and check.error is None and not check.problems:
            check.problems.append("the check of this page did not finish (see the log)")
    return results


@dataclass
class _Sampling:
    """Sample articles of one start URL, tried one after another until one parses."""

    links: list[str]
    failed: dict[str, list[str]] = field(default_factory=dict)  # problem -> sample URLs that had it
    warnings: list[str] = field(default_factory=list)


class SourceCheckSpider(scrapy.Spider):
    """Fetches each start URL, then sample articles, and fills in the checks it was given."""

    name = "sources_check"

    def __init__(self, sources: list[SourceCheck], sites: dict[str, ArticleSpider], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.sources = sources
        self.sites = sites

    async def start(self) -> AsyncIterator[scrapy.Request]:
        for source in self.sources:
            for check in source.checks:
                yield scrapy.Request(
                    check.start_url, callback=self.on_list, errback=self.on_list_error,
                    cb_kwargs={"check": check}, dont_filter=True,
                )

    # -- list pages ---------------------------------------------------------------------

    def on_list(self, response: Response, check: StartUrlCheck) -> Iterator[scrapy.Request]:
        check.list_url, check.status, check.seconds = response.url, response.status, _latency(response)
        check.robots = "allowed"
        if response.status != 200:
            check.problems.append(f"list page answered HTTP {response.status}")
            return
        site = self.sites[check.source]
        links = site.article_links(response) if isinstance(response, TextResponse) else []
        check.article_links = len(links)
        if not links:
            check.problems.append("no article links match the spider's URL pattern: has the list template or URL scheme changed?")
            return
        yield self.sample_request(check, _Sampling(links[:MAX_SAMPLES]), 0)

    def on_list_error(self, failure: Failure) -> None:
        check: StartUrlCheck = failure.request.cb_kwargs["check"]
        if _refused_by_robots(failure):
            check.robots = "disallowed"
            check.problems.append(f"robots.txt disallows {check.start_url} for our User-Agent")
            return
        check.robots = "allowed"
        check.status, check.seconds, check.error, check.anti_bot, problem = _failed_fetch(failure, "list page")
        check.problems.append(problem)

    # -- sample articles ----------------------------------------------------------------

    def sample_request(self, check: StartUrlCheck, sampling: _Sampling, index: int) -> scrapy.Request:
        return scrapy.Request(
            sampling.links[index], callback=self.on_sample, errback=self.on_sample_error,
            cb_kwargs={"check": check, "sampling": sampling, "index": index}, dont_filter=True,
        )

    def on_sample(self, response: Response, check: StartUrlCheck, sampling: _Sampling, index: int) -> Iterator[scrapy.Request]:
        sample = SampleArticle(url=sampling.links[index], status=response.status, seconds=_latency(response))
        problems: list[str] = []
        if response.status != 200:
            problems.append(f"sample article answered HTTP {response.status}")
        else:
            parsed = self.sites[check.source].parse_document(sample.url, decode_body(response))
            sample.title, sample.text_length, sample.layers = parsed.title, len(parsed.text), dict(parsed.layers)
            sample.published = parsed.published.isoformat() if parsed.published else None
            sample.publisher = parsed.publisher
            judge_layers(sample, problems, sampling.warnings)
            declared_findings = getattr(self.sites[check.source], "declared_findings", None)  # a declared source's own rules
            if declared_findings is not None:
                more_problems, more_warnings = declared_findings(sample.url, response.text, parsed)
                problems.extend(more_problems)
                sampling.warnings.extend(more_warnings)
        yield from self.after_sample(check, sampling, index, sample, problems)

    def on_sample_error(self, failure: Failure) -> Iterator[scrapy.Request]:
        kwargs = failure.request.cb_kwargs
        check, sampling, index = kwargs["check"], kwargs["sampling"], kwargs["index"]
        sample = SampleArticle(url=sampling.links[index])
        if _refused_by_robots(failure):
            problem = "sample article refused by robots.txt"
        else:
            sample.status, sample.seconds, sample.error, sample.anti_bot, problem = _failed_fetch(failure, "sample article")
        yield from self.after_sample(check, sampling, index, sample, [problem])

    def after_sample(
        self, check: StartUrlCheck, sampling: _Sampling, index: int, sample: SampleArticle, problems: list[str]
    ) -> Iterator[scrapy.Request]:
        """Try the next sample after a bad one; one bad article among good ones is only a warning."""
        check.sample = sample
        for problem in problems:
            sampling.failed.setdefault(problem, []).append(sample.url)
        if problems and index + 1 < len(sampling.links):
            yield self.sample_request(check, sampling, index + 1)
            return
        tried = index + 1
        summary = [
            f"{problem} (in {len(urls)} of {tried} sample articles, e.g. {urls[0]})" for problem, urls in sampling.failed.items()
        ]
        (check.problems if problems else check.warnings).extend(summary)
        check.warnings.extend(dict.fromkeys(sampling.warnings))


def _latency(response: Response) -> float | None:
    return response.meta.get("download_latency")


def _request_latency(failure: Failure) -> float | None:
    request = getattr(failure, "request", None)
    return request.meta.get("download_latency") if request is not None else None


def _refused_by_robots(failure: Failure) -> bool:
    """A middleware refused the request before it left: robots.txt (the only one that does)."""
    return bool(failure.check(IgnoreRequest)) and not failure.check(HttpError, AntiBotError)


def _failed_fetch(failure: Failure, what: str) -> tuple[int | None, float | None, str | None, str | None, str]:
    """(status, seconds, error, anti-bot verdict, problem) of a page that could not be used."""
    if failure.check(AntiBotError):
        response, reason, seconds = failure.value.response, failure.value.reason, _request_latency(failure)
        if response.status != 200:
            return response.status, seconds, None, None, f"{what} answered HTTP {response.status} ({reason.replace('_', ' ')} page)"
        return 200, seconds, None, reason, f"{what} is an anti-bot/empty page ({reason.replace('_', ' ')})"
    if failure.check(HttpError):
        status = failure.value.response.status
        return status, _request_latency(failure), None, None, f"{what} answered HTTP {status}"
    error = failure.getErrorMessage() or failure.type.__name__
    return None, None, error, None, f"{what} unreachable: {error}"


@contextmanager
def _quiet_crawl_logs() -> Iterator[None]:
    """The check reports every problem itself; Scrapy's and the middlewares' own lines would
    only repeat them on stderr."""
    quiet = {"scrapy": logging.ERROR, "scraper": logging.ERROR, "twisted": logging.ERROR, "protego": logging.ERROR,
             SourceCheckSpider.name: logging.ERROR,
             # an unreachable robots.txt is an unreachable site: reported as such, not as a traceback
             "scrapy.downloadermiddlewares.robotstxt": logging.CRITICAL}
    loggers = [logging.getLogger(name) for name in quiet]
    levels = [logger.level for logger in loggers]
    for logger, level in zip(loggers, quiet.values()):
        logger.setLevel(level)
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels):
            logger.setLevel(level)


def judge_layers(sample: SampleArticle, problems: list[str], warnings: list[str]) -> None:
    """Which parsing layer failed: a field found only by a fallback is a warning, none a break.

    A date read from a URL that carries the full day (`/2024-07/04/`, as the e-paper's) is as
    good as a template's; a month-only URL folder (`/202407/`) is a fallback.
    """
    for field_name, expected in EXPECTED_LAYERS.items():
        layer = sample.layers.get(field_name)
        found = {"title": bool(sample.title), "text": sample.text_length >= MIN_TEXT, "published": bool(sample.published)}[field_name]
        if not found or layer is None:
            message = f"sample article: {field_name} not found by any layer ({FIELD_LAYERS[field_name]})"
            (warnings if field_name == "published" else problems).append(message)
        elif layer not in expected and not (layer == "url" and _url_has_day(sample.url)):
            failed = ", ".join(expected)
            warnings.append(f"sample article: {field_name} found only by the {layer} layer ({failed} failed: template changed?)")


def _url_has_day(url: str) -> bool:
    found = date_from_url(url)
    return found is not None and found[2] is not None
