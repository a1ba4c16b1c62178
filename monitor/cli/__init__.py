"""The `hainan-monitor` command line (also `python -m monitor`).

Errors a user can cause end as one line on stderr and a non-zero exit, never a traceback:
the known error types are caught here, once, for every command.
"""

from __future__ import annotations

import importlib
import logging
import sys
from pathlib import Path

import click

from monitor import __version__
from monitor.cli.app import App
from monitor.config import ConfigError
from monitor.logging_setup import setup_logging

#: command name -> "module:attribute". Commands are imported only when used, so a quick query
#: does not pay for importing Scrapy, and `--help` lists them all.
COMMANDS = {
    "crawl": "monitor.cli.commands.crawl_command:crawl_command",
    "run": "monitor.cli.commands.run_command:run_command",
    "demo": "monitor.cli.commands.demo_command:demo_command",
    "extract": "monitor.cli.commands.extract_command:extract_command",
    "articles": "monitor.cli.commands.articles_command:articles_command",
    "history": "monitor.cli.commands.articles_command:history_command",
    "figures": "monitor.cli.commands.figures_command:figures_command",
    "changes": "monitor.cli.commands.changes_command:changes_command",
    "parks": "monitor.cli.commands.parks_command:parks_command",
    "export": "monitor.cli.commands.export_command:export_command",
    "plot": "monitor.cli.commands.plot_command:plot_command",
    "feed": "monitor.cli.commands.feed_command:feed_command",
    "serve": "monitor.cli.commands.serve_command:serve_command",
    "status": "monitor.cli.commands.status_command:status_command",
    "sources": "monitor.cli.commands.sources_command:sources_group",
    "reextract": "monitor.cli.commands.reextract_command:reextract_command",
    "alerts": "monitor.cli.commands.alerts_command:alerts_group",
    "db": "monitor.cli.commands.db_command:db_group",
    "config": "monitor.cli.commands.config_command:config_group",
}


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        target = COMMANDS.get(name)
        if target is None:
            return None
        module, _, attribute = target.partition(":")
        return getattr(importlib.import_module(module), attribute)


def user_errors() -> tuple[type[Exception], ...]:
    """The error types that mean "the user can fix this": reported in one line, exit 2."""
    from db.engine import DatabaseURLError
    from db.store import StoreError
    from monitor.service.crawl_runner import UnknownSpiderError

    return (ConfigError, DatabaseURLError, StoreError, UnknownSpiderError)


def refusals() -> dict[type[Exception], int]:
    """Domain errors reported as `Error: …` (the click style) with their exit codes: a name the
    store does not know, a demo database that is someone else's file, a lock another process holds."""
    from monitor.demo import DemoError
    from monitor.query.store_queries import UnknownNameError
    from monitor.service.cycle_lock import EXIT_LOCKED, LockHeldError

    return {UnknownNameError: 2, DemoError: 1, LockHeldError: EXIT_LOCKED}  # an unknown name is a usage error


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="hainan-monitor")
@click.option("--config", "config_path", type=click.Path(path_type=Path), help="TOML configuration file.")
@click.option("--db", "db_url", metavar="URL", help="SQLAlchemy database URL [env HAINAN_MONITOR_DB; default sqlite:///hainan-monitor.db].")
@click.option("--log-level", default="INFO", show_default=True, type=click.Choice(["DEBUG", "INFO", "WARNING", "ERROR"], case_sensitive=False))
@click.option("--log-file", type=click.Path(path_type=Path), help="Also write the log to this file.")
@click.pass_context
def cli(ctx: click.Context, config_path: Path | None, db_url: str | None, log_level: str, log_file: Path | None) -> None:
    """Watch the news about Hainan FTP industrial parks and alert when a figure moves.

    Metrics (what a figure counts): docs/metrics.md. Park ids: docs/parks.md, or
    `hainan-monitor parks`. Both are in the repository and generated from the code.
    """
    app = App.create(config_path, db_url)
    setup_logging(log_level.upper(), log_file or (Path(app.config.log_file) if app.config.log_file else None))
    ctx.obj = app


def main() -> None:
    try:
        cli.main(standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("aborted", err=True)
        sys.exit(130)
    except click.UsageError as exc:
        # One line, like every other error: the usage block would push the message off a cron mail.
        where = f"; see `{exc.ctx.command_path} --help`" if exc.ctx else ""
        click.echo(f"Error: {exc.format_message()}{where}", err=True)
        sys.exit(exc.exit_code)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        click.echo("interrupted", err=True)
        sys.exit(130)
    except Exception as exc:
        described = describe(exc)
        if described is None:
            raise
        line, code = described
        logging.getLogger("monitor").debug("error details", exc_info=True)
        click.echo(line, err=True)
        sys.exit(code)


def describe(exc: Exception) -> tuple[str, int] | None:
    """(the one line for stderr, exit code) for errors that are the user's or the machine's to
    fix; None for a bug, which keeps its traceback. The one place domain errors become exits."""
    from sqlalchemy.exc import OperationalError

    for kind, code in refusals().items():
        if isinstance(exc, kind):
            return f"Error: {exc}", code
    if isinstance(exc, user_errors()):  # a configuration file can have several problems, one line each
        return "\n".join(f"error: {line}" for line in str(exc).splitlines() or [str(exc)]), 2
    if isinstance(exc, OperationalError):
        return f"error: the database refused the operation: {exc.orig} (is the disk full, or the file locked by another program?)", 1
    if isinstance(exc, OSError):
        where = f": {exc.filename}" if exc.filename else ""
        return f"error: {exc.strerror or exc}{where}", 1
    return None
