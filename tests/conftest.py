"""Shared test parts: mirror snapshots served by the real mirror server, a real SQLite file,
and the real CLI run as a subprocess."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from monitor.service.mirror_server import MirrorServer

MIRRORS = Path(__file__).parent / "mirrors"
REPO = Path(__file__).parent.parent


def build_snapshot(dest: Path, sites: dict[str, int]) -> Path:
    """A mirror folder holding, for each site, its snapshot 1 overlaid with 2..n.

    A snapshot folder holds only what changed since the one before, so the fixtures show the
    change between two states of a site at a glance.
    """
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    for site, state in sites.items():
        for step in range(1, state + 1):
            layer = MIRRORS / site / str(step)
            if layer.is_dir():
                shutil.copytree(layer, dest, dirs_exist_ok=True)
    return dest


class Mirror:
    """A running mirror server whose snapshot can be switched between crawls."""

    def __init__(self, server: MirrorServer, base: Path) -> None:
        self.server = server
        self.base = base
        self.count = 0

    @property
    def origin(self) -> str:
        return self.server.origin

    def use(self, **sites: int) -> Mirror:
        self.count += 1
        root = build_snapshot(self.base / f"snapshot{self.count}", sites)
        self.server.switch(root)
        self.server.requests.clear()
        return self


@pytest.fixture
def mirror(tmp_path: Path) -> Iterator[Mirror]:
    empty = tmp_path / "empty"
    empty.mkdir()
    with MirrorServer(empty) as server:
        yield Mirror(server, tmp_path)


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'monitor.db'}"


def run_cli(*args: str, env: dict[str, str] | None = None, cwd: Path | None = None, timeout: float = 240) -> subprocess.CompletedProcess[str]:
    """`python -m monitor ARGS` in a real process, as a user (or cron) would run it."""
    full_env = {**os.environ, "PYTHONIOENCODING": "utf-8", **(env or {})}
    full_env.pop("HAINAN_MONITOR_DB", None) if env is None or "HAINAN_MONITOR_DB" not in env else None
    return subprocess.run(
        [sys.executable, "-m", "monitor", *args],
        capture_output=True,
        text=True,
        env=full_env,
        cwd=cwd or REPO,
        timeout=timeout,
    )


@pytest.fixture
def cli():
    return run_cli


# -- the store on SQLite and on PostgreSQL --------------------------------------------------

#: A PostgreSQL server the store tests may create databases on (.ci/run starts one and sets it).
PG_ENV = "HAINAN_MONITOR_TEST_PG_URL"
BACKENDS = ("sqlite", "postgresql")


def pg_admin_url() -> str:
    """The server's URL; skip without one, except in CI, where a missing server is a failure."""
    url = os.environ.get(PG_ENV)
    if not url:
        reason = f"PostgreSQL variant not run: {PG_ENV} names no server (.ci/run starts one)"
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(f"{reason}; CI=true, so this is a failure, not a skip", pytrace=False)
        pytest.skip(reason)
    return url


@contextmanager
def fresh_database(backend: str, folder: Path, password: str | None = None) -> Iterator[str]:
    """The URL of an empty database: a SQLite file in `folder`, or a new PostgreSQL database
    (dropped afterwards); `password` goes into a PostgreSQL URL (the test server trusts any)."""
    if backend == "sqlite":
        yield f"sqlite:///{folder / 'monitor.db'}"
        return
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    admin = make_url(pg_admin_url())
    name = f"hm_{uuid.uuid4().hex[:12]}"
    engine = create_engine(admin, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        url = admin.set(database=name, password=password) if password else admin.set(database=name)
        yield url.render_as_string(hide_password=False)
    finally:
        with engine.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        engine.dispose()


@pytest.fixture(params=BACKENDS)
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database on each backend (the PostgreSQL one is skipped or failed as above)."""
    with fresh_database(request.param, tmp_path) as url:
        yield url
