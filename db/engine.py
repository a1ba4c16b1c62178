"""Engine and sessions: SQLite in WAL mode by default, any SQLAlchemy URL accepted.

WAL lets the CLI read while a crawl writes; the busy timeout turns a briefly locked database
into a short wait instead of an error; foreign keys are off by default in SQLite.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError
from sqlalchemy.orm import Session, sessionmaker

from db.defaults import DEFAULT_URL, ENV_VAR

BUSY_TIMEOUT_MS = 30_000


class DatabaseURLError(ValueError):
    """The URL cannot name a database this program can open."""


def resolve_url(url: str | None) -> str:
    """The explicit URL, else the environment's, else a SQLite file in the working directory."""
    return url or os.environ.get(ENV_VAR) or DEFAULT_URL


def make_engine(url: str) -> Engine:
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise DatabaseURLError(f"not a database URL: {_without_password(url)!r} (try sqlite:///path/to/file.db)") from exc
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        folder = Path(parsed.database).expanduser().resolve().parent
        if not folder.is_dir():
            raise DatabaseURLError(f"the folder of the database does not exist: {folder}")
    try:
        engine = create_engine(parsed, connect_args=_connect_args(parsed.get_backend_name()))
    except (NoSuchModuleError, ImportError) as exc:
        raise DatabaseURLError(f"no driver for {parsed.drivername!r}: {exc}") from exc
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def _without_password(url: str) -> str:
    """An unparsable URL as the user typed it, minus what looks like a password (user:PASSWORD@)."""
    return re.sub(r"(://[^:/@\s]*:)[^@/\s]+@", r"\1***@", url)


def _connect_args(backend: str) -> dict[str, object]:
    return {"timeout": BUSY_TIMEOUT_MS / 1000} if backend == "sqlite" else {}


def _sqlite_pragmas(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)
