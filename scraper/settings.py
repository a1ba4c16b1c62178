"""Scrapy settings of the project. Every knob a site could disprove is here, not in a spider.

The monitor's own settings (START_URLS, MIRROR_ORIGIN, REVISIT_*, MAX_LIST_PAGES, HAINAN_MONITOR_DB)
are overridden by the configuration file and the CLI; see monitor/service/crawl_runner.py.
"""

import os

BOT_NAME = "hainan_park_monitor"
SPIDER_MODULES = ["scraper.spiders"]
NEWSPIDER_MODULE = "scraper.spiders"
#: The coded spiders plus one per declared source (scraper/sources.toml, DECLARED_SOURCES).
SPIDER_LOADER_CLASS = "scraper.declared_loader.DeclaredSpiderLoader"

# -- politeness ----------------------------------------------------------------------------
USER_AGENT = (
    "HainanParkMonitor/0.1 (+https://github.com/hainan-park-monitor/hainan-park-monitor; "
    "news monitor of Hainan FTP industrial parks)"
)
ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS = 8
CONCURRENT_REQUESTS_PER_DOMAIN = 2
DOWNLOAD_DELAY = 1.5
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 2.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
DOWNLOAD_TIMEOUT = 30
DOWNLOAD_MAXSIZE = 8 * 1024 * 1024
DOWNLOAD_WARNSIZE = 2 * 1024 * 1024
RETRY_TIMES = 2
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False
REQUEST_FINGERPRINTER_IMPLEMENTATION = "2.7"
LOG_LEVEL = "INFO"

# -- components ----------------------------------------------------------------------------
DOWNLOADER_MIDDLEWARES = {
    # Scrapy's own lets requests through while robots.txt is being fetched (robots_middleware.py).
    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
    "scraper.middlewares.robots_middleware.RobotsTxtMiddleware": 100,
    "scraper.middlewares.antibot_middleware.AntiBotMiddleware": 560,
    "scraper.middlewares.conditional_get_middleware.ConditionalGetMiddleware": 570,
    "scraper.middlewares.mirror_middleware.MirrorMiddleware": 950,
    "scraper.middlewares.request_count_middleware.RequestCountMiddleware": 990,
}
SPIDER_MIDDLEWARES = {
    "scraper.middlewares.store_failure_middleware.StoreFailureMiddleware": 50,
}
ITEM_PIPELINES = {
    "scraper.pipelines.relevance_pipeline.RelevancePipeline": 100,
    "scraper.pipelines.store_pipeline.StorePipeline": 200,
}
EXTENSIONS = {
    "scraper.extensions.store_extension.StoreExtension": 100,
    "scraper.extensions.crawl_run_extension.CrawlRunExtension": 500,
}

# -- the monitor's own settings -------------------------------------------------------------
#: Database URL (SQLAlchemy); empty means $HAINAN_MONITOR_DB or ./hainan-monitor.db.
HAINAN_MONITOR_DB = ""
#: Serve every https://HOST/PATH from MIRROR_ORIGIN/HOST/PATH (tests, demo, offline checks).
MIRROR_ORIGIN = ""
#: List pages per spider name; a spider's own defaults apply where a name is missing.
START_URLS: dict[str, list[str]] = {}
#: Pages followed per list per run; paging also stops at a page holding only known articles.
MAX_LIST_PAGES = 5
#: due (age-based policy), all (re-check every known article), none (only new articles).
REVISIT_MODE = "due"
#: (maximum age in days, hours between re-checks), youngest first; see scraper/revisit.py.
REVISIT_POLICY = [[7, 0], [30, 24], [180, 168]]
#: Per-spider policies that replace REVISIT_POLICY. An empty list: never re-checked in `due`
#: mode, because a printed paper's pages do not change once the issue is out (`--revisit all`
#: still re-checks them).
REVISIT_POLICIES: dict[str, list[list[float]]] = {"hainan_daily": []}
#: Freeze the date articles' ages are measured to (ISO date or date-time); empty means today.
#: $HAINAN_MONITOR_REVISIT_NOW sets it for the crawl child of `hainan-monitor crawl` (tests, demo).
REVISIT_NOW = os.environ.get("HAINAN_MONITOR_REVISIT_NOW", "")
#: Articles on these hosts belong to this source whichever spider found them: en.hainan.gov.cn
#: also serves the Chinese portal's /hainan/ pages, which canonical_url folds into www.
CANONICAL_SOURCES = {"www.hainan.gov.cn": "hainan_gov_zh"}
#: The publisher of an article that names no source, by host: the portal's own template leaves
#: its source field (`#ly`) empty for its own news (SITES.md §2.2).
DEFAULT_PUBLISHERS = {"www.hainan.gov.cn": "海南省人民政府"}
#: The configuration's `[sources.<id>]` tables, over the bundled scraper/sources.toml.
DECLARED_SOURCES: dict[str, dict] = {}
#: Issues of Hainan Daily walked back from the current one (`scrapy crawl hainan_daily -a days=N`).
HAINAN_DAILY_DAYS = 1
#: Responses with these statuses are anti-bot challenges (Ruishu answers 412).
ANTIBOT_STATUSES = [412]
#: Article items committed per transaction while a crawl runs fast, and the longest an accepted
#: item waits for its commit (scraper/pipelines/store_pipeline.py).
STORE_BATCH_ITEMS = 50
STORE_BATCH_SECONDS = 1.0
#: One id for all spiders of one monitoring cycle (crawl_runs.cycle_id).
CYCLE_ID = ""
LOG_FORMATTER = "scraper.log_formatter.QuietLogFormatter"
#: Items of one response processed in parallel by the pipelines. A page yields one article at
#: most and the pipelines are synchronous, so Scrapy's default (100) only cost 100 asyncio tasks
#: per response (about a millisecond of CPU per page, a quarter of the crawl's).
CONCURRENT_ITEMS = 1
#: Scrapy reads a callback's source (inspect + ast) to warn about `return value` in generators,
#: again for each new bound method; tests/test_scrapy_seams.py checks the spiders instead.
WARN_ON_GENERATOR_RETURN_VALUE = False
