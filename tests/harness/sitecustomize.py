"""Test harness, loaded by a test's subprocesses only (it is put on their PYTHONPATH): caps every
SQLite connection at $HM_TEST_MAX_PAGE_COUNT pages with `PRAGMA max_page_count`, so a write
past the cap fails with SQLite's real SQLITE_FULL error ("database or disk is full"), as on a
full disk. Spawned crawl children inherit the environment, so they are capped too."""

import os

_limit = os.environ.get("HM_TEST_MAX_PAGE_COUNT")
if _limit:
    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    @event.listens_for(Engine, "connect")
    def _cap_pages(dbapi_connection, _record):  # type: ignore[no-untyped-def]
        if type(dbapi_connection).__module__.startswith("sqlite3"):
            cursor = dbapi_connection.cursor()
            cursor.execute(f"PRAGMA max_page_count = {int(_limit)}")
            cursor.close()
