"""`hainan-monitor db upgrade`: apply the schema migrations (also done on first use)."""

from __future__ import annotations

import click

from db import migrate
from db.store import Store
from monitor.cli.app import App, pass_app


__all__ = ["db_group"]


@click.group("db")
def db_group() -> None:
    """Database maintenance."""


@db_group.command("upgrade")
@pass_app
def upgrade_command(app: App) -> None:
    """Bring the database schema up to date."""
    store = Store.open(app.db_url, upgrade=False)
    before, after = migrate.upgrade(store.engine)
    store.close()
    if before == after:
        click.echo(f"database is up to date (revision {after})")
    else:
        click.echo(f"database upgraded from {before or 'empty'} to {after}")
