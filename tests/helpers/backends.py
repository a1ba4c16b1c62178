"""Databases for the store tests: a SQLite file, or a fresh database on the PostgreSQL server
that .ci/run starts (HAINAN_MONITOR_TEST_PG_URL)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

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
