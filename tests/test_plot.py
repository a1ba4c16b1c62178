"""`plot`: a PNG of one park's metric over time; a clear message without matplotlib."""

from __future__ import annotations

import pytest

from tests.helpers.cli import run_cli
from tests.helpers.crawled_stores import en_store

#: Real crawls, subprocesses or servers: seconds each (`python -m pytest -m "not slow"` skips them).
pytestmark = pytest.mark.slow

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> str:
    return en_store(tmp_path_factory, tmp_path_factory.mktemp("plot"))


def test_plot_writes_a_png_of_the_metric_over_time(db, tmp_path):
    out = tmp_path / "landed.png"
    done = run_cli("--db", db, "plot", "--park", "gd-hn-manufacturing", "--metric", "projects_landed", "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert f"wrote {out} (2 figures)" in done.stdout
    data = out.read_bytes()
    assert data.startswith(PNG_MAGIC) and len(data) > 10_000


def test_plot_defaults_to_a_file_named_after_park_and_metric(db, tmp_path):
    done = run_cli("--db", db, "plot", "--park", "gd-hn-manufacturing", "--metric", "investment_total", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "gd-hn-manufacturing-investment_total.png").read_bytes().startswith(PNG_MAGIC)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--park", "gd-hn", "--metric", "projects_landed"], "unknown park 'gd-hn' (known: yangpu,"),
        (["--park", "yangpu", "--metric", "landed"], "unknown metric 'landed' (known: projects_landed,"),
        (["--park", "jiangdong", "--metric", "projects_landed"], "no projects_landed figures for park 'jiangdong' (it has: no figures yet)"),
    ],
)
def test_plot_names_what_exists_when_nothing_matches(db, tmp_path, args, message):
    done = run_cli("--db", db, "plot", *args, "-o", str(tmp_path / "x.png"))
    assert done.returncode != 0
    assert message in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "x.png").exists()


def test_plot_without_matplotlib_says_how_to_install_it(db, tmp_path):
    blocker = tmp_path / "blocked"
    blocker.mkdir()
    (blocker / "matplotlib.py").write_text("raise ImportError('matplotlib is not installed')\n")
    done = run_cli(
        "--db", db, "plot", "--park", "gd-hn-manufacturing", "--metric", "projects_landed",
        env={"PYTHONPATH": str(blocker)}, cwd=tmp_path,
    )
    assert done.returncode != 0
    assert "the plot command needs matplotlib: pip install 'hainan-park-monitor[plot]'" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


def _chart(records):
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot

    from monitor.cli.commands.plot_command import build_chart

    figure = build_chart(pyplot, records, "test")
    figure.canvas.draw()
    return pyplot, figure, figure.axes[0]


def _record(published, value, unit="CNY"):
    return {"published": published, "value": value, "unit": unit, "bound": "exact", "period": "2024-01..2024-06",
            "qualifier": "actual", "source": "hainan_gov_zh"}


def test_money_axis_reads_in_billion_yuan_without_an_offset_and_ticks_on_days():
    pyplot, figure, axes = _chart([_record("2024-07-11", 6.125e10), _record("2024-07-12", 6.215e10)])
    try:
        assert axes.get_ylabel() == "billion yuan"
        assert axes.yaxis.get_offset_text().get_text() == "", "no 1e10 offset"
        labels = [label.get_text() for label in axes.get_yticklabels()]
        assert "61" in labels or "62" in labels, labels
        ticks = axes.get_xticks()
        assert all(float(tick).is_integer() for tick in ticks), "whole days, no 3-hour ticks"
        assert [label.get_text() for label in axes.get_xticklabels()] == ["2024-07-11", "2024-07-12"]
    finally:
        pyplot.close(figure)


def test_a_long_span_ticks_by_month_and_counts_stay_counts():
    pyplot, figure, axes = _chart([_record("2023-01-05", 27, "count"), _record("2024-09-12", 49, "count")])
    try:
        assert axes.get_ylabel() == "count"
        labels = [label.get_text() for label in axes.get_xticklabels()]
        assert labels and all(len(label) == 7 and label[4] == "-" for label in labels), labels
    finally:
        pyplot.close(figure)
