"""`export`: CSV a spreadsheet opens with Chinese intact (UTF-8 with BOM), JSON that pandas reads."""

from __future__ import annotations

import csv
import json

import pytest

from tests.helpers.cli import run_cli
from tests.helpers.crawled_stores import GD_HN_49_URL, demo_run, en_store

#: Real crawls, subprocesses or servers: seconds each (`python -m pytest -m "not slow"` skips them).
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> str:
    return en_store(tmp_path_factory, tmp_path_factory.mktemp("export"))


@pytest.mark.parametrize(
    ("what", "columns"),
    [
        ("figures", {"published", "park", "metric", "value", "unit", "qualifier", "bound", "period", "quote", "article_url"}),
        ("articles", {"url", "source", "title", "published", "language", "versions"}),
        ("changes", {"kind", "park", "metric", "period", "old_value", "new_value", "unit", "article_url", "detected_at"}),
    ],
)
def test_csv_opens_with_the_csv_module_and_has_the_columns(db, tmp_path, what, columns):
    out = tmp_path / f"{what}.csv"
    done = run_cli("--db", db, "export", "--what", what, "--format", "csv", "-o", str(out))
    assert done.returncode == 0, done.stderr
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "a BOM, so Excel reads UTF-8"
    with out.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        rows = list(reader)
    assert columns <= set(reader.fieldnames or ())
    if what == "figures":
        landed = [r for r in rows if r["park"] == "gd-hn-manufacturing" and r["metric"] == "projects_landed"]
        assert [r["value"] for r in landed] == ["27", "49"], "oldest first, counts written as integers"
        assert (landed[-1]["period"], landed[-1]["article_url"]) == ("", GD_HN_49_URL), "no period: an empty cell"


def test_json_is_a_list_of_records_with_numbers_as_numbers(db):
    done = run_cli("--db", db, "export", "--what", "figures", "--format", "json")
    assert done.returncode == 0, done.stderr
    records = json.loads(done.stdout)
    assert isinstance(records, list) and records
    assert all(isinstance(r["value"], (int, float)) for r in records)
    assert {(r["park"], r["value"]) for r in records if r["metric"] == "projects_landed"} >= {("gd-hn-manufacturing", 49)}


def test_csv_round_trips_chinese_text(tmp_path_factory, tmp_path):
    """The demo's store holds Chinese articles and quotes (www.hainan.gov.cn, Hainan Daily)."""
    _, demo_db = demo_run(tmp_path_factory)
    url = f"sqlite:///{demo_db}"
    chinese = {}
    for what, field in (("articles", "title"), ("figures", "quote")):
        out = tmp_path / f"{what}.csv"
        assert run_cli("--db", url, "export", "--what", what, "-o", str(out)).returncode == 0
        with out.open(encoding="utf-8-sig", newline="") as handle:
            chinese[what] = {row[field] for row in csv.DictReader(handle)}
        expected = {r[field] for r in json.loads(run_cli("--db", url, "export", "--what", what, "--format", "json").stdout)}
        assert chinese[what] == expected
    assert "粤琼产业园落地项目增至49个" in chinese["articles"]
    assert any("已落地产业项目49个" in quote for quote in chinese["figures"])
