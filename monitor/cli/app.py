"""What every command needs: the configuration and the store, opened once and only when used."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import click

from db.defaults import DEFAULT_URL, ENV_VAR
from monitor.config import Config, load_config

if TYPE_CHECKING:
    from db.store import Store


@dataclass
class App:
    config: Config
    db_option: str | None = None
    _store: Store | None = field(default=None, repr=False)

    @classmethod
    def create(cls, config_path: Path | None, db_option: str | None) -> App:
        return cls(config=load_config(config_path), db_option=db_option)

    @property
    def db_url(self) -> str:
        """--db, else $HAINAN_MONITOR_DB, else the config's [database] url, else ./hainan-monitor.db."""
        return self.db_option or os.environ.get(ENV_VAR) or self.config.database_url or DEFAULT_URL

    @property
    def store(self) -> Store:
        if self._store is None:
            from db.store import Store  # SQLAlchemy and Alembic load only for commands that need them

            self._store = Store.open(self.db_url)
        return self._store


pass_app = click.make_pass_decorator(App)
