"""`sources check`: a live diagnosis over plain HTTP that names a broken source and the failed layer."""

from __future__ import annotations

import json

import pytest

from tests.helpers.processes import db_path

#: Real crawls, subprocesses or servers: seconds each (`python -m pytest -m "not slow"` skips them).
pytestmark = pytest.mark.slow


@pytest.mark.parametrize(
    ("sites", "spider", "start_urls", "links_on_first"),
    [
        ({"en": 1}, "hainan_gov_en", 3, 4),
        # paperindex.htm only refreshes to the current issue's node_1.htm: followed once.
        ({"hndaily": 3}, "hainan_daily", 1, None),
    ],
)
def test_a_healthy_source_checks_ok(cli, mirror, db_url, sites, spider, start_urls, links_on_first):
    mirror.use(**sites)
    result = cli("--db", db_url, "sources", "check", "--spider", spider, "--mirror", mirror.origin, "--json")
    assert result.returncode == 0, result.stdout + result.stderr
    [source] = json.loads(result.stdout)
    assert (source["source"], source["verdict"]) == (spider, "ok")
    assert len(source["start_urls"]) == start_urls
    first = source["start_urls"][0]
    assert first["status"] == 200 and first["robots"].startswith("allowed") and first["anti_bot"] is None
    if links_on_first is not None:
        assert first["article_links"] == links_on_first
    if spider == "hainan_daily":
        assert first["list_url"] != first["start_url"] and first["list_url"].endswith("/node_1.htm")
    sample = first["sample"]
    assert sample["status"] == 200 and sample["title"] and sample["published"] and sample["text_length"] > 100
    assert sample["layers"]["text"] == "selectors" and sample["layers"]["title"] in ("meta", "selectors")
    if spider == "hainan_gov_en":
        assert sample["url"] == "https://en.hainan.gov.cn/englishsite/Updates/202407/4f2a9c1e7b3d4e8fa1c26d5b9e0f7a31.shtml"
        assert sample["title"] == "Guangdong-Hainan industrial park lands 27 projects in first half of the year"
        assert (sample["published"], sample["publisher"]) == ("2024-07-05", "Hainan Daily")
        assert sample["layers"] == {"title": "meta", "text": "selectors", "published": "meta", "publisher": "meta"}
    # Nothing is stored: the database is not even created.
    assert not db_path(db_url).exists()


def test_a_changed_article_template_names_the_source_and_the_failed_layer(cli, mirror, db_url):
    # en_broken: the articles moved to a script-rendered template (no meta tags, no content markup).
    mirror.use(en=1, en_broken=1)
    result = cli("--db", db_url, "sources", "check", "--spider", "hainan_gov_en", "--mirror", mirror.origin, "--json")
    assert result.returncode == 1
    assert result.stderr.startswith("Error: broken: hainan_gov_en (sample article: text not found by any layer (selectors, generic)")
    [source] = json.loads(result.stdout)
    assert source["verdict"] == "broken"
    for check in source["start_urls"]:
        assert check["verdict"] == "broken" and check["status"] == 200 and check["article_links"] >= 1
        assert check["sample"]["layers"] == {"title": "generic", "published": "url"}
        assert any("text not found by any layer (selectors, generic)" in problem for problem in check["problems"])
        assert "sample article: title found only by the generic layer (meta, selectors failed: template changed?)" in check["warnings"]


def test_an_unreachable_site_is_broken(cli, mirror, db_url):
    mirror.use()  # nothing mirrored: every page 404s
    result = cli("--db", db_url, "sources", "check", "--spider", "hainan_gov_en", "--mirror", mirror.origin)
    assert result.returncode == 1
    assert "BROKEN  hainan_gov_en: https://en.hainan.gov.cn/englishsite/Updates/listPic.shtml: list page answered HTTP 404" in result.stdout
    assert "hainan_gov_en: broken" in result.stdout
    assert result.stderr.strip() == "Error: broken: hainan_gov_en (list page answered HTTP 404)"


def test_robots_refusals_and_anti_bot_list_pages_come_from_the_crawls_own_middlewares(cli, mirror, db_url):
    mirror.use(en=1)
    site = mirror.base / f"snapshot{mirror.count}" / "en.hainan.gov.cn"
    (site / "robots.txt").write_text("User-agent: *\nDisallow: /englishsite/oinf/\n", encoding="utf-8")
    challenge = site / "englishsite" / "NewsE" / "news.shtml"
    challenge.write_text("<html><script>$_ts=window['$_ts'];document.cookie='a=1';location.reload();</script></html>", encoding="utf-8")
    challenge.with_name("news.shtml.status").write_text("412", encoding="utf-8")
    result = cli("--db", db_url, "sources", "check", "--spider", "hainan_gov_en", "--mirror", mirror.origin, "--json")
    assert result.returncode == 1, result.stderr
    [source] = json.loads(result.stdout)
    updates, oinf, news = source["start_urls"]
    assert (updates["verdict"], updates["robots"], updates["article_links"]) == ("ok", "allowed", 4)
    assert (oinf["verdict"], oinf["robots"], oinf["status"]) == ("broken", "disallowed", None)
    assert oinf["problems"] == ["robots.txt disallows https://en.hainan.gov.cn/englishsite/oinf/listPic.shtml for our User-Agent"]
    assert (news["verdict"], news["status"], news["problems"]) == ("broken", 412, ["list page answered HTTP 412 (anti bot page)"])
    assert result.stderr.strip() == (
        "Error: broken: hainan_gov_en (robots.txt disallows https://en.hainan.gov.cn/englishsite/oinf/listPic.shtml for our User-Agent)"
    )
    assert not db_path(db_url).exists()
