"""Shared fixtures: a mirror served by the real mirror server, a real SQLite file, the real CLI.
The helpers themselves live in the `tests.helpers` package and are imported from there."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from monitor.service.mirror_server import MirrorServer
from tests.helpers.backends import BACKENDS, fresh_database
from tests.helpers.cli import run_cli
from tests.helpers.mirrors import Mirror


@pytest.fixture
def mirror(tmp_path: Path) -> Iterator[Mirror]:
    empty = tmp_path / "empty"
    empty.mkdir()
    with MirrorServer(empty) as server:
        yield Mirror(server, tmp_path)


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'monitor.db'}"


@pytest.fixture
def cli():
    return run_cli


@pytest.fixture(params=BACKENDS)
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database on each backend (the PostgreSQL one is skipped or failed as above)."""
    with fresh_database(request.param, tmp_path) as url:
        yield url
