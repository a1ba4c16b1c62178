"""The Datasette application `serve` runs: the store, read-only, with the project's metadata.

The store is opened as a mutable database, which Datasette reads through `?mode=ro` connections:
the daemon may keep writing (SQLite WAL) while people browse, and nothing in the web app can
write (no write canned queries, no write plugins; SQL typed in the page runs on read-only
connections), and `read_only_app` answers every request but GET and HEAD with 405 before it
reaches Datasette. Immutable mode would be wrong here: it promises SQLite the file never changes.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, MutableMapping
from pathlib import Path
from typing import Any

from datasette.app import Datasette
from datasette.plugins import pm

from monitor.publish import datasette_plugin
from monitor.publish.datasette_metadata import build_metadata, chart_examples

Scope = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[MutableMapping[str, Any]]]
Send = Callable[[MutableMapping[str, Any]], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]
READ_METHODS = frozenset({"GET", "HEAD"})

SETTINGS = {
    "suggest_facets": False,  # the metadata names the useful facets; suggestions are noise here
    "default_page_size": 50,
    "sql_time_limit_ms": 3000,
}


def database_name(path: Path) -> str:
    """The name Datasette gives a database file (its stem): the first part of every page's URL."""
    return path.stem


def store_metadata(path: Path) -> dict[str, Any]:
    return build_metadata(database_name(path), chart_examples(path))


def make_datasette(path: Path) -> Datasette:
    """A Datasette over the SQLite store at `path`, read-only, with titles, docs, facets and queries."""
    if pm.get_plugin(datasette_plugin.PLUGIN_NAME) is None:
        pm.register(datasette_plugin, name=datasette_plugin.PLUGIN_NAME)
    return Datasette([str(path)], metadata=store_metadata(path), settings=SETTINGS)


def read_only_app(datasette: Datasette) -> ASGIApp:
    """Datasette's ASGI app behind a gate that lets only GET and HEAD through: no write endpoint
    can exist, whatever a plugin or a later Datasette adds."""
    inner = datasette.app()

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] not in READ_METHODS:
            body = b"read-only: this server answers GET and HEAD only\n"
            await send({"type": "http.response.start", "status": 405,
                        "headers": [(b"allow", b"GET, HEAD"), (b"content-type", b"text/plain; charset=utf-8"),
                                    (b"content-length", str(len(body)).encode())]})
            await send({"type": "http.response.body", "body": body})
            return
        await inner(scope, receive, send)

    return app
