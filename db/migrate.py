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

from typing import TYPE_CHECKING

from sqlalchemy import Engine, inspect, text

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).with_name("migrations")
#: The PostgreSQL advisory-lock key of schema migration (any constant no other program uses).
PG_MIGRATION_LOCK = 0x4861696E616E  # "Hainan"


def _config(engine: Engine) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["engine"] = engine
    return config


def head_revision(engine: Engine) -> str | None:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(_config(engine)).get_current_head()


def newest_file_revision() -> str:
    """The head revision as the migration files name it (NNNN_what.py, revision "NNNN", each
    revising the one before: tests/test_migrations_chain.py checks it against Alembic's head)."""
    return max(path.name[:4] for path in (MIGRATIONS / "versions").glob("[0-9][0-9][0-9][0-9]_*.py"))


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        if not inspect(connection).has_table("alembic_version"):
            return None
        return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


def upgrade(engine: Engine) -> tuple[str | None, str | None]:
    """Apply every pending migration; returns (revision before, revision after).  The common
    case, a current schema, is told without Alembic (a sixth of a second to import and read its
    scripts, paid by every command) and without a lock."""
    current = current_revision(engine)
    if current == newest_file_revision():
        return current, current
    from alembic import command

    with migration_lock(engine):
        before = current_revision(engine)
        if before != head_revision(engine):
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
