"""`hainan-monitor serve`: the store as a web page (Datasette), read-only, on loopback by default.

Datasette is an optional extra (`pip install 'hainan-park-monitor[web]'`), imported only here.
"""

from __future__ import annotations

import ipaddress
import json
import signal
import socket
from pathlib import Path

import click
from sqlalchemy.engine import make_url

from monitor.cli.app import App, pass_app

__all__ = ["serve_command"]

MISSING = "the serve command needs Datasette: pip install 'hainan-park-monitor[web]'"
LOOPBACK = "127.0.0.1"


@click.command("serve")
@click.option("--host", default=LOOPBACK, show_default=True, help="Address to listen on; anything but loopback exposes the store.")
@click.option("-p", "--port", type=click.IntRange(1, 65535), default=8001, show_default=True, help="Port to listen on.")
@click.option("--print-metadata", is_flag=True, help="Print the Datasette metadata JSON (for `datasette -m`) and exit.")
@pass_app
def serve_command(app: App, host: str, port: int, print_metadata: bool) -> None:
    """Browse the store in a web browser: canned queries, facets, charts; read-only.

    Opens the SQLite store of --db with Datasette, with titles and descriptions for every table,
    facets (park, metric, kind, source) and queries such as the latest figures per park, what
    moved this week and the history of one park's metric drawn as a chart.
    """
    path = sqlite_path(app.db_url)
    try:
        from monitor.publish.datasette_app import make_datasette, read_only_app, store_metadata
    except ImportError:
        raise click.ClickException(MISSING) from None
    if print_metadata:
        click.echo(json.dumps(store_metadata(path), ensure_ascii=False, indent=2))
        return
    if not is_loopback(host):
        click.echo(
            f"warning: serving on {host}: anyone who can reach this machine on port {port} can read the whole store",
            err=True,
        )
    ensure_port_free(host, port)
    datasette = make_datasette(path)
    import uvicorn

    shown = f"[{host}]" if ":" in host else host
    click.echo(f"serving {path} read-only on http://{shown}:{port}/ (Ctrl-C stops)", nl=True)
    # uvicorn shuts down gracefully on SIGTERM, then re-raises the signal to the handler it found:
    # this one makes that a clean exit 0 (as `run` does), not death by signal.
    previous = signal.signal(signal.SIGTERM, _exit_cleanly)
    try:
        uvicorn.run(read_only_app(datasette), host=host, port=port, log_level="warning")
    finally:
        signal.signal(signal.SIGTERM, previous)


def _exit_cleanly(signum: int, frame: object) -> None:
    raise SystemExit(0)


def sqlite_path(db_url: str) -> Path:
    """The store's file; a usage error when --db is not an existing SQLite file."""
    url = make_url(db_url)
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        raise click.UsageError(f"serve shows a SQLite store; {db_url!r} is not one (try --db sqlite:///hainan-monitor.db)")
    path = Path(url.database).expanduser().resolve()
    if not path.is_file():
        raise click.UsageError(f"no store at {path} (run `hainan-monitor crawl` or `hainan-monitor demo` first, or pass --db)")
    return path


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def ensure_port_free(host: str, port: int) -> None:
    """Fail in one line (OSError: exit 1) before Datasette starts, rather than in uvicorn's log."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            raise OSError(exc.errno, f"cannot listen on {host}:{port}: {exc.strerror} (try --port)") from None
