"""The Atom feed of changes: `feed -o` over the demo's store, and the `[alerts.feed]` channel
rewriting its file cycle after cycle; every feed is parsed back with feedparser."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import feedparser
import pytest
from tests.helpers.figure_store import Fig, Post, configured_before_the_changes, publish

from tests.helpers.cli import run_cli
from tests.helpers.crawled_stores import demo_run
from db.store import Store
from monitor.alerts import deliver_pending
from monitor.diff import detect_changes

GD_27 = "https://en.hainan.gov.cn/englishsite/Updates/202407/gd27.shtml"
GD_49 = "https://www.hainan.gov.cn/hainan/5309/202409/gd49.shtml"
QUOTE_49 = "广东海南先进制造业合作产业园已落地产业项目49个"


def parse(path: Path) -> feedparser.FeedParserDict:
    parsed = feedparser.parse(path.read_bytes())
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    return parsed


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory) -> Path:
    done, db = demo_run(tmp_path_factory)
    assert done.returncode == 0, done.stderr
    return db


def test_feed_of_the_demo_store_holds_27_to_49_with_its_article_and_chinese_quote(demo_db, tmp_path) -> None:
    out = tmp_path / "changes.xml"
    done = run_cli("--db", f"sqlite:///{demo_db}", "feed", "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"wrote {out} (")
    feed = parse(out)
    assert feed.feed.id == "tag:hainan-park-monitor,2024:changes" and feed.feed.updated_parsed
    moved = [entry for entry in feed.entries if "projects landed 27 → 49" in entry.title]
    assert moved, [entry.title for entry in feed.entries]
    entry = moved[0]
    assert entry.title.startswith("Guangdong-Hainan Advanced Manufacturing Cooperation Industrial Park (广东海南先进制造业合作产业园)")
    assert entry.id.startswith("tag:hainan-park-monitor,") and ":change/" in entry.id
    assert entry.updated_parsed is not None
    assert entry.link.startswith(("https://www.hainan.gov.cn/", "http://news.hndaily.cn/", "https://en.hainan.gov.cn/"))
    assert "period cumulative" in entry.content[0].value
    assert "«" in entry.content[0].value and "49" in entry.content[0].value
    assert {"figure_changed", "gd-hn-manufacturing", "projects_landed"} <= {tag.term for tag in entry.tags}
    assert "已落地" in out.read_text(encoding="utf-8")  # UTF-8 as is, not &#x…; escapes
    assert len({e.id for e in feed.entries}) == len(feed.entries)


def test_feed_ids_are_stable_and_limit_keeps_the_newest(demo_db, tmp_path) -> None:
    first = run_cli("--db", f"sqlite:///{demo_db}", "feed")
    again = run_cli("--db", f"sqlite:///{demo_db}", "feed", "--limit", "2")
    assert first.returncode == 0 and again.returncode == 0, first.stderr + again.stderr
    every = feedparser.parse(first.stdout.encode()).entries
    newest = feedparser.parse(again.stdout.encode()).entries
    assert [e.id for e in newest] == [e.id for e in every[:2]]
    assert int(every[0].id.rsplit("/", 1)[1]) > int(every[-1].id.rsplit("/", 1)[1])  # newest first


def test_feed_filters_and_usage_errors(demo_db) -> None:
    moved = run_cli("--db", f"sqlite:///{demo_db}", "feed", "--kind", "figure_changed", "--park", "gd-hn-manufacturing")
    assert moved.returncode == 0, moved.stderr
    titles = [e.title for e in feedparser.parse(moved.stdout.encode()).entries]
    assert len(titles) == 1 and "27 → 49" in titles[0]
    unknown = run_cli("--db", f"sqlite:///{demo_db}", "feed", "--park", "gd-hn")
    assert unknown.returncode == 2 and "unknown park 'gd-hn'" in unknown.stderr


@pytest.fixture
def store(db_url: str) -> Store:
    return Store.open(db_url)


def test_feed_channel_rewrites_its_file_each_cycle_keeping_the_newest(store: Store, tmp_path) -> None:
    path = tmp_path / "public" / "changes.xml"
    path.parent.mkdir()
    alerts = {"feed": {"path": str(path), "entries": 3, "url": "https://example.org/changes.xml"}}
    configured_before_the_changes(store, ("feed",))

    publish(store, Post(GD_27, date(2024, 7, 5), (Fig("projects_landed", 27, quote="has landed 27 projects"),)))
    detect_changes(store)
    assert [o.sent for o in deliver_pending(store, alerts)] == [2]  # new article + first figure
    first = parse(path)
    assert len(first.entries) == 2 and first.feed.links[0].href == "https://example.org/changes.xml"

    publish(store, Post(GD_49, date(2024, 9, 12), (Fig("projects_landed", 49, quote=QUOTE_49),), source="hainan_gov_zh",
                        title="粤琼产业园落地项目增至49个"))
    detect_changes(store)
    assert [o.sent for o in deliver_pending(store, alerts)] == [2]  # new article + 27 → 49
    second = parse(path)
    assert len(second.entries) == 3  # four changes so far, the newest three kept
    top = second.entries[0] if "27 → 49" in second.entries[0].title else second.entries[1]
    assert "projects landed 27 → 49 (+22, +81%)" in top.title
    assert top.link == GD_49 and QUOTE_49 in top.content[0].value
    assert {e.id for e in first.entries[:1]} <= {e.id for e in second.entries}  # older entries carried over
    assert second.feed.updated_parsed >= first.feed.updated_parsed
    assert deliver_pending(store, alerts)[0].sent == 0  # nothing pending: the file is not touched again


def test_feed_channel_refuses_to_overwrite_a_file_that_is_not_a_feed(store: Store, tmp_path) -> None:
    path = tmp_path / "notes.xml"
    path.write_text("<notes>mine</notes>", encoding="utf-8")
    configured_before_the_changes(store, ("feed",))
    publish(store, Post(GD_27, date(2024, 7, 5), (Fig("projects_landed", 27),)))
    detect_changes(store)
    outcome = deliver_pending(store, {"feed": {"path": str(path)}})[0]
    assert outcome.sent == 0 and "is not an Atom feed" in (outcome.error or "")
    assert path.read_text(encoding="utf-8") == "<notes>mine</notes>"
    path.unlink()
    assert deliver_pending(store, {"feed": {"path": str(path)}})[0].sent == 2  # still pending, delivered now


def test_feed_channel_rejects_bad_settings(store: Store, tmp_path) -> None:
    outcome = deliver_pending(store, {"feed": {"path": str(tmp_path / "f.xml"), "entries": 0}})[0]
    assert "`entries` must be a positive whole number" in (outcome.error or "")


@pytest.mark.slow
def test_feed_channel_after_real_crawl_cycles(mirror, db_url, tmp_path) -> None:
    """Two `crawl` cycles over the en mirror with `[alerts.feed]` configured: the file appears
    after the first, and after the second it also holds the 27 → 49 move."""
    path = tmp_path / "changes.xml"
    config = tmp_path / "monitor.toml"
    config.write_text(f'[alerts]\nfirst_cycle = "alert"\n\n[alerts.feed]\npath = "{path}"\nentries = 50\n', encoding="utf-8")
    crawl = ("--config", str(config), "--db", db_url, "crawl", "--spider", "hainan_gov_en", "--revisit", "all")
    first = run_cli(*crawl, "--mirror", mirror.use(en=1).origin)
    assert first.returncode == 0, first.stderr
    before = parse(path)
    assert before.entries and not any("27 → 49" in e.title for e in before.entries)
    second = run_cli(*crawl, "--mirror", mirror.use(en=2).origin)
    assert second.returncode == 0, second.stderr
    after = parse(path)
    assert any("projects landed 27 → 49" in e.title for e in after.entries)
    assert {e.id for e in before.entries} <= {e.id for e in after.entries}
