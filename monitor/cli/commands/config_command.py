"""`hainan-monitor config check [FILE]`: validate a configuration file without running anything.

Every command validates `--config` at start-up already (monitor/config.py); this one only does
that, so a new file can be checked before cron or systemd uses it. Problems: one line each on
stderr, exit 2; a valid file: a summary of what it configures, exit 0.
"""

from __future__ import annotations

from pathlib import Path

import click

from monitor.cli.app import App, pass_app
from monitor.config import Config, load_config

__all__ = ["config_group"]


@click.group("config")
def config_group() -> None:
    """The configuration file."""


@config_group.command("check")
@click.argument("file", required=False, type=click.Path(path_type=Path))
@pass_app
def check_command(app: App, file: Path | None) -> None:
    """Check FILE (default: the --config file) and say what it configures."""
    if file is None and app.config.path is None:
        raise click.UsageError("name the file: `hainan-monitor config check FILE` or `hainan-monitor --config FILE config check`")
    config = load_config(file) if file is not None else app.config
    click.echo(f"{config.path}: ok")
    for line in summary(config):
        click.echo(f"  {line}")


def summary(config: Config) -> list[str]:
    schedule = config.schedule
    lines = [f"schedule: cron {schedule.cron!r} ({schedule.timezone}){', also at start-up' if schedule.run_at_start else ''}"]
    lines.append(f"alert channels: {', '.join(config.alerts) or 'none'}")
    if config.database_url:
        from monitor.service.cycle_lock import mask_url

        lines.append(f"database: {mask_url(config.database_url)}")
    if config.crawl.start_urls:
        lines.append(f"start URLs for: {', '.join(config.crawl.start_urls)}")
    return lines
