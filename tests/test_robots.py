"""robots.txt holds for every request, including the ones issued while it is still being fetched.

Scrapy's own RobotsTxtMiddleware hands the parsed robots.txt to the first request that waited
for it and `None` ("allowed") to the others (Scrapy 2.19), so concurrent start URLs and revisits
slipped through. These crawls run the real spiders against the real mirror server and count
the disallowed paths in the server's request log: there must be none.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.helpers.crawl import crawl, fetched, module_mirror

WWW = "/www.hainan.gov.cn"
#: One start list page and two article folders that hold July articles (revisited under
#: `--revisit all`, and linked from the list pages).
DISALLOWED = ["/hainan/sxian/list3.shtml", "/hainan/5309/list3.shtml", "/hainan/zmgyshj/", "/hainan/ywdt/202407/", "/hainan/tingju/202407/"]
ROBOTS = "User-agent: *\n" + "".join(f"Disallow: {path}\n" for path in DISALLOWED)


def _disallowed(paths: list[str]) -> list[str]:
    return [path for path in paths if any(path.startswith(WWW + rule) for rule in DISALLOWED)]


def _write_robots(mirror, text: str) -> None:
    root = Path(mirror.server.root)
    (root / "www.hainan.gov.cn" / "robots.txt").write_text(text, encoding="utf-8")


@pytest.fixture(scope="module")
def crawls(tmp_path_factory):
    """A fresh store crawled under the strict robots.txt, then a store that knows every
    article (crawled under a permissive one) revisited in full under the strict one."""
    base = tmp_path_factory.mktemp("robots")
    runs: dict[str, list[str]] = {}
    with module_mirror(base) as mirror:
        mirror.use(zh=1)
        _write_robots(mirror, ROBOTS)
        crawl(f"sqlite:///{base / 'fresh.db'}", mirror, "--spider", "hainan_gov_zh")
        runs["fresh"] = fetched(mirror)

        known = f"sqlite:///{base / 'known.db'}"
        _write_robots(mirror, "User-agent: *\nDisallow:\n")
        crawl(known, mirror, "--spider", "hainan_gov_zh")
        runs["permissive"] = fetched(mirror)
        _write_robots(mirror, ROBOTS)
        for attempt in range(2):
            crawl(known, mirror, "--spider", "hainan_gov_zh", "--revisit", "all")
            runs[f"revisit{attempt}"] = fetched(mirror)
    return runs


@pytest.mark.slow
def test_a_fresh_crawl_fetches_no_disallowed_path(crawls):
    assert crawls["fresh"][0] == f"{WWW}/robots.txt"
    assert _disallowed(crawls["fresh"]) == []
    assert len(crawls["fresh"]) > 5  # the allowed list pages and articles were crawled


@pytest.mark.slow
def test_revisits_of_known_articles_obey_a_stricter_robots_txt(crawls):
    # the permissive crawl stored articles in the folders robots.txt now disallows
    assert len(_disallowed(crawls["permissive"])) >= 4
    for attempt in ("revisit0", "revisit1"):
        assert crawls[attempt][0] == f"{WWW}/robots.txt"
        assert _disallowed(crawls[attempt]) == []
        assert f"{WWW}/hainan/ywdt/xw.shtml" in crawls[attempt]  # the allowed start pages still go
