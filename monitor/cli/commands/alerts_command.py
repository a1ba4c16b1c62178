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


@alerts_group.command("test")
@pass_app
def test_command(app: App) -> None:
    """Send a test message through every configured channel and say which worked."""
    if not app.config.alerts:
        raise click.ClickException(
            "no alert channels configured: add an [alerts.log] or [alerts.email] table to the config file (--config FILE)"
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
