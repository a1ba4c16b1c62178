"""Change detection and alerts end to end: real crawls of the mirrors through the CLI, a real
SMTP server on loopback, one SQLite file across cycles.

The story (one crawl per cycle, shared by the tests of this module):
1. en/1, SMTP server down: the first articles and figures are detected; the email fails and
   keeps them pending, the log channel delivers, the cycle still completes.
2. en/2, server up: the Guangdong-Hainan article is revised (5.2 → 5.69 billion yuan), a newer
   article moves projects landed 27 → 49, and a page changes only its visit counter; one digest
   brings cycle 1's pending changes and cycle 2's.
3. en/2 again: nothing changed, nothing detected, nothing sent.
4. en/3: a page stops parsing (a JavaScript shell): no change, no failing source, nothing sent.
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path

import pytest
from sqlalchemy import func, select

from db.models import Change, CrawlRun
from db.store import Store
from monitor.service.mirror_server import MirrorServer
from tests.helpers.cli import run_cli
from tests.helpers.mirrors import Mirror
from tests.helpers.smtp_capture import SmtpCapture, free_port, html_as_text, parts

#: Real crawls, subprocesses or servers: seconds each (`python -m pytest -m "not slow"` skips them).
pytestmark = pytest.mark.slow

UPDATES = "https://en.hainan.gov.cn/englishsite/Updates/"
REVISED = UPDATES + "202407/4f2a9c1e7b3d4e8fa1c26d5b9e0f7a31.shtml"
NEWER = UPDATES + "202409/d2c4e6a8b0f14d3c9a7e5b1f3d5c7e9a.shtml"
VISITS_ONLY = UPDATES + "202407/9b1d3e5f7a2c4b6d8e0f1a3c5e7b9d2f.shtml"


@dataclass
class Story:
    config: Path
    db: str
    alerts_log: Path
    smtp: SmtpCapture
    cycles: list[subprocess.CompletedProcess[str]] = field(default_factory=list)
    mails_after: list[int] = field(default_factory=list)
    #: The highest change id after each cycle (changes are numbered in detection order).
    last_id_after: list[int] = field(default_factory=list)
    everything: list[dict] = field(default_factory=list)

    def cli(self, *args: str) -> subprocess.CompletedProcess[str]:
        return run_cli("--config", str(self.config), "--db", self.db, *args)

    def changes(self, *args: str) -> list[dict]:
        result = self.cli("changes", "--json", *args)
        assert result.returncode == 0, result.stderr
        return json.loads(result.stdout)


@pytest.fixture(scope="module")
def story(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Story]:
    base = tmp_path_factory.mktemp("story")
    smtp = SmtpCapture(free_port())
    config = base / "monitor.toml"
    config.write_text(
        f"""
[alerts]
first_cycle = "alert"  # this story is about delivery: its first cycle alerts, not a silent baseline

[alerts.log]
path = "{base / 'alerts.log'}"

[alerts.email]
host = "127.0.0.1"
port = {smtp.port}
starttls = false
timeout = 5
sender = "monitor@example.org"
recipients = ["analyst@example.org"]
""",
        encoding="utf-8",
    )
    empty = base / "empty"
    empty.mkdir()
    with MirrorServer(empty) as server:
        mirror = Mirror(server, base)
        story = Story(config, f"sqlite:///{base / 'monitor.db'}", base / "alerts.log", smtp)
        for state, smtp_up in ((1, False), (2, True), (2, True), (3, True)):
            if smtp_up and smtp._controller is None:
                smtp.start()
            mirror.use(en=state)
            story.cycles.append(story.cli("crawl", "--spider", "hainan_gov_en", "--mirror", mirror.origin, "--revisit", "all"))
            story.mails_after.append(len(smtp.messages))
            story.last_id_after.append(last_change_id(story.db))
        story.everything = story.changes("--all")
        yield story
    smtp.stop()


def last_change_id(db_url: str) -> int:
    store = Store.open(db_url)
    try:
        with store.session() as session:
            return session.scalar(select(func.max(Change.id))) or 0
    finally:
        store.close()


def kinds_of(changes: list[dict], url: str) -> set[str]:
    return {change["kind"] for change in changes if change["article_url"] == url}


def new_in(story: Story, cycle: int) -> list[dict]:
    """The changes detected by cycle `cycle` (1-based), as `changes --json` prints them."""
    first = story.last_id_after[cycle - 2] if cycle > 1 else 0
    return [change for change in story.everything if first < change["id"] <= story.last_id_after[cycle - 1]]


def test_every_cycle_completes_and_reports_its_changes(story: Story) -> None:
    for number, cycle in enumerate(story.cycles, 1):
        assert cycle.returncode == 0, f"cycle {number}: {cycle.stderr}"
        assert f"changes detected: {len(new_in(story, number))}" in cycle.stdout
    assert "alerts via email: FAILED, kept pending: email: cannot reach the SMTP server 127.0.0.1" in story.cycles[0].stdout
    assert "alerts via log: " in story.cycles[0].stdout and "FAILED" not in story.cycles[1].stdout


def test_first_crawl_finds_the_articles_and_their_figures(story: Story) -> None:
    first = new_in(story, 1)
    assert {c["kind"] for c in first} == {"new_article", "figure_new"}
    assert kinds_of(first, REVISED) == {"new_article", "figure_new"}
    landed = [c for c in first if c["metric"] == "projects_landed" and c["park"] == "gd-hn-manufacturing"]
    assert [(c["kind"], c["new_value"], c["unit"]) for c in landed] == [("figure_new", 27, "count")]


def test_a_revision_and_a_newer_article_are_detected(story: Story) -> None:
    second = new_in(story, 2)
    assert kinds_of(second, NEWER) >= {"new_article", "figure_changed"}
    assert "article_revised" in kinds_of(second, REVISED)
    assert "new_article" not in kinds_of(second, REVISED)
    [moved] = [c for c in second if c["kind"] == "figure_changed" and c["metric"] == "projects_landed"]
    assert moved["park"] == "gd-hn-manufacturing" and moved["period"] is None
    assert (moved["old_value"], moved["new_value"], moved["delta"]) == (27, 49, 22)
    assert moved["article_url"] == NEWER and moved["old_article_url"] == REVISED
    assert "49" in moved["quote"] and moved["published"] == "2024-09-12"
    assert moved["detected_at"].endswith("Z") and moved["detected_at"][:2] == "20"


def test_noise_is_not_a_change(story: Story) -> None:
    assert "article_revised" not in kinds_of(story.everything, VISITS_ONLY), "a visit-counter change is not a revision"
    assert new_in(story, 3) == [], "an unchanged second crawl"
    assert new_in(story, 4) == [], "a page that fails to parse (no change, no failing source)"
    store = Store.open(story.db)
    with store.session() as session:
        last_run = session.scalars(select(CrawlRun).order_by(CrawlRun.id.desc())).first()
        assert (last_run.problems, last_run.outcome) == (1, "degraded"), "the broken page was fetched and not stored"
    store.close()


def test_the_email_that_failed_arrives_with_the_next_digest_and_nothing_twice(story: Story) -> None:
    assert story.mails_after == [0, 1, 1, 1]
    message: EmailMessage = story.smtp.messages[0]
    text, html = parts(message)
    every_change = [c for c in new_in(story, 1) + new_in(story, 2) if not c["possible"]]
    assert f"{len(every_change)} new changes" in text, "cycle 1's pending changes and cycle 2's, in one digest"
    assert message["Subject"].startswith(f"[Hainan Park Monitor] {len(every_change)} changes, ")
    for body in (text, html_as_text(html)):
        assert "Guangdong-Hainan Advanced Manufacturing Cooperation Industrial Park (广东海南先进制造业合作产业园)" in body
        assert "projects landed 27 → 49 (+22, +81%)" in body
        assert "period cumulative · Hainan Daily 2024-09-12" in body
        assert "has landed 49 projects»" in body
    assert NEWER in text and f'href="{NEWER}"' in html


def test_the_log_channel_wrote_each_change_once(story: Story) -> None:
    lines = [json.loads(line) for line in story.alerts_log.read_text(encoding="utf-8").splitlines()]
    assert sorted(line["id"] for line in lines) == [c["id"] for c in story.everything if not c["possible"]]


def test_possible_changes_are_stored_listed_with_all_and_never_alerted(story: Story) -> None:
    possible = [c for c in story.everything if c["possible"]]
    assert possible, "the mirror's articles carry figures whose park only the article suggests"
    assert {c["kind"] for c in possible} <= {"figure_new", "figure_changed"}
    assert not {c["id"] for c in possible} & {c["id"] for c in story.changes()}, "hidden without --all"
    logged = {json.loads(line)["id"] for line in story.alerts_log.read_text(encoding="utf-8").splitlines()}
    assert not logged & {c["id"] for c in possible}


def test_changes_filters_and_table(story: Story) -> None:
    moved = story.changes("--kind", "figure_changed", "--park", "gd-hn-manufacturing", "--metric", "projects_landed",
                          "--source", "hainan_gov_en", "--since", "2000-01-01")
    assert [(c["old_value"], c["new_value"]) for c in moved] == [(27, 49)]
    table = story.cli("changes", "--kind", "figure_changed", "--metric", "projects_landed")
    assert table.returncode == 0 and "projects landed 27 → 49 (+22, +81%)" in table.stdout
    unknown = story.cli("changes", "--park", "atlantis")
    assert unknown.returncode != 0 and "Traceback" not in unknown.stderr
    assert "unknown park 'atlantis' (known: " in unknown.stderr and "gd-hn-manufacturing" in unknown.stderr


def test_alerts_test_says_which_channel_worked(story: Story) -> None:
    sent = len(story.smtp.messages)
    ok = story.cli("alerts", "test")
    assert ok.returncode == 0, ok.stderr
    assert "log: ok" in ok.stdout and "email: ok" in ok.stdout
    assert len(story.smtp.messages) == sent + 1
    assert story.smtp.messages[-1]["Subject"] == "[Hainan Park Monitor] test message · 测试"
    story.smtp.stop()
    down = story.cli("alerts", "test")
    assert down.returncode != 0 and "log: ok" in down.stdout
    assert "email: FAILED: email: cannot reach the SMTP server" in down.stdout
    assert "1 of 2 channels failed: email" in down.stderr
