"""The crawl's seams, with real Scrapy objects and a real SQLite file: the item the store persists,
the extension that owns the store, the conditional-GET middleware, and the batched re-check lookups."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import pytest

from scrapy import Request, signals
from scrapy.http import HtmlResponse, Response
from scrapy.utils.test import get_crawler
from sqlalchemy import event, func, select

from db.models import ArticleVersion
from db.store import Store
from scraper.extensions.store_extension import StoreExtension
from scraper.items import ArticleItem, KnownArticle
from scraper.middlewares.conditional_get_middleware import (
    NOT_MODIFIED,
    VALIDATORS,
    ConditionalGetMiddleware,
)
from scraper.normalise import content_hash

URL = "https://en.hainan.gov.cn/englishsite/Updates/202407/a.shtml"


def item(text: str, url: str = URL, etag: str | None = None) -> ArticleItem:
    return ArticleItem(
        url=url, source="hainan_gov_en", host="en.hainan.gov.cn", language="en", title="Yangpu trade",
        text=text, html="<html></html>", published=date(2024, 7, 12), parks=("yangpu",), etag=etag,
    )


def test_the_item_carries_normalised_text_and_its_hash() -> None:
    loaded = item("Yangpu trade grew.\nViews: 120\n分享到：")
    assert loaded.text == "Yangpu trade grew."
    assert loaded.content_hash == content_hash("Yangpu trade grew.")


def test_the_store_persists_the_items_hash_a_noise_only_change_is_no_new_version(tmp_path: Path) -> None:
    store = Store.open(f"sqlite:///{tmp_path / 'monitor.db'}")
    first = store.save(item("Yangpu trade grew.\nViews: 120"))
    again = store.save(item("Yangpu trade grew.\nViews: 121"))
    revised = store.save(item("Yangpu trade grew 18.6%.\nViews: 122"))
    assert (first.new_version, again.new_version, revised.new_version) == (True, False, True)
    with store.session() as session:
        assert session.scalar(select(func.count()).select_from(ArticleVersion)) == 2
        assert session.get(ArticleVersion, revised.version_id).text == "Yangpu trade grew 18.6%."
    store.close()


@contextmanager
def counted_queries(store: Store) -> Iterator[list[str]]:
    statements: list[str] = []

    def count(_conn, _cursor, statement, *_args) -> None:  # type: ignore[no-untyped-def]
        statements.append(statement)

    event.listen(store.engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(store.engine, "before_cursor_execute", count)


def test_recheck_lookups_are_one_query_with_the_newest_versions_validators(tmp_path: Path) -> None:
    store = Store.open(f"sqlite:///{tmp_path / 'monitor.db'}")
    urls = [f"https://en.hainan.gov.cn/englishsite/Updates/202407/a{n}.shtml" for n in range(5)]
    for url in urls:
        store.save(item("first text", url, etag='"v1"'))
        store.save(item("second text", url, etag='"v2"'))
    with counted_queries(store) as statements:
        known = [KnownArticle(*row) for row in store.articles_of("hainan_gov_en")]
    assert len([s for s in statements if s.lstrip().upper().startswith("SELECT")]) == 1
    assert [(k.url, k.etag, k.published) for k in known] == [(url, '"v2"', date(2024, 7, 12)) for url in urls]
    store.close()


def test_the_store_extension_opens_the_store_and_closes_it_when_the_engine_stops(tmp_path: Path) -> None:
    database = tmp_path / "monitor.db"
    crawler = get_crawler(settings_dict={"HAINAN_MONITOR_DB": f"sqlite:///{database}"})
    extension = StoreExtension.from_crawler(crawler)
    extension.store.ensure_source("hainan_gov_en", "en.hainan.gov.cn")
    wal = database.with_name(database.name + "-wal")
    assert wal.exists()  # an open connection keeps SQLite's write-ahead log
    crawler.signals.send_catch_log(signals.engine_stopped)
    assert not wal.exists()  # the last connection closed: SQLite checkpointed and removed it


def test_conditional_get_adds_validators_and_flags_a_304() -> None:
    crawler = get_crawler()
    crawler.stats.open_spider()
    middleware = ConditionalGetMiddleware.from_crawler(crawler)
    recheck = Request(URL, meta={VALIDATORS: {"etag": '"v2"', "last_modified": "Fri, 12 Jul 2024 08:00:00 GMT"}})
    middleware.process_request(recheck)
    assert recheck.headers[b"If-None-Match"] == b'"v2"'
    assert recheck.headers[b"If-Modified-Since"] == b"Fri, 12 Jul 2024 08:00:00 GMT"
    assert 304 in recheck.meta["handle_httpstatus_list"]
    unchanged = middleware.process_response(recheck, Response(URL, status=304, request=recheck))
    assert unchanged.meta[NOT_MODIFIED] is True
    assert crawler.stats.get_value("monitor/not_modified") == 1

    fresh = Request(URL)
    middleware.process_request(fresh)
    assert b"If-None-Match" not in fresh.headers and "handle_httpstatus_list" not in fresh.meta
    middleware.process_response(fresh, HtmlResponse(URL, status=200, body=b"<html></html>", request=fresh))
    assert NOT_MODIFIED not in fresh.meta


def test_the_log_formatter_reads_the_dataclass_item() -> None:
    """Scrapy logs every stored item through it; an AttributeError there surfaced only as an
    asyncio "Task exception was never retrieved" traceback in the daemon's log."""
    from scraper.log_formatter import QuietLogFormatter

    line = QuietLogFormatter().scraped(item("Yangpu trade grew."), None, None)
    assert line["msg"] % line["args"] == f"stored: {URL}"


def test_no_spider_callback_returns_a_value_from_a_generator() -> None:
    """settings.py turns off Scrapy's per-request check (WARN_ON_GENERATOR_RETURN_VALUE: it reads
    the callback's source again for each bound method); this checks every spider once instead."""
    from scrapy.settings import Settings
    from scrapy.utils.misc import is_generator_with_return_value

    from scraper import settings as project_settings
    from scraper.declared_loader import DeclaredSpiderLoader

    loader = DeclaredSpiderLoader(Settings({key: getattr(project_settings, key) for key in dir(project_settings) if key.isupper()}))
    checked = 0
    for name in loader.list():
        spider = loader.load(name)
        for attribute in dir(spider):
            function = getattr(spider, attribute, None)
            if attribute.startswith(("parse", "on_")) and callable(function):
                assert not is_generator_with_return_value(function), f"{name}.{attribute}"
                checked += 1
    assert checked >= 10


def test_the_crawl_process_builds_no_record_of_scrapys_per_page_debug_lines(tmp_path: Path) -> None:
    """Scrapy's logging setup puts its loggers back to DEBUG; the crawl child quietens them
    again (crawl_runner.crawler_process), so "Crawled (200)" is not made into a record per page
    only to be dropped by the handlers. In a child process: Scrapy's process installs a reactor."""
    import subprocess
    import sys

    program = (
        "import logging\n"
        "from monitor.config import CrawlConfig\n"
        "from monitor.logging_setup import setup_logging\n"
        "from monitor.service.crawl_runner import CrawlJob, crawler_process\n"
        f"job = CrawlJob(db_url='sqlite:///{tmp_path / 'monitor.db'}', cycle_id='t', spiders=('hainan_gov_en',), crawl=CrawlConfig())\n"
        "setup_logging(job.log_level)\n"
        "crawler_process(job)\n"
        "print([logging.getLogger(name).isEnabledFor(logging.INFO) for name in ('scrapy.core.engine', 'scrapy.core.scraper')])\n"
    )
    done = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, timeout=120, check=True)
    assert done.stdout.strip().splitlines()[-1] == "[False, False]"


def test_the_relevance_filter_asks_the_store_only_when_the_spider_cannot_tell(tmp_path: Path) -> None:
    """A dropped page whose request was a new link of a list (the list page asked the store)
    costs no store query; a re-check's page is kept whatever it names; after a redirect the
    store is asked, and a stored article's irrelevant revision is kept."""
    from scrapy.exceptions import DropItem

    from scraper.pipelines.relevance_pipeline import RelevancePipeline
    from scraper.spiders.article_spider import _stored

    url = f"sqlite:///{tmp_path / 'monitor.db'}"
    crawler = get_crawler(settings_dict={
        "HAINAN_MONITOR_DB": url, "EXTENSIONS": {"scraper.extensions.store_extension.StoreExtension": 100},
    })
    crawler.stats.open_spider()
    pipeline = RelevancePipeline.from_crawler(crawler)
    store = crawler.get_extension(StoreExtension).store
    store.save(item("Yangpu trade grew."))
    statements: list[str] = []
    event.listen(store.engine, "before_cursor_execute", lambda *args: statements.append(args[2]))

    def page(meta: dict) -> bool | None:
        return _stored(HtmlResponse(URL, body=b"<html></html>", request=Request(URL, meta=meta)))

    assert page({"revisit": False, "article": True}) is False
    assert page({"revisit": True, "article": True}) is True
    assert page({"revisit": False, "article": True, "redirect_urls": ["https://en.hainan.gov.cn/old"]}) is None
    assert page({}) is None

    irrelevant = item("The weather was fine and the beaches were full.")
    irrelevant.title = "Beach weather"
    irrelevant.stored = False
    with pytest.raises(DropItem):
        pipeline.process_item(irrelevant)
    assert statements == []
    irrelevant.stored = True
    assert pipeline.process_item(irrelevant) is irrelevant
    assert statements == []
    irrelevant.stored = None  # a redirect: the store says it holds the article
    assert pipeline.process_item(irrelevant) is irrelevant
    assert len(statements) == 1
    crawler.signals.send_catch_log(signals.engine_stopped)
