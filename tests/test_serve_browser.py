"""`serve` in a real browser: the demo's store served by `hainan-monitor serve` on a free loopback
port, pages loaded by headless Chromium (Debian's package, installed by .ci/run), and checks of
what a user sees: the park tables, the 27 → 49 row, a drawn chart, no server or script errors."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.error import URLError

import lxml.html
import pytest

from tests.helpers.cli import REPO
from tests.helpers.crawled_stores import demo_run

pytestmark = pytest.mark.slow

GD = "gd-hn-manufacturing"
#: What the pages may print on the browser console: datasette-vega's bundled Vega 4 notes that it
#: compiles a Vega 3 spec (harmless). Anything else (an error, an uncaught exception) fails.
KNOWN_CONSOLE_NOTES = ("The compiled spec uses Vega v3, but current version is 4.2.0.",)


def chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found:
        return found
    if os.environ.get("CI"):
        pytest.fail("chromium is not installed (.ci/run installs Debian's chromium package)")
    pytest.skip("chromium is not installed here (apt-get install chromium); CI runs this test")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Served:
    def __init__(self, process: subprocess.Popen[str], origin: str, name: str) -> None:
        self.process, self.origin, self.name = process, origin, name


@pytest.fixture(scope="module")
def served(tmp_path_factory) -> Iterator[Served]:
    done, db = demo_run(tmp_path_factory)
    assert done.returncode == 0, done.stderr
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "monitor", "--db", f"sqlite:///{db}", "serve", "--port", str(port)],
        cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
    )
    origin = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(origin + "/", timeout=5) as answer:
                assert answer.status == 200
            break
        except (URLError, ConnectionError):
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                pytest.fail(f"serve did not start: {process.communicate()[1]}")
            time.sleep(0.2)
    yield Served(process, origin, db.stem)
    process.send_signal(signal.SIGTERM)
    out, err = process.communicate(timeout=30)
    assert process.returncode == 0, err
    assert f"serving {db} read-only on {origin}/" in out
    assert "Traceback" not in err and "ERROR" not in err, err


def load(served: Served, path: str, tmp_path: Path) -> lxml.html.HtmlElement:
    """The page's DOM after its scripts ran, as headless Chromium sees it; no script errors."""
    url = served.origin + path
    with urllib.request.urlopen(url.split("#")[0], timeout=30) as answer:
        assert answer.status == 200, url
    done = subprocess.run(
        [chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
         f"--user-data-dir={tmp_path / 'profile'}", "--enable-logging=stderr", "--v=0",
         "--virtual-time-budget=10000", "--dump-dom", url],
        capture_output=True, text=True, timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    console = [line for line in done.stderr.splitlines() if ":CONSOLE" in line]
    assert not [line for line in console if not any(known in line for known in KNOWN_CONSOLE_NOTES)], console
    page = lxml.html.fromstring(done.stdout)
    assert "Error 500" not in page.text_content()
    return page


def cells(page: lxml.html.HtmlElement, column: str) -> list[lxml.html.HtmlElement]:
    return page.cssselect(f"table.rows-and-columns td.col-{column}")


def test_the_park_tables_show_names_and_latest_figures(served: Served, tmp_path) -> None:
    parks = load(served, f"/{served.name}/parks", tmp_path)
    names = [cell.text_content().strip() for cell in cells(parks, "name_en")]
    assert "Guangdong-Hainan Advanced Manufacturing Cooperation Industrial Park" in names
    assert "洋浦经济开发区" in [cell.text_content().strip() for cell in cells(parks, "name_zh")]
    assert "The park gazetteer" in parks.text_content()
    latest = load(served, f"/{served.name}/latest_per_park?park={GD}", tmp_path)
    rows = {tuple(td.text_content().strip() for td in tr.cssselect("td.col-metric, td.col-value"))
            for tr in latest.cssselect("table.rows-and-columns tbody tr")}
    assert ("projects_landed", "49") in rows


def test_what_moved_this_week_shows_27_to_49_linked_to_its_article(served: Served, tmp_path) -> None:
    page = load(served, f"/{served.name}/moved_this_week", tmp_path)
    moved = [td.getparent() for td in cells(page, "old_to_new") if td.text_content().strip() == "27 → 49"]
    assert len(moved) == 1, [td.text_content() for td in cells(page, "old_to_new")]
    row = moved[0]
    assert row.cssselect("td.col-metric")[0].text_content().strip() == "projects_landed"
    links = row.cssselect("td.col-article_url a")
    assert links and links[0].get("href").startswith("http")
    assert "49" in row.cssselect("td.col-quote")[0].text_content()


def test_history_of_a_parks_metric_is_drawn_as_a_chart(served: Served, tmp_path) -> None:
    page = load(served, f"/{served.name}/park_metric_history?park={GD}&metric=projects_landed", tmp_path)
    charts = page.cssselect("canvas.marks")
    assert charts, "datasette-vega drew no chart"
    assert int(charts[0].get("width")) > 100 and int(charts[0].get("height")) > 100
    assert [td.text_content().strip() for td in cells(page, "value")] == ["27", "27", "27", "49", "49", "49"]
