"""Helpers for the unattended-operation tests: the CLI as a long-running process (daemon,
overlapping crawls, killed crawls), waiting on what the store says, and the store checks a
user would run after a crash (`PRAGMA integrity_check`, no duplicated versions)."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from tests.helpers.cli import REPO

T = TypeVar("T")


def start_cli(*args: str, new_session: bool = False) -> subprocess.Popen[str]:
    """`python -m monitor ARGS` started in the background, as cron or systemd would."""
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    env.pop("HAINAN_MONITOR_DB", None)
    return subprocess.Popen(
        [sys.executable, "-m", "monitor", *args],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=new_session,
    )


def wait_for(what: str, probe: Callable[[], T], timeout: float = 30.0, process: subprocess.Popen[str] | None = None) -> T:
    """Poll `probe` until it returns something truthy; fail with `what` (and the process's log)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = probe()
        if value:
            return value
        if process is not None and process.poll() is not None:
            raise AssertionError(f"process ended (exit {process.returncode}) before: {what}\n{process.stderr.read() if process.stderr else ''}")
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for: {what}")


def db_path(db_url: str) -> Path:
    return Path(db_url.removeprefix("sqlite:///"))


def query(db_url: str, sql: str, *params: object) -> list[tuple]:
    """Read the store the way a user would, with plain SQL (empty when it does not exist yet)."""
    path = db_path(db_url)
    if not path.exists():
        return []
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=10) as db:
            return db.execute(sql, params).fetchall()
    except sqlite3.OperationalError:  # schema not created yet
        return []


def finished_cycles(db_url: str) -> list[str]:
    rows = query(db_url, "select cycle_id from crawl_runs group by cycle_id having count(*) = count(finished_at)")
    return [row[0] for row in rows]


def assert_store_consistent(db_url: str) -> None:
    """What a crash must never leave: a damaged file, or the same text stored twice as versions."""
    assert query(db_url, "pragma integrity_check") == [("ok",)]
    assert query(db_url, "pragma foreign_key_check") == []
    duplicates = query(
        db_url, "select article_id, content_hash, count(*) from article_versions group by article_id, content_hash having count(*) > 1"
    )
    assert duplicates == []
    orphans = query(db_url, "select count(*) from articles a where not exists (select 1 from article_versions v where v.article_id = a.id)")
    assert orphans == [(0,)]
