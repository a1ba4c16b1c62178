"""`hainan-monitor alerts test`: prove every configured channel works before relying on it;
`alerts backfill CHANNEL --since DATE`: send a channel the changes from before it was added."""

from __future__ import annotations

from datetime import datetime

import click

from monitor.alerts import ChannelError, build_channel
from monitor.alerts.channel_start import move_start_back
from monitor.alerts.delivery import deliver_to
from monitor.service.cycle_lock import CYCLE, FileLock, lock_path
from monitor.cli.app import App, pass_app
from monitor.config import ConfigError

__all__ = ["alerts_group"]


@click.group("alerts")
def alerts_group() -> None:
    """Alert channels ([alerts.*] tables of the config file)."""


class NoChannel(click.ClickException):
    """Nothing to test: a configuration error (exit 2), with the table to add."""

    exit_code = 2


@alerts_group.command("test")
@pass_app
def test_command(app: App) -> None:
    """Send a test message through every configured channel and say which worked."""
    if not app.config.alerts:
        where = f"to {app.config.path}" if app.config.path else "to a TOML file and pass it with --config FILE"
        raise NoChannel(
            f'no alert channel is configured: add a table such as [alerts.log] with path = "alerts.log" '
            f"(or [alerts.email], [alerts.apprise]) {where}; README.md, Configuration, shows each"
        )
    failed = []
    for kind, settings in app.config.alerts.items():
        try:
            build_channel(kind, settings).send_test()
        except (ConfigError, ChannelError) as exc:
            failed.append(kind)
            click.echo(f"{kind}: FAILED: {exc}")
        else:
            click.echo(f"{kind}: ok")
    if failed:
        raise click.ClickException(f"{len(failed)} of {len(app.config.alerts)} channels failed: {', '.join(failed)}")


@alerts_group.command("backfill")
@click.argument("channel")
@click.option("--since", required=True, type=click.DateTime(["%Y-%m-%d"]), metavar="YYYY-MM-DD", help="Send the changes detected on or after this date (UTC).")
@pass_app
def backfill_command(app: App, channel: str, since: datetime) -> None:
    """Send CHANNEL the older changes it has not had (a new channel starts when first seen).

    The channel's start moves back to --since, so what this run cannot deliver stays pending
    for the next cycles. Runs under the cycle lock: never at the same time as a cycle.
    """
    settings = app.config.alerts.get(channel)
    if settings is None:
        configured = ", ".join(sorted(app.config.alerts)) or "none"
        raise ConfigError(f"no [alerts.{channel}] table in the config file (configured: {configured})")
    target = build_channel(channel, settings)
    store = app.store
    with FileLock(lock_path(app.db_url, CYCLE), CYCLE):
        start = move_start_back(store, target.name, since)
        outcome = deliver_to(store, target, since=start)
    if outcome.error:
        raise click.ClickException(f"{outcome.error}; {outcome.sent} delivered, {outcome.pending} stay pending for the next cycle")
    click.echo(f"{target.name}: {outcome.sent} older change(s) delivered")
