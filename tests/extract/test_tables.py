"""Statistical tables (monitor/extract/tables.py): a row per park, a column per metric, the unit in
the column's heading, the period in the text before the table.  Our own tables."""

from __future__ import annotations

import datetime as dt

from monitor.extract import extract_figures

ZH_TABLE = """<html><body><h1>2024年1-9月海南自贸港重点园区主要经济指标</h1>
<table>
<tr><th>园区</th><th>营业收入（亿元）</th><th>税收（亿元）</th><th>营业收入增速（%）</th><th>新增市场主体（户）</th></tr>
<tr><td>洋浦经济开发区</td><td>5,123.4</td><td>150.2</td><td>12.5</td><td>1287</td></tr>
<tr><td>海口江东新区</td><td>856.7</td><td>45.3</td><td>20.1</td><td>—</td></tr>
<tr><td>合计</td><td>5980.1</td><td>195.5</td><td>13.0</td><td>1287</td></tr>
</table></body></html>"""

# as the crawl's body reader stores a table it reads through trafilatura: a line of cells per row
EN_TABLE = """Key indicators of the parks in the first half of 2024.

| Park | Operating revenue (100 million yuan) | Tax revenue | Projects signed |
|---|---|---|---|
| Yangpu Economic Development Zone | 3012.5 | 88.1 | 45 |
| Haikou city | 900.0 | 50.0 | 80 |
| Some new industrial cluster | 10.0 | 1.0 | 3 |"""


def _read(html: str, lang: str) -> set[tuple]:
    return {(f.park, f.metric, f.value, f.unit, f.period, f.binding)
            for f in extract_figures(html, lang=lang, published=dt.date(2024, 10, 25))}


def test_a_table_of_parks_gives_each_park_its_columns_figures():
    assert _read(ZH_TABLE, "zh") == {
        ("yangpu", "revenue", 512_340_000_000, "CNY", "2024-01..2024-09", "named"),
        ("yangpu", "tax_revenue", 15_020_000_000, "CNY", "2024-01..2024-09", "named"),
        ("yangpu", "enterprises", 1287, "count", "2024-01..2024-09", "named"),
        ("jiangdong", "revenue", 85_670_000_000, "CNY", "2024-01..2024-09", "named"),
        ("jiangdong", "tax_revenue", 4_530_000_000, "CNY", "2024-01..2024-09", "named"),
    }  # the growth column, the empty cell and the total row give nothing


def test_only_rows_naming_a_park_and_columns_with_a_unit_give_figures():
    # no unit in "Tax revenue": its numbers cannot be scaled; a city's row and an unknown name's row are no park's
    assert _read(EN_TABLE, "en") == {
        ("yangpu", "revenue", 301_250_000_000, "CNY", "2024-01..2024-06", "named"),
        ("yangpu", "projects_signed", 45, "count", "2024-01..2024-06", "named"),
    }


def test_explain_names_the_table_rules():
    [figure, *_] = extract_figures(ZH_TABLE, lang="zh", published=dt.date(2024, 10, 25))
    assert dict(figure.rules) == {"metric": "table-column-heading", "park": "table-row-park",
                                  "period": "period-before-table", "qualifier": "no-target-words"}
    assert figure.quote.startswith("| 洋浦经济开发区 |")
