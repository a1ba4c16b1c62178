"""docs/metrics.md and docs/parks.md are generated from the code, and what is committed is what
the code generates; the README and --help send users to them, not outside the repository."""

from __future__ import annotations

import subprocess
import sys

from tests.helpers.cli import REPO, run_cli
from db.gazetteer import load_gazetteer
from monitor.docs import PAGES, main
from monitor.query.store_queries import METRICS


def test_committed_reference_pages_equal_the_generated_ones():
    for name, page in PAGES.items():
        assert (REPO / "docs" / name).read_text(encoding="utf-8") == page(), f"run `python -m monitor.docs` ({name})"


def test_the_generator_writes_and_checks(tmp_path):
    assert main(["--out", str(tmp_path), "--check"]) == 1, "nothing written yet: out of date"
    assert main(["--out", str(tmp_path)]) == 0
    assert main(["--out", str(tmp_path), "--check"]) == 0
    (tmp_path / "parks.md").write_text("stale\n")
    done = subprocess.run([sys.executable, "-m", "monitor.docs", "--out", str(tmp_path), "--check"],
                          capture_output=True, text=True, cwd=REPO)
    assert done.returncode == 1 and "parks.md" in done.stderr


def test_the_pages_name_every_metric_and_park():
    metrics, parks = (REPO / "docs" / "metrics.md").read_text(), (REPO / "docs" / "parks.md").read_text()
    assert all(f"| `{metric}` |" in metrics for metric in METRICS)
    assert all(f"| `{park.id}` | {park.name_en} | {park.name_zh} |" in parks for park in load_gazetteer().parks)


def test_readme_and_help_link_the_repositorys_docs():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "../shared" not in readme and "METRICS.md" not in readme and "PARKS.md" not in readme
    assert "docs/metrics.md" in readme and "docs/parks.md" in readme
    help_text = run_cli("--help").stdout + run_cli("figures", "--help").stdout + run_cli("changes", "--help").stdout
    assert "docs/metrics.md" in help_text and "docs/parks.md" in help_text
    assert "METRICS.md" not in help_text and "PARKS.md" not in help_text
