"""Stores built once per test session by real crawls, shared by the query, export, plot and demo tests.

A crawl subprocess costs seconds; the query tests only read, so one crawled store (copied per
module, so no module can disturb another) serves them all.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from monitor.service.mirror_server import MirrorServer
from tests.helpers.cli import run_cli
from tests.helpers.mirrors import build_snapshot

_cache: dict[str, Path] = {}

GD_HN_27_URL = "https://en.hainan.gov.cn/englishsite/Updates/202407/4f2a9c1e7b3d4e8fa1c26d5b9e0f7a31.shtml"
GD_HN_49_URL = "https://en.hainan.gov.cn/englishsite/Updates/202409/d2c4e6a8b0f14d3c9a7e5b1f3d5c7e9a.shtml"


def _copy(db: Path, dest: Path) -> str:
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy(db, dest / db.name)
    return f"sqlite:///{dest / db.name}"


def en_store(factory: pytest.TempPathFactory, dest: Path) -> str:
    """A store holding the en mirror crawled at snapshot 1, then snapshot 2 (`--revisit all`)."""
    if "en" not in _cache:
        folder = factory.mktemp("en-store")
        db = folder / "monitor.db"
        with MirrorServer(build_snapshot(folder / "site1", {"en": 1})) as server:
            for snapshot in (1, 2):
                server.switch(build_snapshot(folder / f"site{snapshot}", {"en": snapshot}))
                done = run_cli("--db", f"sqlite:///{db}", "crawl", "--spider", "hainan_gov_en",
                               "--mirror", server.origin, "--revisit", "all")
                assert done.returncode == 0, done.stderr
        _cache["en"] = db
    return _copy(_cache["en"], dest)


def demo_run(factory: pytest.TempPathFactory) -> tuple[subprocess.CompletedProcess[str], Path]:
    """`hainan-monitor demo` run once in a fresh folder: its output and its database."""
    if "demo" not in _cache:
        folder = factory.mktemp("demo")
        done = run_cli("demo", cwd=folder)
        _cache["demo"] = folder / "hainan-monitor-demo.db"
        _cache["demo-output"] = done  # type: ignore[assignment]
    return _cache["demo-output"], _cache["demo"]  # type: ignore[return-value]


def query_in_process(db: str, *args: str) -> Any:
    """`hainan-monitor --db DB ARGS --json` in this process: many cheap reads of one store
    (the subprocess tests cover the real entry point, its errors and its output)."""
    from monitor.cli import cli

    done = CliRunner().invoke(cli, ["--db", db, "--log-level", "WARNING", *args, "--json"])
    assert done.exit_code == 0, done.output
    return json.loads(done.stdout)
