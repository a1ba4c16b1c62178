"""Statistical tables: a row per park, a column per metric ("2024年1-9月重点园区主要经济指标").

The crawl's body reader writes an HTML table as lines of cells ("| 洋浦经济开发区 | 5123.4 |"),
the first line being the headings.  A table's numbers carry no units of their own: a column's
heading names its metric and its unit ("营业收入（亿元）"), and a row's first cell its park.  Only
a row that names a gazetteer park gives figures, and only a column whose heading names a metric
and, for money and areas, a unit; a rate or a share column gives none.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from db.gazetteer import load_gazetteer
from monitor.extract import metrics

_TABLE = re.compile(r"(?:^[ \t]*\|.*\|[ \t]*$\n?){3,}", re.MULTILINE)
_RULE_LINE = re.compile(r"^\s*\|(?:\s*:?-{3,}:?\s*\|)+\s*$")
_UNIT = re.compile(r"[（(]\s*([^（）()]{1,24}?)\s*[)）]")
_NUMBER = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")
_TARGET = re.compile(r"目标|计划|预计|\b(?:target|plan(?:ned)?|expected)\b", re.IGNORECASE)

#: A heading's unit → (currency or kind, scale).
_UNITS: dict[str, tuple[str, float]] = {
    "亿元": ("CNY", 1e8), "万元": ("CNY", 1e4), "元": ("CNY", 1), "亿美元": ("USD", 1e8), "万美元": ("USD", 1e4),
    "美元": ("USD", 1), "个": ("count", 1), "家": ("count", 1), "户": ("count", 1), "项": ("count", 1),
    "平方公里": ("km2", 1), "平方千米": ("km2", 1), "公顷": ("km2", 0.01), "亩": ("km2", 1 / 1500),
    "100 million yuan": ("CNY", 1e8), "billion yuan": ("CNY", 1e9), "million yuan": ("CNY", 1e6),
    "10,000 yuan": ("CNY", 1e4), "10 thousand yuan": ("CNY", 1e4), "yuan": ("CNY", 1), "rmb 100 million": ("CNY", 1e8),
    "100 million us dollars": ("USD", 1e8), "million us dollars": ("USD", 1e6), "million usd": ("USD", 1e6),
    "us$ million": ("USD", 1e6), "billion us dollars": ("USD", 1e9), "sq km": ("km2", 1), "square kilometers": ("km2", 1),
    "km2": ("km2", 1),
}


@dataclass(frozen=True)
class Column:
    metric: str
    unit: str  # CNY, USD, count, km2
    scale: float
    target: bool


@dataclass(frozen=True)
class Cell:
    """A number of a table: where its row is in the text, the row's park, and its column."""

    row_start: int
    row_end: int
    park: str
    column: Column
    value: float


def find_tables(text: str) -> list[tuple[int, int]]:
    """The spans of the text's tables (three lines of cells or more)."""
    if "|" not in text:  # most texts: the pattern, tried at every position, would find nothing
        return []
    return [m.span() for m in _TABLE.finditer(text)]


def table_cells(text: str, span: tuple[int, int], lang: str) -> list[Cell]:
    """The figures' numbers of the table at `span`: each row naming a park, each column naming a metric."""
    lines, position = [], span[0]
    for line in text[span[0]:span[1]].splitlines(keepends=True):
        lines.append((position, position + len(line.rstrip("\n"))))
        position += len(line)
    rows = [(start, end) for start, end in lines if not _RULE_LINE.match(text, start, end)]
    if len(rows) < 2:
        return []
    columns = [_column(heading, lang) for heading in _cells(text[rows[0][0]:rows[0][1]])]
    found: list[Cell] = []
    for start, end in rows[1:]:
        cells = _cells(text[start:end])
        park = _park(cells[0]) if cells else None
        if park is None:
            continue
        for column, cell in zip(columns[1:], cells[1:]):
            number = _NUMBER.fullmatch(cell.replace(" ", ""))
            if column is not None and number:
                found.append(Cell(start, end, park, column, float(number.group().replace(",", "")) * column.scale))
    return found


def _cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.strip().strip("|").split("|")]


def _column(heading: str, lang: str) -> Column | None:
    metric = metrics.heading_metric(heading, lang)
    if metric is None:
        return None
    unit = _UNIT.search(heading)
    kind, scale = _UNITS.get(unit.group(1).lower(), (None, 0)) if unit else ("count", 1)
    if kind is None or (kind == "count") != (metric not in metrics.MONEY_METRICS and metric != "planning_area") \
            or (kind == "km2") != (metric == "planning_area"):
        return None  # money or an area without a unit we know, or a unit that is not the metric's
    return Column(metric, kind, scale, _TARGET.search(heading) is not None)


def _park(cell: str) -> str | None:
    """The park a row's first cell names: a gazetteer name that is most of the cell."""
    mentions = [m for m in load_gazetteer().scan(cell) if not m.weak]
    if len(mentions) != 1 or mentions[0].end - mentions[0].start < 0.6 * len(cell):
        return None
    return mentions[0].park_id
