"""The options that choose what a cycle crawls, shared by `crawl` (one cycle), `run` (the daemon)
and `sources check`.

`--mirror` takes what a user has: a folder of `HOST/PATH` files (as `demo --keep DIR` writes),
served on loopback for the run, or the `http(s)://` origin of a server of one. Anything else is
a usage error before anything runs, so a typo never writes failed runs into the store.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

import click

from scraper.revisit import MODES

F = TypeVar("F", bound=Callable[..., object])

_ORIGIN = re.compile(r"^https?://[^/\s]+(?:/\S*)?$")
MIRROR_HELP = "Fetch https://HOST/PATH from a copy: a folder of HOST/PATH files (served on loopback for the run) or ORIGIN/HOST/PATH."


def parse_mirror(ctx: click.Context | None, param: click.Parameter | None, value: str | None) -> str | Path | None:
    """An `http(s)://` origin as a string, a folder as a Path; anything else is a usage error."""
    if value is None:
        return None
    if _ORIGIN.match(value):
        return value.rstrip("/")
    folder = Path(value).expanduser()
    if folder.is_dir():
        return folder.resolve()
    raise click.BadParameter(
        f"{value!r} is neither a folder nor an http:// or https:// origin "
        "(a mirror is a folder of HOST/PATH files, e.g. one written by `hainan-monitor demo --keep DIR`)",
        ctx=ctx, param=param,
    )


#: The environment variable that sets --mirror (offline checks of an installation, the crontab line).
MIRROR_ENV = "HAINAN_MONITOR_MIRROR"


def mirror_option(help_text: str = MIRROR_HELP) -> Callable[[F], F]:
    return click.option("--mirror", metavar="DIR|ORIGIN", envvar=MIRROR_ENV, show_envvar=True,
                        callback=parse_mirror, help=help_text)


@contextmanager
def mirror_origin(mirror: str | Path | None) -> Iterator[str | None]:
    """The origin to fetch from: a folder is served on loopback while the block runs."""
    if not isinstance(mirror, Path):
        yield mirror
        return
    from monitor.service.mirror_server import MirrorServer

    with MirrorServer(mirror) as server:
        yield server.origin


def crawl_options(command: F) -> F:
    options = (
        click.option("--spider", "spiders", multiple=True, metavar="NAME", help="Only this spider (repeatable); default all."),
        mirror_option(),
        click.option("--revisit", type=click.Choice(MODES), default="due", show_default=True,
                     help="Re-check known articles: due (age-based policy), all (every one, conditionally), none."),
    )
    for option in reversed(options):
        command = option(command)
    return command
