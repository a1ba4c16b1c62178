"""`hainan-monitor extract` reads a saved page the way the crawl reads it: one HTML reader, the
page's charset and its own published date; input that is not a document is a one-line error."""

from __future__ import annotations

import json
import sqlite3
import subprocess

import pytest

from tests.helpers.cli import run_cli
from tests.helpers.crawled_stores import demo_run
from monitor.demo import DEMO_SITES
from tests.helpers.terminal import run_in_pty, screen_lines

ZH_PAGE = DEMO_SITES / "before" / "www.hainan.gov.cn" / "hainan" / "5309" / "202407" / "3d6a9f2e8c1b4a7d95e0c3f6b8a2d4e1.shtml"
ZH_URL = "https://www.hainan.gov.cn/hainan/5309/202407/3d6a9f2e8c1b4a7d95e0c3f6b8a2d4e1.shtml"


def extract(*args: str, input: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    import os
    import sys

    from tests.helpers.cli import REPO

    return subprocess.run([sys.executable, "-m", "monitor", "extract", *args], input=input, capture_output=True,
                          cwd=REPO, env={**os.environ, "PYTHONIOENCODING": "utf-8"}, timeout=120)


def figures_of(done: subprocess.CompletedProcess[bytes]) -> dict:
    assert done.returncode == 0, done.stderr.decode()
    return json.loads(done.stdout)


def test_a_gbk_page_reads_as_chinese_with_its_own_date(tmp_path):
    html = ZH_PAGE.read_text(encoding="utf-8").replace('charset="utf-8"', 'charset="gbk"')
    assert 'charset="gbk"' in html
    page = tmp_path / "gbk.shtml"
    page.write_bytes(html.encode("gbk"))
    result = figures_of(extract(str(page)))
    assert result["published"] == "2024-07-04", "the page's PubDate, not today"
    found = {(f["metric"], f["value"], f["period"]) for f in result["figures"]}
    assert ("projects_landed", 27, None) in found
    assert ("enterprises", 30, "2024") in found, "an open period resolves against the page's year"


def test_published_overrides_the_pages_date():
    result = figures_of(extract("--published", "2025-03-01", str(ZH_PAGE)))
    assert result["published"] == "2025-03-01"
    assert ("enterprises", "2025") in {(f["metric"], f["period"]) for f in result["figures"]}


def test_extract_finds_what_the_crawl_stored_for_the_same_page(tmp_path_factory):
    done, db = demo_run(tmp_path_factory)
    assert done.returncode == 0
    stored = set(sqlite3.connect(db).execute(
        "SELECT f.metric, f.value, f.period FROM figures f JOIN articles a ON a.id = f.article_id WHERE a.url = ?", (ZH_URL,)
    ).fetchall())
    extracted = {(f["metric"], float(f["value"]), f["period"]) for f in figures_of(extract(str(ZH_PAGE)))["figures"]}
    assert stored and extracted == {(m, float(v), p) for m, v, p in stored}


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        (b"", "the input is empty"),
        (b"  \n\n ", "the input is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10", "is a PNG image"),
        (bytes(range(256)) * 20, "binary data"),
    ],
)
def test_input_that_is_not_a_document_is_a_one_line_error(tmp_path, data, fragment):
    path = tmp_path / "input"
    path.write_bytes(data)
    for done in (extract(str(path)), extract("-", input=data)):
        assert done.returncode == 2, done.stdout
        lines = done.stderr.decode().strip().splitlines()
        assert len(lines) == 1 and fragment in lines[0] and "Traceback" not in lines[0]
        assert done.stdout == b""


def test_a_terminal_with_no_input_gets_a_hint_not_silence():
    code, raw = run_in_pty("extract", stdin_pty=True, send=b"\x04", timeout=60)
    lines = screen_lines(raw)
    assert any("paste the text or HTML, then press Ctrl-D" in line for line in lines), lines
    assert code == 2 and any("the input is empty" in line for line in lines)


def test_plain_text_still_works_and_uses_today_without_a_date():
    result = figures_of(extract("--lang", "zh", "-", input="海口江东新区完成投资26亿元。".encode()))
    assert [f["value"] for f in result["figures"]] == [2600000000]
    assert run_cli("extract", "--help").returncode == 0
