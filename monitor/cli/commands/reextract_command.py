"""`hainan-monitor reextract`: recompute every stored version's figures with the current extractor.

Nothing is crawled: the stored texts are the input, so an improved extractor is applied to the
whole history in one go (figures rows carry the extractor version that produced them).
"""

from __future__ import annotations

import click

from monitor.cli.app import App, pass_app
from monitor.extract import EXTRACTOR_VERSION
from monitor.service.figure_stage import extract_pending
from monitor.cli.display import print_json
from monitor.cli.progress import progress_reporter

__all__ = ["reextract_command"]


@click.command("reextract")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@click.option("--workers", type=click.IntRange(min=1), default=None,
              help="Processes extracting at once (default: the CPUs available; 1: this process only).")
@pass_app
def reextract_command(app: App, as_json: bool, workers: int | None) -> None:
    """Recompute the figures of every stored article version."""
    with progress_reporter("re-extracting figures") as progress:
        written = extract_pending(app.store, everything=True, progress=progress, workers=workers)
    if as_json:
        print_json({"figures": written, "extractor_version": EXTRACTOR_VERSION})
        return
    click.echo(f"{written} figures extracted with extractor {EXTRACTOR_VERSION}")
