"""A user's own source, declared only in a configuration file (tests/sources/dongfang_park.toml):
a made-up park administration's news site served from tests/mirrors/dongfang_park. It works end
to end (crawl → figures → changes), `sources check --source` vouches for it, and each kind of
wrong declaration is named by `sources check` and alerted once as `source_failing` in cycles."""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

import pytest
from tests.helpers.crawl import articles, crawl, fetched, last_run, module_mirror, query

from tests.helpers.cli import REPO

pytestmark = pytest.mark.slow

CONFIG = Path(__file__).parent / "sources" / "dongfang_park.toml"
SITE = "https://www.dflg-park.example/news"
FIRST = {
    f"{SITE}/show-1042.html": ("东方临港产业园累计落地项目18个", "2024-07-08", "东方临港产业园管理委员会"),
    f"{SITE}/show-1040.html": ("园区举办安全生产月活动", "2024-07-02", "综合办公室"),
    f"{SITE}/show-1031.html": ("东方临港产业园新材料项目开工", "2024-06-20", "东方市融媒体中心"),
}


def config_with(tmp_path: Path, old: str, new: str) -> Path:
    """The user's configuration with one declaration mistake in it."""
    text = CONFIG.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "monitor.toml"
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def two_cycles(tmp_path_factory):
    base = tmp_path_factory.mktemp("user-source")
    db_url = f"sqlite:///{base / 'monitor.db'}"
    with module_mirror(base) as mirror:
        first = crawl(db_url, mirror.use(dongfang_park=1), "--spider", "dongfang_park", config=CONFIG)
        first_fetched = fetched(mirror)
        after_first = articles(db_url)
        crawl(db_url, mirror.use(dongfang_park=2), "--spider", "dongfang_park", config=CONFIG)
    return db_url, first, first_fetched, after_first


def test_the_first_cycle_stores_the_articles_by_the_declaration(two_cycles):
    db_url, first, first_fetched, stored = two_cycles
    assert set(stored) == set(FIRST)
    for url, (title, published, publisher) in FIRST.items():
        got = stored[url]
        assert (got["title"], got["published"], got["publisher"], got["language"], got["source"]) == (
            title, published, publisher, "zh", "dongfang_park")
        assert got["text"] and "返回列表" not in got["text"] and "版权所有" not in got["text"]
    assert "/www.dflg-park.example/news/list_2.html" in first_fetched  # `suffix` paging
    assert "dongfang_park" in first.stdout


def test_figures_and_changes_come_out_of_it(two_cycles):
    db_url, *_ = two_cycles
    changes = json.loads(_cli_json(db_url, "changes"))
    moved = [c for c in changes if c["kind"] == "figure_changed" and c["metric"] == "projects_landed"]
    assert [(c["park"], c["old_value"], c["new_value"], c["article_url"]) for c in moved] == [
        ("dongfang-lingang", 18, 25, f"{SITE}/show-1050.html")]
    figures = json.loads(_cli_json(db_url, "figures", "--park", "dongfang-lingang", "--metric", "projects_landed"))
    assert sorted((f["value"], f["published"]) for f in figures) == [(18, "2024-07-08"), (25, "2024-09-10")]
    assert last_run(db_url, "dongfang_park")["outcome"] == "ok"


def test_sources_check_vouches_for_a_good_declaration(cli, tmp_path):
    with module_mirror(tmp_path) as mirror:
        mirror.use(dongfang_park=1)
        result = cli("--config", str(CONFIG), "--db", f"sqlite:///{tmp_path / 'c.db'}", "sources", "check",
                     "--source", "dongfang_park", "--mirror", mirror.origin, "--json")
    assert result.returncode == 0, result.stdout + result.stderr
    [source] = json.loads(result.stdout)
    [check] = source["start_urls"]
    assert (source["verdict"], check["article_links"]) == ("ok", 2)
    sample = check["sample"]
    assert (sample["title"], sample["published"], sample["publisher"]) == FIRST[f"{SITE}/show-1042.html"]
    assert sample["layers"] == {"title": "selectors", "text": "selectors", "published": "selectors", "publisher": "selectors"}


WRONG_DECLARATIONS = {
    # the start URL is the home page: menus, no article links
    "no article links": (
        '"https://www.dflg-park.example/news/list.html"', '"https://www.dflg-park.example/"',
        "no article links match the spider's URL pattern", "no article links on its list pages (1 of 1)"),
    # the pattern guesses another URL shape
    "a pattern that matches nothing": (
        r"'^/news/show-\d+\.html$'", r"'^/news/article/\d+\.html$'",
        "no article links match the spider's URL pattern", "no article links on its list pages (1 of 1)"),
    # the site prints 24年7月8日; without date_format that never parses, and the URL has no date
    "a date that never parses": (
        'date_format = "%y年%m月%d日"', "",
        "sample article: no date found (selector .news-meta .when; none in the URL)",
        "pages were not articles (3 undated), 0 worked"),
}


@pytest.mark.parametrize("mistake", sorted(WRONG_DECLARATIONS))
def test_a_wrong_declaration_is_reported_by_sources_check_and_alerted_once(cli, tmp_path, mistake):
    old, new, check_says, cycle_says = WRONG_DECLARATIONS[mistake]
    config = config_with(tmp_path, old, new)
    db_url = f"sqlite:///{tmp_path / 'monitor.db'}"
    with module_mirror(tmp_path) as mirror:
        mirror.use(dongfang_park=1)
        check = cli("--config", str(config), "--db", db_url, "sources", "check", "--source", "dongfang_park",
                    "--mirror", mirror.origin)
        assert check.returncode == 1, check.stdout + check.stderr
        assert check.stderr.startswith("Error: broken: dongfang_park (") and check_says in check.stderr
        assert "dongfang_park: broken" in check.stdout
        for _ in range(2):
            crawl(db_url, mirror, "--spider", "dongfang_park", config=config)
    failing = query(db_url, "SELECT c.summary FROM changes c WHERE c.kind = 'source_failing'")
    assert len(failing) == 1 and cycle_says in failing[0][0], failing
    assert not articles(db_url)


def test_the_readme_declares_this_very_source():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    blocks = [tomllib.loads(block) for block in re.findall(r"```toml\n(.*?)```", readme, re.S)]
    declared = [block["sources"]["dongfang_park"] for block in blocks if "dongfang_park" in block.get("sources", {})]
    assert declared == [tomllib.loads(CONFIG.read_text(encoding="utf-8"))["sources"]["dongfang_park"]]


def _cli_json(db_url: str, *args: str) -> str:
    from tests.helpers.cli import run_cli

    result = run_cli("--db", db_url, *args, "--json")
    assert result.returncode == 0, result.stderr
    return result.stdout
