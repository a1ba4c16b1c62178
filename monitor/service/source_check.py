"""`sources check`: a live diagnosis of every source, storing nothing.

The first thing to run on a machine that reaches the real sites, and when alerts stop. For
each source and start URL it asks what a crawl depends on, one step at a time, with plain HTTP:
is the list page reachable (status, time), does robots.txt allow it for our User-Agent, is it
an anti-bot page, how many article links does the spider's URL pattern find there, and does
one sample article parse — and by which layer each field was found (meta, selectors, generic,
url; scraper/article_parser.py). A template change shows up as a layer falling back (a
warning) or as no layer finding the text at all (broken).

The spider classes are the source of truth for start URLs, link patterns and parsing (their
`default_start_urls`, `article_links` and `parse_document`), overridden by the config's
`[spiders.NAME] start_urls` exactly as in a crawl.
"""

from __future__ import annotations

import urllib.robotparser
from dataclasses import asdict, dataclass, field
from urllib.parse import urljoin, urlsplit

from scrapy.http import TextResponse
from scrapy.utils.response import get_meta_refresh

from monitor.config import Config
from monitor.service.crawl_runner import project_settings, resolve_spiders, spider_loader
from monitor.service.page_fetcher import FetchedPage, PageFetcher
from scraper.encoding import decode_body
from scraper.middlewares.antibot_middleware import AntiBotMiddleware
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


class SourceChecker:
    def __init__(self, config: Config, mirror: str | None = None, timeout: float = 20.0) -> None:
        settings = project_settings(config.crawl.sources)
        self.config = config
        self.user_agent = config.crawl.user_agent or settings.get("USER_AGENT")
        self.fetcher = PageFetcher(self.user_agent, timeout, mirror)
        self.mirror = mirror
        self.loader = spider_loader(settings)
        # The crawl's own anti-bot verdict; it needs only the statuses, not a running crawler.
        self.anti_bot = AntiBotMiddleware(None, None, settings.getlist("ANTIBOT_STATUSES", [412]))  # type: ignore[arg-type]
        self._robots: dict[str, tuple[urllib.robotparser.RobotFileParser | None, str]] = {}

    def check_all(self, names: tuple[str, ...] = ()) -> list[SourceCheck]:
        return [self.check_source(name) for name in resolve_spiders(names, self.config.crawl, self.mirror)]

    def check_source(self, name: str) -> SourceCheck:
        spider_class = self.loader.load(name)
        spider: ArticleSpider = spider_class()
        result = SourceCheck(name, getattr(spider_class, "site_title", "") or name)
        start_urls = self.config.crawl.start_urls.get(name) or list(getattr(spider_class, "default_start_urls", ()))
        result.checks = [self.check_start_url(spider, url) for url in start_urls]
        return result

    def check_start_url(self, spider: ArticleSpider, url: str) -> StartUrlCheck:
        check = StartUrlCheck(source=spider.name, start_url=url, list_url=url)
        check.robots = self.robots_verdict(url)
        if check.robots.startswith("disallowed"):
            check.problems.append(f"robots.txt disallows {url} for our User-Agent")
        page = self.fetcher.get(url)
        page = self.follow_meta_refresh(page)
        check.list_url, check.status, check.seconds, check.error = page.url, page.status, page.seconds, page.error
        if not self.page_usable(page, "list page", check.problems) or page.response is None:
            return check
        check.anti_bot = self.anti_bot.verdict(page.response)
        if check.anti_bot:
            check.problems.append(f"list page is an anti-bot/empty page ({check.anti_bot.replace('_', ' ')})")
            return check
        links = spider.article_links(page.response) if isinstance(page.response, TextResponse) else []
        check.article_links = len(links)
        if not links:
            check.problems.append("no article links match the spider's URL pattern: has the list template or URL scheme changed?")
            return check
        self.sample_articles(spider, links[:MAX_SAMPLES], check)
        return check

    def sample_articles(self, spider: ArticleSpider, links: list[str], check: StartUrlCheck) -> None:
        """Parse the first article that works; one bad article among good ones is only a warning."""
        failed: dict[str, list[str]] = {}  # problem -> sample URLs that had it
        warnings: list[str] = []
        good = False
        for link in links:
            problems: list[str] = []
            check.sample = self.check_sample(spider, link, problems, warnings)
            for problem in problems:
                failed.setdefault(problem, []).append(link)
            if not problems:
                good = True
                break
        tried = links.index(check.sample.url) + 1 if check.sample else len(links)
        summary = [f"{problem} (in {len(urls)} of {tried} sample articles, e.g. {urls[0]})" for problem, urls in failed.items()]
        (check.warnings if good else check.problems).extend(summary)
        check.warnings.extend(dict.fromkeys(warnings))

    def check_sample(self, spider: ArticleSpider, url: str, problems: list[str], warnings: list[str]) -> SampleArticle:
        page = self.fetcher.get(url)
        sample = SampleArticle(url=url, status=page.status, seconds=page.seconds, error=page.error)
        if not self.page_usable(page, "sample article", problems) or page.response is None:
            return sample
        sample.anti_bot = self.anti_bot.verdict(page.response)
        if sample.anti_bot:
            problems.append(f"sample article is an anti-bot/empty page ({sample.anti_bot.replace('_', ' ')})")
            return sample
        html = decode_body(page.response)
        parsed = spider.parse_document(url, html)
        sample.title, sample.text_length, sample.layers = parsed.title, len(parsed.text), dict(parsed.layers)
        sample.published = parsed.published.isoformat() if parsed.published else None
        sample.publisher = parsed.publisher
        judge_layers(sample, problems, warnings)
        declared_findings = getattr(spider, "declared_findings", None)  # declared sources' own rules
        if declared_findings is not None:
            more_problems, more_warnings = declared_findings(url, html, parsed)
            problems.extend(more_problems)
            warnings.extend(more_warnings)
        return sample

    def follow_meta_refresh(self, page: FetchedPage) -> FetchedPage:
        """A start page that only redirects by meta refresh (Hainan Daily's paperindex.htm): once."""
        if page.response is None or not isinstance(page.response, TextResponse) or page.status != 200:
            return page
        _, target = get_meta_refresh(page.response)
        return self.fetcher.get(target) if target else page

    def page_usable(self, page: FetchedPage, what: str, problems: list[str]) -> bool:
        if page.error:
            problems.append(f"{what} unreachable: {page.error}")
            return False
        if page.status != 200:
            anti_bot = self.anti_bot.verdict(page.response) if page.response is not None else None
            note = f" ({anti_bot.replace('_', ' ')} page)" if anti_bot else ""
            problems.append(f"{what} answered HTTP {page.status}{note}")
            return False
        return True

    def robots_verdict(self, url: str) -> str:
        parts = urlsplit(url)
        key = f"{parts.scheme}://{parts.netloc}"
        if key not in self._robots:
            self._robots[key] = self._load_robots(urljoin(key, "/robots.txt"))
        parser, note = self._robots[key]
        if parser is None:
            return f"allowed ({note})"
        verdict = "allowed" if parser.can_fetch(self.user_agent, url) else "disallowed"
        return f"{verdict} ({note})" if note else verdict

    def _load_robots(self, robots_url: str) -> tuple[urllib.robotparser.RobotFileParser | None, str]:
        """As Scrapy's robots.txt middleware reads it: a missing or unreachable file allows all."""
        page = self.fetcher.get(robots_url)
        if page.error:
            return None, f"robots.txt unreachable: {page.error}"
        parser = urllib.robotparser.RobotFileParser(robots_url)
        if page.status in (401, 403):
            parser.disallow_all = True
            return parser, f"robots.txt answered {page.status}"
        if page.status != 200 or page.response is None:
            return None, f"no robots.txt (HTTP {page.status})"
        parser.parse(decode_body(page.response).splitlines())
        return parser, ""


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
