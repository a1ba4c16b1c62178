"""Mirror snapshots of the fixture sites, served by the real mirror server (monitor/service/mirror_server.py)."""

from __future__ import annotations

import shutil
from pathlib import Path

from monitor.service.mirror_server import MirrorServer

MIRRORS = Path(__file__).resolve().parents[1] / "mirrors"


def build_snapshot(dest: Path, sites: dict[str, int]) -> Path:
    """A mirror folder holding, for each site, its snapshot 1 overlaid with 2..n.

    A snapshot folder holds only what changed since the one before, so the fixtures show the
    change between two states of a site at a glance.
    """
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    for site, state in sites.items():
        for step in range(1, state + 1):
            layer = MIRRORS / site / str(step)
            if layer.is_dir():
                shutil.copytree(layer, dest, dirs_exist_ok=True)
    return dest


class Mirror:
    """A running mirror server whose snapshot can be switched between crawls."""

    def __init__(self, server: MirrorServer, base: Path) -> None:
        self.server = server
        self.base = base
        self.count = 0

    @property
    def origin(self) -> str:
        return self.server.origin

    def use(self, **sites: int) -> Mirror:
        self.count += 1
        root = build_snapshot(self.base / f"snapshot{self.count}", sites)
        self.server.switch(root)
        self.server.requests.clear()
        return self
