"""The `hainan-monitor` command line (also `python -m monitor`).

Errors a user can cause end as one line on stderr and a non-zero exit, never a traceback:
the known error types are caught here, once, for every command.
"""

from __future__ import annotations

import importlib
import logging
import pkgutil
import sys
from pathlib import Path

import click

from db.engine import DatabaseURLError
from db.store import StoreError
from monitor import __version__
from monitor.app import App
import monitor.commands
from monitor.config import ConfigError
from monitor.crawl_runner import UnknownSpiderError
from monitor.logging_setup import setup_logging

USER_ERRORS = (ConfigError, DatabaseURLError, StoreError, UnknownSpiderError)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="hainan-monitor")
@click.option("--config", "config_path", type=click.Path(path_type=Path), help="TOML configuration file.")
@click.option("--db", "db_url", metavar="URL", help="SQLAlchemy database URL [env HAINAN_MONITOR_DB; default sqlite:///hainan-monitor.db].")
@click.option("--log-level", default="INFO", show_default=True, type=click.Choice(["DEBUG", "INFO", "WARNING", "ERROR"], case_sensitive=False))
@click.option("--log-file", type=click.Path(path_type=Path), help="Also write the log to this file.")
@click.pass_context
def cli(ctx: click.Context, config_path: Path | None, db_url: str | None, log_level: str, log_file: Path | None) -> None:
    """Watch the news about Hainan FTP industrial parks and alert when a figure moves."""
    app = App.create(config_path, db_url)
    setup_logging(log_level.upper(), log_file or (Path(app.config.log_file) if app.config.log_file else None))
    ctx.obj = app


def register_commands(group: click.Group) -> None:
    """Every module of `monitor.commands` contributes the commands named in its `__all__`."""
    for info in pkgutil.iter_modules(monitor.commands.__path__):
        module = importlib.import_module(f"monitor.commands.{info.name}")
        for name in getattr(module, "__all__", ()):
            command = getattr(module, name)
            if isinstance(command, click.Command):
                group.add_command(command)


register_commands(cli)


def main() -> None:
    try:
        cli.main(standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("aborted", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except USER_ERRORS as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)
    except KeyboardInterrupt:
        click.echo("interrupted", err=True)
        sys.exit(130)
    except OSError as exc:
        logging.getLogger("monitor").debug("OS error", exc_info=True)
        click.echo(f"error: {exc.strerror or exc}: {exc.filename or ''}".rstrip(": "), err=True)
        sys.exit(1)
