"""`hainan-monitor alerts test`: prove every configured channel works before relying on it."""

from __future__ import annotations

import click

from monitor.alerts import ChannelError, build_channel
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
