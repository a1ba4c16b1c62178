"""The first cycle records what the sites already say and alerts none of it (one summary line);
later cycles alert only what moved after it. `--mirror` takes the folder a user has.

Real crawls of the demo's bundled sites, served from their folders by `--mirror DIR`, into real
SQLite files, with the log alert channel writing a real file.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from tests.helpers.cli import run_cli
from monitor.demo import DEMO_SITES

pytestmark = pytest.mark.slow


def write_config(folder: Path, first_cycle: str | None = None) -> Path:
    config = folder / "monitor.toml"
    table = f'[alerts]\nfirst_cycle = "{first_cycle}"\n\n' if first_cycle else ""
    config.write_text(f'{table}[alerts.log]\npath = "{folder / "alerts.jsonl"}"\n', encoding="utf-8")
    return config


def alerted(folder: Path) -> list[dict]:
    log = folder / "alerts.jsonl"
    return [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()] if log.exists() else []


def crawl(folder: Path, state: str, *extra: str) -> str:
    done = run_cli("--config", str(write_config(folder) if not (folder / "monitor.toml").exists() else folder / "monitor.toml"),
                   "--db", f"sqlite:///{folder / 'monitor.db'}", "crawl", "--mirror", str(DEMO_SITES / state), "--revisit", "all", *extra)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_first_cycle_is_a_baseline_and_the_next_alerts_only_what_moved(tmp_path):
    first = crawl(tmp_path, "before")
    assert "changes detected: 12 changes (6 new articles, 6 first figures)" in first
    assert "baseline: 12 changes recorded, none alerted (first cycle)" in first
    assert alerted(tmp_path) == []
    status = json.loads(run_cli("--config", str(tmp_path / "monitor.toml"), "--db", f"sqlite:///{tmp_path / 'monitor.db'}",
                                "status", "--json").stdout)
    assert status["pending_alerts"] == {"log": 0}

    second = crawl(tmp_path, "after")
    assert "baseline" not in second and "alerts via log: 8 sent" in second
    sent = alerted(tmp_path)
    assert len(sent) == 8 and min(change["id"] for change in sent) > 12
    assert {(c["kind"], c["old_value"], c["new_value"]) for c in sent if c["metric"] == "projects_landed"} == {
        ("figure_changed", 27, 49)
    }


def test_first_cycle_alert_sends_everything_and_crawl_baseline_records_silently(tmp_path):
    write_config(tmp_path, first_cycle="alert")
    first = crawl(tmp_path, "before")
    # 12 changes, all sure: the seed industry's 1,200 enterprises "registered in the sci-tech city"
    # are Yazhou Bay's by the anaphor
    assert "baseline" not in first and len(alerted(tmp_path)) == 12
    again = crawl(tmp_path, "after", "--baseline")
    assert "baseline: 8 changes recorded, none alerted" in again
    assert len(alerted(tmp_path)) == 12, "--baseline alerts nothing"


def test_a_mirror_that_is_neither_folder_nor_origin_is_a_usage_error_that_writes_nothing(tmp_path):
    db = tmp_path / "monitor.db"
    for args in (["crawl"], ["run"], ["sources", "check"]):
        done = run_cli("--db", f"sqlite:///{db}", *args, "--mirror", str(tmp_path / "no-such-folder"))
        assert done.returncode == 2, done.stderr
        assert len(done.stderr.strip().splitlines()) == 1 and "neither a folder nor an http:// or https:// origin" in done.stderr
    assert not db.exists()
    crawl(tmp_path, "before")
    done = run_cli("--db", f"sqlite:///{db}", "crawl", "--mirror", "ftp://example.org/")
    assert done.returncode == 2
    rows = sqlite3.connect(db).execute("SELECT COUNT(*) FROM changes WHERE kind = 'source_failing'").fetchone()
    assert rows == (0,)


def test_sources_check_reads_a_mirror_folder(tmp_path):
    done = run_cli("--db", f"sqlite:///{tmp_path / 'x.db'}", "sources", "check", "--mirror", str(DEMO_SITES / "before"), "--json")
    assert done.returncode == 0, done.stderr
    assert {result["verdict"] for result in json.loads(done.stdout)} == {"ok"}
