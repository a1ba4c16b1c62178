"""The mirror server behaves like the sites where the crawler cares."""

from __future__ import annotations

import urllib.error
import urllib.request
from pathlib import Path

import pytest

from monitor.service.mirror_server import MirrorServer


@pytest.fixture
def served(tmp_path: Path):
    site = tmp_path / "www.hainan.gov.cn" / "hainan"
    site.mkdir(parents=True)
    (site / "index.html").write_text("<html>首页</html>", encoding="utf-8")
    (site / "a.shtml").write_bytes("<html>园区</html>".encode("gbk"))
    (site / "blocked.shtml").write_text("<script>$_ts=1</script>")
    (site / "blocked.shtml.status").write_text("412\n")
    (site / "big5.shtml").write_bytes("<html>園區</html>".encode("big5"))
    (site / "big5.shtml.headers").write_text("Content-Type: text/html; charset=big5\n")
    with MirrorServer(tmp_path) as server:
        yield server


def get(url: str, headers: dict[str, str] | None = None):
    try:
        return urllib.request.urlopen(urllib.request.Request(url, headers=headers or {}))
    except urllib.error.HTTPError as error:
        return error


def test_pages_are_served_as_html_without_a_charset(served):
    response = get(f"{served.origin}/www.hainan.gov.cn/hainan/a.shtml")
    assert response.status == 200
    assert response.headers["Content-Type"] == "text/html"
    assert response.read().decode("gbk") == "<html>园区</html>"


def test_a_folder_path_serves_its_index(served):
    assert get(f"{served.origin}/www.hainan.gov.cn/hainan/").read().decode() == "<html>首页</html>"


def test_conditional_requests_get_304(served):
    first = get(f"{served.origin}/www.hainan.gov.cn/hainan/a.shtml")
    etag = first.headers["ETag"]
    again = get(f"{served.origin}/www.hainan.gov.cn/hainan/a.shtml", {"If-None-Match": etag})
    assert again.status == 304
    changed = get(f"{served.origin}/www.hainan.gov.cn/hainan/a.shtml", {"If-None-Match": '"other"'})
    assert changed.status == 200


def test_status_and_header_overrides(served):
    assert get(f"{served.origin}/www.hainan.gov.cn/hainan/blocked.shtml").status == 412
    big5 = get(f"{served.origin}/www.hainan.gov.cn/hainan/big5.shtml")
    assert big5.headers["Content-Type"] == "text/html; charset=big5"
    assert get(f"{served.origin}/www.hainan.gov.cn/hainan/big5.shtml.headers").status == 404


def test_missing_files_and_escapes_are_404(served):
    assert get(f"{served.origin}/www.hainan.gov.cn/hainan/nope.shtml").status == 404
    assert get(f"{served.origin}/../../etc/passwd").status == 404


def test_switching_snapshots(served, tmp_path: Path):
    other = tmp_path / "later"
    (other / "www.hainan.gov.cn" / "hainan").mkdir(parents=True)
    (other / "www.hainan.gov.cn" / "hainan" / "index.html").write_text("later")
    served.switch(other)
    assert get(f"{served.origin}/www.hainan.gov.cn/hainan/").read() == b"later"
