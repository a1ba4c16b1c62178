"""A crawl child never outlives its cycle: `kill -9` of the parent takes the spawned crawl with
it (PR_SET_PDEATHSIG), and a lock whose recorded crawl child still runs is never taken over."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest
from tests.helpers.processes import assert_store_consistent, query, start_cli, wait_for

from monitor.service.cycle_lock import EXIT_LOCKED

pytestmark = pytest.mark.slow


def lock_record(db_url: str) -> dict:
    lock = Path(db_url.removeprefix("sqlite:///") + ".lock")
    text = lock.read_text(encoding="utf-8") if lock.exists() else ""
    return json.loads(text) if text else {}


def gone(pid: int) -> bool:
    try:
        return psutil.Process(pid).status() == psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return True


def test_kill_9_of_a_crawl_takes_its_crawl_child_with_it(cli, mirror, db_url, tmp_path):
    mirror.use(en=1)
    config = tmp_path / "slow.toml"
    config.write_text("[crawl]\ndownload_delay = 0.3\n", encoding="utf-8")
    parent = start_cli("--config", str(config), "--db", db_url, "crawl", "--mirror", mirror.origin, "--spider", "hainan_gov_en",
                       new_session=True)
    try:
        record = wait_for("the crawl child recorded in the lock", lambda: lock_record(db_url).get("child_pid") and lock_record(db_url),
                          process=parent)
        child = record["child_pid"]
        assert psutil.Process(child).ppid() == parent.pid
        wait_for("the first request of the crawl child", lambda: mirror.server.requests, process=parent)
        os.kill(parent.pid, signal.SIGKILL)  # the parent only, as the OOM killer or `kill -9 PID` would
        parent.wait(timeout=10)
        wait_for("the orphaned crawl child to die", lambda: gone(child), timeout=10)
    finally:
        try:
            os.killpg(parent.pid, signal.SIGKILL)  # whatever is left of the group
        except ProcessLookupError:
            pass
    requests_after_death = len(mirror.server.requests)
    time.sleep(1.0)
    assert len(mirror.server.requests) == requests_after_death, "nothing crawls any more"

    after = cli("--db", db_url, "crawl", "--mirror", mirror.origin, "--spider", "hainan_gov_en")
    assert after.returncode == 0, after.stderr
    time.sleep(1.0)  # an orphan would rewrite the outcome after the new run finished
    assert query(db_url, "select outcome from crawl_runs order by id") == [("interrupted",), ("ok",)]
    assert_store_consistent(db_url)


def test_a_lock_is_never_taken_over_while_its_crawl_child_is_alive(cli, mirror, db_url):
    mirror.use(en=1)
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True, check=True)
    orphan = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        lock = Path(db_url.removeprefix("sqlite:///") + ".lock")
        lock.write_text(json.dumps({
            "pid": int(dead.stdout), "started_at": "2026-01-01T00:00:00+00:00", "command": "hainan-monitor crawl", "host": "",
            "child_pid": orphan.pid, "child_started": psutil.Process(orphan.pid).create_time(),
        }), encoding="utf-8")
        refused = cli("--db", db_url, "crawl", "--mirror", mirror.origin, "--spider", "hainan_gov_en")
        assert refused.returncode == EXIT_LOCKED, refused.stderr
        assert refused.stderr.count("\n") == 1
        assert f"the crawl process (pid {orphan.pid}) of a monitoring cycle that died is still running" in refused.stderr
        assert mirror.server.requests == []
        status = json.loads(cli("--db", db_url, "status", "--json").stdout)
        assert status["cycle_running"]["child_pid"] == orphan.pid
    finally:
        orphan.kill()
        orphan.wait()
    after = cli("--db", db_url, "crawl", "--mirror", mirror.origin, "--spider", "hainan_gov_en")
    assert after.returncode == 0, after.stderr
    assert "took over the stale cycle lock" in after.stderr
