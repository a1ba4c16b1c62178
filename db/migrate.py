"""Alembic, driven from code: the migrations ship inside the package, so no alembic.ini is needed.

Every command migrates on first use, so two processes started together on a fresh database
(cron's `crawl` and a user's query) would both create the tables and one would fail with
"table … already exists". Migration therefore runs under a lock each backend offers: an
exclusive `flock` on `<database>.migrate.lock` next to a SQLite file, a session-level advisory
lock on PostgreSQL. The second process waits, then finds the schema current and does nothing.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, text

MIGRATIONS = Path(__file__).with_name("migrations")
#: The PostgreSQL advisory-lock key of schema migration (any constant no other program uses).
PG_MIGRATION_LOCK = 0x4861696E616E  # "Hainan"


def _config(engine: Engine) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["engine"] = engine
    return config


def head_revision(engine: Engine) -> str | None:
    return ScriptDirectory.from_config(_config(engine)).get_current_head()


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade(engine: Engine) -> tuple[str | None, str | None]:
    """Apply every pending migration; returns (revision before, revision after)."""
    head = head_revision(engine)
    if current_revision(engine) == head:  # the common case: no lock needed to find nothing to do
        return head, head
    with migration_lock(engine):
        before = current_revision(engine)
        if before != head:
            command.upgrade(_config(engine), "head")
        return before, current_revision(engine)


@contextmanager
def migration_lock(engine: Engine) -> Iterator[None]:
    """Hold the backend's migration lock (blocking) for the body; no lock where none exists."""
    if engine.dialect.name == "postgresql":
        with engine.connect() as connection:
            connection.execute(text("SELECT pg_advisory_lock(:key)"), {"key": PG_MIGRATION_LOCK})
            connection.commit()
            try:
                yield
            finally:
                connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": PG_MIGRATION_LOCK})
                connection.commit()
        return
    database = engine.url.database if engine.dialect.name == "sqlite" else None
    if not database or database == ":memory:" or database.startswith("file:"):
        yield
        return
    path = Path(database).expanduser().resolve()
    fd = os.open(path.with_name(path.name + ".migrate.lock"), os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the flock
