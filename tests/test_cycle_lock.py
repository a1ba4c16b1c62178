"""One cycle at a time: overlapping crawls refuse, a dead holder's lock is taken over, and a
SIGKILLed crawl leaves a store the next cycle can finish without duplicates."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from monitor.service.cycle_lock import EXIT_LOCKED
from tests.helpers.cli import REPO
from tests.helpers.processes import assert_store_consistent, query, start_cli, wait_for

#: Real crawls, subprocesses or servers: seconds each (`python -m pytest -m "not slow"` skips them).
pytestmark = pytest.mark.slow


def slow_config(tmp_path: Path, delay: float) -> Path:
    """A politeness delay stretches a mirror crawl from a fraction of a second to a few seconds."""
    config = tmp_path / "slow.toml"
    config.write_text(f"[crawl]\ndownload_delay = {delay}\n", encoding="utf-8")
    return config


def lock_record(db_url: str) -> dict:
    lock = Path(db_url.removeprefix("sqlite:///") + ".lock")
    text = lock.read_text(encoding="utf-8") if lock.exists() else ""
    return json.loads(text) if text else {}


def test_a_crawl_that_overlaps_a_running_cycle_refuses(cli, mirror, db_url, tmp_path):
    mirror.use(en=1)
    first = start_cli("--config", str(slow_config(tmp_path, 0.15)), "--db", db_url, "crawl", "--mirror", mirror.origin, "--spider", "hainan_gov_en")
    try:
        holder = wait_for("the first crawl to hold the cycle lock", lambda: lock_record(db_url), process=first)
        assert holder["pid"] == first.pid and "crawl" in holder["command"]

        second = cli("--db", db_url, "crawl", "--mirror", mirror.origin, "--spider", "hainan_gov_en")
        _, stderr = first.communicate(timeout=60)
    finally:
        if first.poll() is None:
            first.kill()
    assert second.returncode == EXIT_LOCKED
    lines = second.stderr.strip().splitlines()
    assert len(lines) == 1, second.stderr
    assert lines[0].startswith("Error: another monitoring cycle is running (pid")
    assert f"pid {first.pid}" in lines[0] and "try again later" in lines[0]
    assert first.returncode == 0, stderr
    # Only the first crawl's cycle is recorded; the lock is free (and empty) again.
    assert len(query(db_url, "select distinct cycle_id from crawl_runs")) == 1
    assert lock_record(db_url) == {}


def test_a_stale_lock_of_a_dead_process_is_taken_over(cli, mirror, db_url):
    mirror.use(en=1)
    # A process takes the lock and dies without releasing it (as a crash would).
    dead = subprocess.run(
        [sys.executable, "-c",
         ("import os, sys; from monitor.service.cycle_lock import FileLock, lock_path; "
          "FileLock(lock_path(sys.argv[1])).acquire(); os._exit(9)"), db_url],
        cwd=REPO, capture_output=True, text=True, timeout=30, check=False,
    )
    assert dead.returncode == 9, dead.stderr
    stale = lock_record(db_url)
    assert stale["pid"] != os.getpid()

    result = cli("--db", db_url, "crawl", "--mirror", mirror.origin, "--spider", "hainan_gov_en")
    assert result.returncode == 0, result.stderr
    assert f"took over the stale cycle lock {db_url.removeprefix('sqlite:///')}.lock of pid {stale['pid']}" in result.stderr


def test_a_sigkilled_cycle_leaves_a_consistent_store_and_the_next_cycle_finishes_it(cli, mirror, db_url, tmp_path):
    mirror.use(en=1)
    # What an uninterrupted crawl of the same snapshot stores (crawled meanwhile, in its own store).
    reference = f"sqlite:///{tmp_path / 'reference.db'}"
    clean = start_cli("--db", reference, "crawl", "--mirror", mirror.origin, "--spider", "hainan_gov_en")

    # Kill the crawl and its spawned child (one process group) right after the first article is stored.
    victim = start_cli("--config", str(slow_config(tmp_path, 0.2)), "--db", db_url, "crawl", "--mirror", mirror.origin,
                       "--spider", "hainan_gov_en", new_session=True)
    try:
        wait_for("the first stored article", lambda: query(db_url, "select 1 from article_versions"), timeout=40, process=victim)
        os.killpg(victim.pid, signal.SIGKILL)
        victim.wait(timeout=10)
    finally:
        if victim.poll() is None:
            os.killpg(victim.pid, signal.SIGKILL)
    assert victim.returncode == -signal.SIGKILL
    assert clean.wait(timeout=60) == 0, clean.stderr.read() if clean.stderr else ""
    assert_store_consistent(db_url)
    stored_before = query(db_url, "select count(*) from articles")[0][0]
    assert 1 <= stored_before < query(reference, "select count(*) from articles")[0][0]
    assert query(db_url, "select outcome, finished_at from crawl_runs") == [("running", None)]

    status = json.loads(cli("--db", db_url, "status", "--json").stdout)
    assert status["cycle_running"] is None and status["cycles"][0]["outcome"] == "interrupted"

    after = cli("--db", db_url, "crawl", "--mirror", mirror.origin, "--spider", "hainan_gov_en")
    assert after.returncode == 0, after.stderr
    assert "took over the stale cycle lock" in after.stderr and f"pid {victim.pid}" in after.stderr
    assert "was interrupted before it finished" in after.stderr
    assert_store_consistent(db_url)
    article_sql = "select url, (select count(*) from article_versions v where v.article_id = a.id) from articles a order by url"
    assert query(db_url, article_sql) == query(reference, article_sql)  # every article, each exactly once
    assert query(db_url, "select outcome, finished_at is null from crawl_runs order by id") == [("interrupted", 1), ("ok", 0)]
