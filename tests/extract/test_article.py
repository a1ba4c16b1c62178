"""A whole article in the style of Hainan Daily's English edition, written for this test."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from tests.helpers.extract import find, run

from monitor.cli.commands.extract_command import extract_command
from monitor.extract import EXTRACTOR_VERSION, Figure, detect_language

FIXTURE = Path(__file__).parent / "fixtures" / "gd-hn-park-en.txt"
SEED = Path(__file__).resolve().parents[2] / ".." / "shared" / "seed-article.txt"

EXPECTED = [
    ("projects_landed", 31, "actual", None),
    ("investment_completed", 240_000_000, "actual", None),
    ("enterprises", 35, "target", "2024"),
    ("planning_area", 16.81, "actual", None),
    ("investment_total", 6_200_000_000, "actual", None),
    ("investment_total", 8_000_000_000, "target", None),
    ("projects_signed", 24, "actual", "2024-01..2024-09"),
    ("projects_signed", 19, "actual", "2024-05..2024-05"),
    ("investment_total", 2_600_000_000, "actual", "2024-05..2024-05"),
]


def test_fixture_article():
    figures = run(FIXTURE.read_text(encoding="utf-8"), "auto", "2024-09-05")
    for metric, value, qualifier, period in EXPECTED:
        figure = find(figures, metric, value)
        assert figure is not None, (metric, value, figures)
        assert (figure["park"], figure["qualifier"], figure["period"]) == ("gd-hn-manufacturing", qualifier, period)
    assert find(figures, "projects_signed", 12)["park"] == "haikou-hitech-zone"
    assert find(figures, "projects_landed", 9)["park"] == "haikou-hitech-zone"
    values = {f["value"] for f in figures}
    assert not values & {70, 18, 15, 8.5, 3, 1200}  # enterprises docked, trips, roads, growth, rank, visitors


@pytest.mark.skipif(not SEED.exists(), reason="the shared seed article is not beside the repository")
def test_seed_article():
    figures = run(SEED.read_text(encoding="utf-8"), "auto", "2024-07-04")
    for metric, value, qualifier in [("projects_landed", 27, "actual"), ("investment_completed", 120_000_000, "actual"),
                                     ("investment_total", 5_690_000_000, "actual"), ("planning_area", 16.81, "actual"),
                                     ("enterprises", 30, "target")]:
        figure = find(figures, metric, value)
        assert figure is not None and figure["park"] == "gd-hn-manufacturing" and figure["qualifier"] == qualifier


def test_html_input_ignores_navigation():
    html = ("<html><head><title>x</title></head><body><nav><a href='/'>首页</a> 3个栏目 <a>English</a></nav>"
            "<article><h1>洋浦经济开发区动态</h1><p>今年上半年，洋浦经济开发区实现营收1200亿元，"
            "同比增长8%。园区围绕石化新材料产业延链补链，新增市场主体3000家，一批重点项目加快建设。</p></article>"
            "<footer>版权所有 2024</footer></body></html>")
    figures = run(html, "auto", "2024-07-20")
    assert find(figures, "revenue", 1.2e11)["period"] == "2024-01..2024-06"
    assert {f["park"] for f in figures} == {"yangpu"}


def test_figure_to_dict_writes_integral_values_as_int():
    figure = Figure("yangpu", "revenue", 1.2e11, "CNY", "actual", "exact", "2024", "营收1200亿元")
    assert figure.to_dict() == {"park": "yangpu", "metric": "revenue", "value": 120000000000, "unit": "CNY",
                                "qualifier": "actual", "bound": "exact", "period": "2024", "quote": "营收1200亿元",
                                    "binding": "named"}
    assert Figure("yangpu", "planning_area", 16.81, "km2", "actual", "exact", None, "").to_dict()["value"] == 16.81


@pytest.mark.parametrize(("text", "lang"), [("洋浦经济开发区实现营收", "zh"), ("当前位置: Yangpu EDZ revenue rose sharply this year", "en")])
def test_detect_language(text, lang):
    assert detect_language(text) == lang
    assert EXTRACTOR_VERSION


def test_extract_command_prints_json(tmp_path):
    path = tmp_path / "article.txt"
    path.write_text("海口江东新区前三季度完成固定资产投资260亿元。", encoding="utf-8")
    result = CliRunner().invoke(extract_command, ["--published", "2024-11-06", str(path)])
    assert result.exit_code == 0, result.output
    assert '"park": "jiangdong"' in result.output and "固定资产投资260亿元" in result.output
    stdin = CliRunner().invoke(extract_command, ["--lang", "zh", "-"], input="海口江东新区完成投资26亿元。")
    assert stdin.exit_code == 0 and '"value": 2600000000' in stdin.output


@pytest.mark.parametrize("args", [["--published", "2024-13-01", "-"], ["/no/such/file.txt"]])
def test_extract_command_errors_are_one_line(args):
    result = CliRunner().invoke(extract_command, args, input="")
    assert result.exit_code == 2
    assert "Traceback" not in result.output and result.output.strip().splitlines()[-1].startswith("Error:")
