"""Which declared sources a mirror crawl takes part in when no spider is named.

A mirror is a copy of some sites, often made before a source was declared (the demo's bundled
copy, an outside checker's copy of the three portals). A crawl over it with no `--spider`
would report every declared source it does not hold as failing, and exit 1 for sites nobody
asked about. So, when no spider is named, a declared source joins a mirror crawl only when the
mirror holds its first list page; a log line says which were left out. Naming the source
(`--spider hnftp`) always crawls it. Coded spiders are unaffected.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence

from scrapy.spiderloader import SpiderLoaderProtocol

from monitor.service.page_fetcher import PageFetcher

log = logging.getLogger(__name__)

PROBE_TIMEOUT = 10.0


def held_by_mirror(
    loader: SpiderLoaderProtocol,
    names: Sequence[str],
    mirror: str,
    user_agent: str,
    start_urls: Mapping[str, list[str]] | None = None,
) -> tuple[str, ...]:
    """`names` without the declared sources whose first list page the mirror answers 404 for."""
    fetcher = PageFetcher(user_agent, PROBE_TIMEOUT, mirror)
    kept: list[str] = []
    for name in names:
        declaration = getattr(loader.load(name), "declaration", None)
        if declaration is None:
            kept.append(name)
            continue
        first = ((start_urls or {}).get(name) or [*declaration.start_urls, *declaration.hubs])[0]
        page = fetcher.get(first)
        if page.status == 404:
            log.info("%s: not in the mirror (%s answered 404), left out; name it with --spider to crawl it anyway",
                     name, first)
            continue
        kept.append(name)
    return tuple(kept)
