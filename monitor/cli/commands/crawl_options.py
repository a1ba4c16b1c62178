"""The options that choose what a cycle crawls, shared by `crawl` (one cycle) and `run` (the daemon)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import click

from scraper.revisit import MODES

F = TypeVar("F", bound=Callable[..., object])


def crawl_options(command: F) -> F:
    options = (
        click.option("--spider", "spiders", multiple=True, metavar="NAME", help="Only this spider (repeatable); default all."),
        click.option("--mirror", metavar="ORIGIN", help="Fetch https://HOST/PATH from ORIGIN/HOST/PATH instead (offline copy)."),
        click.option("--revisit", type=click.Choice(MODES), default="due", show_default=True,
                     help="Re-check known articles: due (age-based policy), all (every one, conditionally), none."),
    )
    for option in reversed(options):
        command = option(command)
    return command
