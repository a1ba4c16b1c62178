"""Every command tells a current schema from the migration files' names, without Alembic
(db/migrate.py): that only holds while the files form one chain named by their revisions."""

from __future__ import annotations

import re

from sqlalchemy import create_engine

from db import migrate
from db.store import Store


def test_the_files_are_one_chain_named_by_their_revisions() -> None:
    files = sorted((migrate.MIGRATIONS / "versions").glob("[0-9][0-9][0-9][0-9]_*.py"))
    previous = None
    for path in files:
        source = path.read_text(encoding="utf-8")
        revision = re.search(r"^revision\s*=\s*['\"](\w+)['\"]", source, re.MULTILINE).group(1)
        down = re.search(r"^down_revision\s*=\s*(?:['\"](\w+)['\"]|None)", source, re.MULTILINE).group(1)
        assert (revision, down) == (path.name[:4], previous), path.name
        previous = revision
    assert migrate.newest_file_revision() == previous == migrate.head_revision(create_engine("sqlite://"))


def test_a_new_store_is_migrated_and_then_found_current(tmp_path) -> None:
    url = f"sqlite:///{tmp_path / 'store.db'}"
    engine = create_engine(url)
    assert migrate.current_revision(engine) is None
    Store.open(url).close()
    assert migrate.current_revision(engine) == migrate.newest_file_revision()
    assert migrate.upgrade(engine) == (migrate.newest_file_revision(),) * 2  # nothing to do
