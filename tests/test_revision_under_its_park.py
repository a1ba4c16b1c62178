"""A revised figure is alerted under its own park, not under a park the sentence only compares
it with: the Yangpu story of issue 10, end to end, in our own wording.

The article says Yangpu "ranked first among the key parks of the free trade port", then that
1,287 new market entities "were registered in the zone", and gives the key parks' own total; the
revision moves Yangpu's count to 1,382.  Two real crawls of a mirror on loopback, one SQLite
file: exactly one `figure_changed`, under `yangpu`, and nothing moves for the key parks.
"""

from __future__ import annotations

import json

import pytest

from monitor.service.mirror_server import MirrorServer
from tests.helpers.cli import run_cli
from tests.helpers.mirrors import build_snapshot

pytestmark = pytest.mark.slow


def test_the_revised_count_moves_under_yangpu_only(tmp_path):
    db = f"sqlite:///{tmp_path / 'store.db'}"
    with MirrorServer(build_snapshot(tmp_path / "site1", {"yangpu_revision": 1})) as server:
        for snapshot in (1, 2):
            server.switch(build_snapshot(tmp_path / f"site{snapshot}", {"yangpu_revision": snapshot}))
            done = run_cli("--db", db, "crawl", "--spider", "hainan_gov_en", "--mirror", server.origin, "--revisit", "all")
            assert done.returncode == 0, done.stderr
    listed = run_cli("--db", db, "changes", "--all", "--json", "--limit", "0")
    assert listed.returncode == 0, listed.stderr
    changes = json.loads(listed.stdout)
    moved = [(c["park"], c["metric"], c["old_value"], c["new_value"]) for c in changes if c["kind"] == "figure_changed"]
    assert moved == [("yangpu", "enterprises", 1287, 1382)]
    assert not [c for c in changes if c.get("park") == "key-parks" and c["kind"] != "figure_new"]  # nor the article
    firsts = {(c["park"], c["metric"], c["new_value"]) for c in changes if c["kind"] == "figure_new"}
    assert ("key-parks", "enterprises", 15600) in firsts and ("yangpu", "revenue", 86400000000) in firsts
