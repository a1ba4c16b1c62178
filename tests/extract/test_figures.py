"""Sentence → figures, in both languages: one row per rule of METRICS.md, written for these
tests in the style of Hainan park news (never copied from an article)."""

from __future__ import annotations

import pytest
from tests.helpers.extract import find, run

# (lang, published, text, [(park, metric, value, unit, qualifier, bound, period)])
FIGURES = [
    # --- the cue that governs the number decides the metric
    ("en", "2024-04-02", "On March 28, the Wenchang International Aerospace City signed 23 enterprises on the spot, "
     "with a total investment of about 6.1 billion yuan.",
     [("wenchang-aerospace", "projects_signed", 23, "count", "actual", "exact", "2024-03..2024-03"),
      ("wenchang-aerospace", "investment_total", 6.1e9, "CNY", "actual", "approx", "2024-03..2024-03")]),
    ("zh", "2024-04-02", "3月28日，文昌国际航天城现场签约23家企业，总投资约61亿元。",
     [("wenchang-aerospace", "projects_signed", 23, "count", "actual", "exact", "2024-03..2024-03"),
      ("wenchang-aerospace", "investment_total", 6.1e9, "CNY", "actual", "approx", "2024-03..2024-03")]),
    # --- a subset is a figure too
    ("en", "2024-05-10", "Of the 18 contracted projects of Haikou National High-tech Zone, 11 have landed.",
     [("haikou-hitech-zone", "projects_signed", 18, "count", "actual", "exact", None),
      ("haikou-hitech-zone", "projects_landed", 11, "count", "actual", "exact", None)]),
    ("zh", "2024-05-10", "海口国家高新区签约项目18个，其中已落地11个。",
     [("haikou-hitech-zone", "projects_signed", 18, "count", "actual", "exact", None),
      ("haikou-hitech-zone", "projects_landed", 11, "count", "actual", "exact", None)]),
    # --- targets
    ("en", "2024-02-01", "This year, Sanya Yazhou Bay Science and Technology City plans to introduce 120 new enterprises.",
     [("yazhou-bay", "enterprises", 120, "count", "target", "exact", "2024")]),
    ("zh", "2024-02-01", "今年，三亚崖州湾科技城力争新引进企业120家，预计全年营收突破500亿元。",
     [("yazhou-bay", "enterprises", 120, "count", "target", "exact", "2024"),
      ("yazhou-bay", "revenue", 5e10, "CNY", "target", "at_least", "2024")]),
    ("zh", "2024-01-20", "据初步测算，2023年洋浦经济开发区预计实现工业总产值1500亿元。",
     [("yangpu", "output_value", 1.5e11, "CNY", "target", "exact", "2023")]),
    # --- units: 万, 亿, thousand, billion, US$, 亩, hectares, sq km
    ("zh", "2023-12-01", "海口综合保税区1-10月实现进出口总额285.6亿元，实际利用外资1.2亿美元。",
     [("haikou-bonded-zone", "trade_value", 2.856e10, "CNY", "actual", "exact", "2023-01..2023-10"),
      ("haikou-bonded-zone", "foreign_capital", 1.2e8, "USD", "actual", "exact", "2023-01..2023-10")]),
    ("en", "2023-12-01", "Haikou Comprehensive Bonded Zone's foreign capital actually utilized reached US$120 million "
     "in the first ten months.",
     [("haikou-bonded-zone", "foreign_capital", 1.2e8, "USD", "actual", "exact", "2023-01..2023-10")]),
    ("zh", "2024-03-01", "海南老城经济开发区规划面积3000亩。",
     [("laocheng", "planning_area", 2.0, "km2", "actual", "exact", None)]),
    ("en", "2024-03-01", "The Lingao Jinpai Port Development Zone covers 850 hectares.",
     [("lingao-jinpai", "planning_area", 8.5, "km2", "actual", "exact", None)]),
    # the part of a park already developed is not its planned area
    ("en", "2024-03-01", "The Lingao Jinpai Port Development Zone covers 8.5 square kilometers, with 3 square kilometers "
     "already developed.",
     [("lingao-jinpai", "planning_area", 8.5, "km2", "actual", "exact", None)]),
    ("zh", "2024-03-01", "临高金牌港开发区规划面积8.5平方公里，已开发3平方公里。",
     [("lingao-jinpai", "planning_area", 8.5, "km2", "actual", "exact", None)]),
    # a period told in a sentence without numbers governs the next sentence's figures
    ("zh", "2024-07-10", "上半年，洋浦经济开发区发展势头良好。新增市场主体1287户。",
     [("yangpu", "enterprises", 1287, "count", "actual", "exact", "2024-01..2024-06")]),
    ("zh", "2024-11-10", "今年前三季度，洋浦经济开发区经济运行稳中有进。实现营业收入500亿元，同比增长10%。",
     [("yangpu", "revenue", 5e10, "CNY", "actual", "exact", "2024-01..2024-09")]),
    ("en", "2024-07-10", "In the first half, Yangpu Economic Development Zone grew fast. Its revenue reached 50 billion yuan.",
     [("yangpu", "revenue", 5e10, "CNY", "actual", "exact", "2024-01..2024-06")]),
    # coordinated cues taken in order by their amounts ("respectively", 分别), not the nearest cue for all
    ("zh", "2024-11-01", "洋浦经济开发区营收、税收和工业产值分别达到5000亿元、150亿元和3000亿元。",
     [("yangpu", "revenue", 5e11, "CNY", "actual", "exact", None),
      ("yangpu", "tax_revenue", 1.5e10, "CNY", "actual", "exact", None),
      ("yangpu", "output_value", 3e11, "CNY", "actual", "exact", None)]),
    # "增至" between the noun and its number
    ("zh", "2024-07-01", "海口国家高新区入驻企业增至1200家。",
     [("haikou-hitech-zone", "enterprises", 1200, "count", "actual", "exact", None)]),
    # "to land N projects": the base form of the verb, in a plan
    ("en", "2024-03-01", "The Lingao Jinpai Port Development Zone plans to land 60 projects this year.",
     [("lingao-jinpai", "projects_landed", 60, "count", "target", "exact", "2024")]),
    ("en", "2024-03-01", "More than 3.2 thousand market entities are now registered in Hainan Ecological Software Park.",
     [("software-park", "enterprises", 3200, "count", "actual", "at_least", None)]),
    # --- Chinese numerals and full-width digits
    ("zh", "2024-06-15", "东方临港产业园6月12日集中开工项目十二个，总投资３５亿元。",
     [("dongfang-lingang", "projects_started", 12, "count", "actual", "exact", "2024-06..2024-06"),
      ("dongfang-lingang", "investment_total", 3.5e9, "CNY", "actual", "exact", "2024-06..2024-06")]),
    # --- traditional Chinese
    ("zh", "2023-10-20", "海南生態軟件園前三季度實現營業收入560億元，稅收收入30.5億元。",
     [("software-park", "revenue", 5.6e10, "CNY", "actual", "exact", "2023-01..2023-09"),
      ("software-park", "tax_revenue", 3.05e9, "CNY", "actual", "exact", "2023-01..2023-09")]),
    # --- bounds
    ("zh", "2024-02-01", "博鳌乐城国际医疗旅游先行区去年营收近30亿元，落户企业200余家。",
     [("boao-lecheng", "revenue", 3e9, "CNY", "actual", "approx", "2023"),
      ("boao-lecheng", "enterprises", 200, "count", "actual", "at_least", None)]),
    ("en", "2024-02-01", "Boao Lecheng International Medical Tourism Pilot Zone earned revenue of less than 3 billion yuan last year.",
     [("boao-lecheng", "revenue", 3e9, "CNY", "actual", "at_most", "2023")]),
    # --- respectively / 分别
    ("zh", "2024-11-06", "前三季度，海口江东新区、海口复兴城互联网信息产业园分别完成固定资产投资120.5亿元、8.6亿元。",
     [("jiangdong", "investment_completed", 1.205e10, "CNY", "actual", "exact", "2024-01..2024-09"),
      ("fuxing-city", "investment_completed", 8.6e8, "CNY", "actual", "exact", "2024-01..2024-09")]),
    ("en", "2024-11-06", "In the first three quarters, Jiangdong New Area and Fuxing City completed fixed asset investment "
     "of 12.05 billion yuan and 860 million yuan respectively.",
     [("jiangdong", "investment_completed", 1.205e10, "CNY", "actual", "exact", "2024-01..2024-09"),
      ("fuxing-city", "investment_completed", 8.6e8, "CNY", "actual", "exact", "2024-01..2024-09")]),
    # --- key parks as a group
    ("zh", "2024-08-01", "上半年，海南自贸港13个重点园区实现营收9800亿元。",
     [("key-parks", "revenue", 9.8e11, "CNY", "actual", "exact", "2024-01..2024-06")]),
    ("en", "2024-08-01", "In January-June, the 13 key industrial parks of Hainan achieved tax revenue of 36 billion yuan.",
     [("key-parks", "tax_revenue", 3.6e10, "CNY", "actual", "exact", "2024-01..2024-06")]),
    # --- a coordinated run of parks each get the figure
    ("zh", "2022-01-20", "去年，洋浦经济开发区、海口江东新区等2个园区营收超1000亿元。",
     [("yangpu", "revenue", 1e11, "CNY", "actual", "at_least", "2021"),
      ("jiangdong", "revenue", 1e11, "CNY", "actual", "at_least", "2021")]),
    # --- a park missing from the gazetteer keeps its figure under a slug
    ("en", "2023-08-22", "The Changsha Riverside Industrial Park signed 7 projects on August 18.",
     [("changsha-riverside-industrial-park", "projects_signed", 7, "count", "actual", "exact", "2023-08..2023-08")]),
    # --- stocks and cumulative totals have no period; as-of dates do not make one
    ("zh", "2024-07-01", "截至2023年底，三亚中央商务区累计注册企业8000家。",
     [("sanya-cbd", "enterprises", 8000, "count", "actual", "exact", None)]),
    ("en", "2024-07-01", "As of the end of May, a total of 640 enterprises had settled in Lingshui Li'an International "
     "Education Innovation Pilot Zone.",
     [("lingshui-lian", "enterprises", 640, "count", "actual", "exact", None)]),
    # --- since the start of this year
    ("zh", "2024-09-10", "今年以来，湾岭农产品加工物流园新增签约项目15个。",
     [("wanling-logistics", "projects_signed", 15, "count", "actual", "exact", "2024-01..2024-09")]),
    # --- running totals, "since" periods, spelled-out and ranged numbers (held-out review, v1.1)
    ("en", "2024-07-15", "Five more enterprises settled in the Guangdong-Hainan Advanced Manufacturing Cooperation "
     "Industrial Park on July 12, bringing the number of landed enterprises to 50.",
     [("gd-hn-manufacturing", "enterprises", 5, "count", "actual", "exact", "2024-07..2024-07"),
      ("gd-hn-manufacturing", "enterprises", 50, "count", "actual", "exact", None)]),
    ("en", "2019-11-05", "Since the pilot free trade zone was approved in October last year, the Yangpu Economic "
     "Development Zone has signed 86 projects.",
     [("yangpu", "projects_signed", 86, "count", "actual", "exact", "2018-10..2019-11")]),
    ("en", "2023-03-03", "Haikou Jiangdong New Area signed 12 projects on Wednesday, bringing the total number of "
     "projects signed since the start of the year to 47.",
     [("jiangdong", "projects_signed", 12, "count", "actual", "exact", "2023-03..2023-03"),
      ("jiangdong", "projects_signed", 47, "count", "actual", "exact", "2023-01..2023-03")]),
    ("en", "2022-05-20", "Twenty-seven projects have landed in the Lecheng pilot zone so far, and a dozen new "
     "enterprises registered there in April alone.",
     [("boao-lecheng", "projects_landed", 27, "count", "actual", "exact", None),
      ("boao-lecheng", "enterprises", 12, "count", "actual", "exact", "2022-04..2022-04")]),
    ("en", "2024-07-15", "The Guangdong-Hainan Cooperation Industrial Park has signed 64 projects since it broke "
     "ground in January 2023, of which 41 have landed.",
     [("gd-hn-manufacturing", "projects_signed", 64, "count", "actual", "exact", None),
      ("gd-hn-manufacturing", "projects_landed", 41, "count", "actual", "exact", None)]),
    ("en", "2023-11-08", "Once in operation, Yazhou Bay Sci-Tech City's new projects are expected to generate "
     "annual output value of 3 to 5 billion yuan.",
     [("yazhou-bay", "output_value", 3e9, "CNY", "target", "at_least", None)]),
    ("en", "2024-10-30", "Yangpu's revenue reached 186.5 billion yuan in the first three quarters.\n"
     "Fixed-asset investment in the zone reached 31.2 billion yuan during the period.",
     [("yangpu", "investment_completed", 3.12e10, "CNY", "actual", "exact", "2024-01..2024-09"),
      ("yangpu", "revenue", 186500000000, "CNY", "actual", "exact", "2024-01..2024-09")]),
    ("en", "2023-07-21", "Hainan Ecological Software Park and Haikou Fuxing City reported growth. The software park "
     "added 1,240 enterprises in the first half.",
     [("software-park", "enterprises", 1240, "count", "actual", "exact", "2023-01..2023-06")]),
    ("zh", "2025-01-15", "2024年，海口江东新区新增市场主体1.2万户，全年新引进企业2876家，其中总部企业86家。",
     [("jiangdong", "enterprises", 12000, "count", "actual", "exact", "2024"),
      ("jiangdong", "enterprises", 86, "count", "actual", "exact", "2024"),
      ("jiangdong", "enterprises", 2876, "count", "actual", "exact", "2024")]),
    ("zh", "2023-05-15", "另外，儋州木棠工业园今年以来新签约项目6个，总投资9.8亿元。",
     [("zh:儋州木棠工业园", "projects_signed", 6, "count", "actual", "exact", "2023-01..2023-05"),
      ("zh:儋州木棠工业园", "investment_total", 980000000, "CNY", "actual", "exact", "2023-01..2023-05")]),
    ("zh", "2025-06-20", "本报海口6月19日讯 今年以来，粤琼产业园新签约项目53个，其中已落地项目38个，开工项目26个。",
     [("gd-hn-manufacturing", "projects_signed", 53, "count", "actual", "exact", "2025-01..2025-06"),
      ("gd-hn-manufacturing", "projects_landed", 38, "count", "actual", "exact", None),
      ("gd-hn-manufacturing", "projects_started", 26, "count", "actual", "exact", None)]),
    ("zh", "2024-10-28", "9月26日，洋浦第三批重点项目集中开工，共22个项目，总投资86亿元。下一步，洋浦将力争全年营收突破2500亿元。",
     [("yangpu", "projects_started", 22, "count", "actual", "exact", "2024-09..2024-09"),
      ("yangpu", "investment_total", 8.6e9, "CNY", "actual", "exact", "2024-09..2024-09"),
      ("yangpu", "revenue", 2.5e11, "CNY", "target", "at_least", "2024")]),
    ("zh", "2023-07-28", "根据计划，第三季度文昌国际航天城将开工项目10个。",
     [("wenchang-aerospace", "projects_started", 10, "count", "target", "exact", "2023-07..2023-09")]),
    ("zh", "2021-10-26", "前三季度，海南生態軟件園、海口復興城互聯網信息產業園分別實現營收1120億元、486億元，稅收分別為38.5億元、16.2億元。",
     [("fuxing-city", "revenue", 4.86e10, "CNY", "actual", "exact", "2021-01..2021-09"),
      ("fuxing-city", "tax_revenue", 1.62e9, "CNY", "actual", "exact", "2021-01..2021-09"),
      ("software-park", "revenue", 112000000000, "CNY", "actual", "exact", "2021-01..2021-09"),
      ("software-park", "tax_revenue", 3850000000, "CNY", "actual", "exact", "2021-01..2021-09")]),
    # --- second blind round (v1.2): verbs and nouns of real English wire copy, parts of a whole
    ("en", "2024-06-07", "Haikou Comprehensive Bonded Zone posted imports and exports worth 9.4 billion yuan in January-April.",
     [("haikou-bonded-zone", "trade_value", 9.4e9, "CNY", "actual", "exact", "2024-01..2024-04")]),
    ("en", "2024-07-20", "Sanya CBD's tax contribution reached 2.2 billion yuan in the first half.",
     [("sanya-cbd", "tax_revenue", 2.2e9, "CNY", "actual", "exact", "2024-01..2024-06")]),
    ("en", "2024-07-20", "Yangpu registered 2,310 new enterprises in the first half, 204 of which were foreign-funded.",
     [("yangpu", "enterprises", 2310, "count", "actual", "exact", "2024-01..2024-06"),
      ("yangpu", "enterprises", 204, "count", "actual", "exact", "2024-01..2024-06")]),
    ("en", "2024-06-10", "Haikou Fuxing City is now home to 4,800 enterprises, 350 of which moved in during the first five months.",
     [("fuxing-city", "enterprises", 4800, "count", "actual", "exact", None),
      ("fuxing-city", "enterprises", 350, "count", "actual", "exact", "2024-01..2024-05")]),
    ("en", "2024-06-10", "About 900 enterprises operate in the Laocheng Economic Development Zone, including 75 with foreign capital.",
     [("laocheng", "enterprises", 900, "count", "actual", "approx", None),
      ("laocheng", "enterprises", 75, "count", "actual", "exact", None)]),
    ("en", "2024-03-18", "The Lingshui Li'an International Education Innovation Pilot Zone signed 20 projects on March 15. "
     "Among the signed projects, seven come from the education sector.",
     [("lingshui-lian", "projects_signed", 7, "count", "actual", "exact", "2024-03..2024-03"),
      ("lingshui-lian", "projects_signed", 20, "count", "actual", "exact", "2024-03..2024-03")]),
    ("en", "2024-05-10", "On May 8, Wenchang International Aerospace City started construction of 14 projects.\n"
     "Six of them are satellite manufacturing projects, with a total investment of 3.2 billion yuan.",
     [("wenchang-aerospace", "projects_started", 6, "count", "actual", "exact", "2024-05..2024-05"),
      ("wenchang-aerospace", "investment_total", 3.2e9, "CNY", "actual", "exact", "2024-05..2024-05"),
      ("wenchang-aerospace", "projects_started", 14, "count", "actual", "exact", "2024-05..2024-05")]),
    ("en", "2024-12-11", "On Tuesday, Yangpu Economic Development Zone and Haikou Jiangdong New Area signed 21 and 17 "
     "projects respectively.",
     [("yangpu", "projects_signed", 21, "count", "actual", "exact", "2024-12..2024-12"),
      ("jiangdong", "projects_signed", 17, "count", "actual", "exact", "2024-12..2024-12")]),
    ("en", "2024-06-10", "The number of enterprises registered in Hainan Ecological Software Park has exceeded 15,000.",
     [("software-park", "enterprises", 15000, "count", "actual", "at_least", None)]),
    ("en", "2024-06-10", "Over 160 pharmaceutical and medical device enterprises are operating in Boao Lecheng.",
     [("boao-lecheng", "enterprises", 160, "count", "actual", "at_least", None)]),
    ("en", "2024-02-10", "Haikou National High-tech Zone plans to complete 15 projects this year.",
     [("haikou-hitech-zone", "projects_completed", 15, "count", "target", "exact", "2024")]),
    ("en", "2024-07-30", "Haikou Fuxing City's revenue reached 9 billion yuan in the first half.\nHainan Ecological Software "
     "Park reported revenue of 40 billion yuan and tax revenue of 2 billion yuan over the same period.",
     [("software-park", "revenue", 4e10, "CNY", "actual", "exact", "2024-01..2024-06"),
      ("software-park", "tax_revenue", 2e9, "CNY", "actual", "exact", "2024-01..2024-06"),
      ("fuxing-city", "revenue", 9000000000, "CNY", "actual", "exact", "2024-01..2024-06")]),
    ("en", "2024-07-20", "In the first half, Laocheng Economic Development Zone introduced 18 projects, of which 9 have been "
     "put into production, and its enterprises realized an output value of 30 billion yuan.",
     [("laocheng", "projects_landed", 18, "count", "actual", "exact", "2024-01..2024-06"),
      ("laocheng", "projects_completed", 9, "count", "actual", "exact", None),
      ("laocheng", "output_value", 3e10, "CNY", "actual", "exact", "2024-01..2024-06")]),
    # change detection relies on this one staying cumulative
    ("en", "2024-07-04", "The Guangdong-Hainan Advanced Manufacturing Cooperation Industrial Park in Haikou has landed 27 "
     "projects since construction started in January",
     [("gd-hn-manufacturing", "projects_landed", 27, "count", "actual", "exact", None)]),
    ("zh", "2024-04-15", "4月12日，海口国家高新区现场签约项目25个。其中，外资项目8个。",
     [("haikou-hitech-zone", "projects_signed", 25, "count", "actual", "exact", "2024-04..2024-04"),
      ("haikou-hitech-zone", "projects_signed", 8, "count", "actual", "exact", "2024-04..2024-04")]),
    ("zh", "2024-06-08", "6月6日，三亚崖州湾科技城2024年招商推介会在上海举行，现场签约项目30个。",
     [("yazhou-bay", "projects_signed", 30, "count", "actual", "exact", "2024-06..2024-06")]),
    ("zh", "2024-04-20", "一季度，洋浦新增市场主体1200户，截至3月底区内市场主体达4万户；实际利用外资1.5亿美元。",
     [("yangpu", "enterprises", 40000, "count", "actual", "exact", None),
      ("yangpu", "foreign_capital", 1.5e8, "USD", "actual", "exact", "2024-01..2024-03"),
      ("yangpu", "enterprises", 1200, "count", "actual", "exact", "2024-01..2024-03")]),
    ("zh", "2024-06-20", "今年1-5月，海口国家高新区实现税收20亿元。园区现有企业2万家，其中高新技术企业500家。",
     [("haikou-hitech-zone", "tax_revenue", 2000000000, "CNY", "actual", "exact", "2024-01..2024-05"),
      ("haikou-hitech-zone", "enterprises", 20000, "count", "actual", "exact", None)]),
    ("zh", "2024-07-25", "海南生态软件园上半年实现营收900亿元。同期，海口复兴城互联网信息产业园实现营收80亿元。\n"
     "园区相关负责人表示，下半年将力争新引进企业800家。",
     [("software-park", "enterprises", 800, "count", "target", "exact", "2024-07..2024-12"),
      ("software-park", "revenue", 90000000000, "CNY", "actual", "exact", "2024-01..2024-06"),
      ("fuxing-city", "revenue", 8000000000, "CNY", "actual", "exact", "2024-01..2024-06")]),
    # --- v1.4 (third blind round): parts, plans and periods of wire and translated copy
    ("en", "2024-09-02", "Haikou Jiangdong New Area signed 12 projects on August 30. It is understood that, among the "
     "contracted projects, 7 are from Singapore, and 5 are from the UAE.",
     [("jiangdong", "projects_signed", 7, "count", "actual", "exact", "2024-08..2024-08"),
      ("jiangdong", "projects_signed", 5, "count", "actual", "exact", "2024-08..2024-08"),
      ("jiangdong", "projects_signed", 12, "count", "actual", "exact", "2024-08..2024-08")]),
    ("en", "2024-06-20", "Dongfang Lingang Industrial Park has introduced 14 projects since 2022. Five of them have been "
     "put into production.",
     [("dongfang-lingang", "projects_landed", 14, "count", "actual", "exact", "2022-01..2024-06"),
      ("dongfang-lingang", "projects_completed", 5, "count", "actual", "exact", None)]),
    ("en", "2024-08-15", "So far this year, Haikou Comprehensive Bonded Zone has completed fixed-asset investment of 4.1 "
     "billion yuan, and 65 new enterprises have settled in.",
     [("haikou-bonded-zone", "investment_completed", 4.1e9, "CNY", "actual", "exact", "2024-01..2024-08"),
      ("haikou-bonded-zone", "enterprises", 65, "count", "actual", "exact", "2024-01..2024-08")]),
    ("en", "2024-04-11", "Yangpu Economic Development Zone's registered enterprises now number more than 9,000.",
     [("yangpu", "enterprises", 9000, "count", "actual", "at_least", None)]),
    ("en", "2024-02-21", "HAIKOU, Feb. 20 (Xinhua) -- Sanya Central Business District posted revenue of 60 billion yuan in 2023.\n"
     "The district paid 2.5 billion yuan in taxes, officials said.",
     [("sanya-cbd", "tax_revenue", 2.5e9, "CNY", "actual", "exact", "2023"),
      ("sanya-cbd", "revenue", 60000000000, "CNY", "actual", "exact", "2023")]),
    ("en", "2024-01-25", "In 2024, we will push Yangpu to raise output value, and strive for 20 projects to be started in "
     "Haikou Jiangdong New Area.",
     [("jiangdong", "projects_started", 20, "count", "target", "exact", "2024")]),
    ("en", "2024-03-05", "Sanya Yazhou Bay Science and Technology City plans to attract another 900 enterprises and complete "
     "investment of 8 billion yuan in 2024.",
     [("yazhou-bay", "enterprises", 900, "count", "target", "exact", "2024"),
      ("yazhou-bay", "investment_completed", 8e9, "CNY", "target", "exact", "2024")]),
    ("zh", "2024-05-08", "4月28日，海口江东新区举行二季度项目集中开工活动，集中开工项目16个，总投资82亿元，年度计划投资31亿元。",
     [("jiangdong", "projects_started", 16, "count", "actual", "exact", "2024-04..2024-04"),
      ("jiangdong", "investment_total", 3.1e9, "CNY", "target", "exact", "2024"),
      ("jiangdong", "investment_total", 8200000000, "CNY", "actual", "exact", "2024-04..2024-04")]),
    ("zh", "2024-01-26", "过去一年，13个重点园区实现营业收入2.1万亿元。", [("key-parks", "revenue", 2.1e12, "CNY", "actual", "exact", "2023")]),
    ("zh", "2024-09-10", "截至8月底，江东新区累计注册经营主体超过4万户。",
     [("jiangdong", "enterprises", 40000, "count", "actual", "at_least", None)]),
    # --- a conversion in brackets is not a figure of its own
    ("en", "2023-01-11", "Revenue of Sanya CBD reached 80 billion yuan ($11.8 billion) in 2022.",
     [("sanya-cbd", "revenue", 8e10, "CNY", "actual", "exact", "2022")]),
    # --- v1.5: "U.S. dollars"; a plan's cue stops at a clause that reports a result
    ("en", "2025-03-06", "Hainan Ecological Software Park actually used 75 million U.S. dollars of foreign capital in 2024.",
     [("software-park", "foreign_capital", 7.5e7, "USD", "actual", "exact", "2024")]),
    ("en", "2024-12-20", "This year, the output value of Haikou National High-tech Zone is estimated at 80 billion yuan, "
     "and its tax revenue reached 6.9 billion yuan in the first 11 months.",
     [("haikou-hitech-zone", "output_value", 8e10, "CNY", "target", "exact", "2024"),
      ("haikou-hitech-zone", "tax_revenue", 6.9e9, "CNY", "actual", "exact", "2024-01..2024-11")]),
    # --- v1.5: "for the year" is the year the story is in; "the parks" after the key parks are the key parks
    ("en", "2025-01-09", "Dongfang Lingang Industrial Park put 6 projects into production in the fourth quarter. "
     "The park reported output value of 25 billion yuan for the year.",
     [("dongfang-lingang", "projects_completed", 6, "count", "actual", "exact", "2024-10..2024-12"),
      ("dongfang-lingang", "output_value", 2.5e10, "CNY", "actual", "exact", "2024")]),
    ("en", "2025-04-28", "The 13 key parks of Hainan posted revenue of 400 billion yuan in the first quarter. "
     "Hainan Laocheng Economic Development Zone signed 20 projects. Officials said the parks are scheduled to "
     "start construction of more than 100 projects by June.",
     [("key-parks", "projects_started", 100, "count", "target", "at_least", None),
      ("key-parks", "revenue", 400000000000, "CNY", "actual", "exact", "2025-01..2025-03"),
      ("laocheng", "projects_signed", 20, "count", "actual", "exact", "2025-01..2025-03")]),
    # --- v1.5: "记者从…获悉" dates the telling, not a signing; the story's year stands
    ("zh", "2025-01-08", "1月7日，记者从三亚崖州湾科技城管理局获悉，2024年，科技城实现营业收入1000亿元。"
     "深海科技城片区新签约项目30个。",
     [("yazhou-bay", "projects_signed", 30, "count", "actual", "exact", "2024"),
      ("yazhou-bay", "revenue", 100000000000, "CNY", "actual", "exact", "2024")]),
    # --- v1.5: an area restated in another unit is one figure
    ("en", "2025-01-16", "Lingshui Li'an International Education Innovation Pilot Zone covers about 15,000 mu, "
     "or 10 square kilometers.",
     [("lingshui-lian", "planning_area", 10, "km2", "actual", "approx", None)]),
    # --- v1.7: "market players"; "put N projects into operation"
    ("en", "2024-12-10", "Hainan Ecological Software Park now has more than 4,000 market players.",
     [("software-park", "enterprises", 4000, "count", "actual", "at_least", None)]),
    # --- v1.7: a planned investment is a target
    ("en", "2024-03-02", "This year, Haikou Jiangdong New Area has 52 key projects with an annual planned investment of "
     "21 billion yuan.",
     [("jiangdong", "investment_total", 2.1e10, "CNY", "target", "exact", "2024")]),
    # --- v1.7: "-plus" is a lower bound
    ("en", "2024-12-10", "In Hainan Ecological Software Park, 16,000-plus companies have registered.",
     [("software-park", "enterprises", 16000, "count", "actual", "at_least", None)]),
    # --- v1.7: "from X to Y" gives Y; the value before the change is no figure
    ("en", "2024-12-10", "Haikou Fuxing City's tax revenue climbed 18 percent from 2.2 billion yuan to 2.6 billion yuan in 2024.",
     [("fuxing-city", "tax_revenue", 2.6e9, "CNY", "actual", "exact", "2024")]),
    ("zh", "2024-12-10", "今年前三季度，海口复兴城互联网信息产业园税收从22亿元增至26亿元。",
     [("fuxing-city", "tax_revenue", 2.6e9, "CNY", "actual", "exact", "2024-01..2024-09")]),
    # --- v1.9: the parts of fixed-asset investment ("fixed investment", government / social investment)
    ("en", "2024-08-20", "Haikou Jiangdong New Area moved fast. In June the area logged a fixed investment of 3.1 "
     "billion yuan. For the first half the area's fixed asset investment came to 18.2 billion yuan: private investment "
     "stood at 9.8 billion yuan and government investment at 8.4 billion yuan.",
     [("jiangdong", "investment_completed", 3.1e9, "CNY", "actual", "exact", "2024-06..2024-06"),
      ("jiangdong", "investment_completed", 1.82e10, "CNY", "actual", "exact", "2024-01..2024-06"),
      ("jiangdong", "investment_completed", 8.4e9, "CNY", "actual", "exact", "2024-01..2024-06"),
      ("jiangdong", "investment_completed", 9.8e9, "CNY", "actual", "exact", "2024-01..2024-06")]),
    # --- v1.9: a cue after a conversion in brackets still names the amount
    ("en", "2025-03-01", "Wenchang International Aerospace City aims to earn 12 billion yuan ($1.7 billion) in revenue "
     "by 2027.",
     [("wenchang-aerospace", "revenue", 1.2e10, "CNY", "target", "exact", "2027")]),
    # --- v1.9: "and" opens the number's own clause: its verb is after it, not the one before
    ("en", "2024-06-01", "In Wenchang International Aerospace City, 18 units signed contracts and 95 companies settled "
     "in the aerospace city.",
     [("wenchang-aerospace", "projects_signed", 18, "count", "actual", "exact", None),
      ("wenchang-aerospace", "enterprises", 95, "count", "actual", "exact", None)]),
    # --- v1.9: a year told after the day of a speech dates the events that follow; "近一年来" is a running total
    ("zh", "2022-01-29", "1月28日，海口市市长作政府工作报告。\n2021年，海口经济持续向好。海口国家高新区签约落地产业项目35个。",
     [("haikou-hitech-zone", "projects_signed", 35, "count", "actual", "exact", "2021")]),
    ("zh", "2019-05-25", "2018年6月3日，江东新区正式设立。近一年来，海口确定并启动了8个基础设施先导性项目。",
     [("jiangdong", "projects_started", 8, "count", "actual", "exact", None)]),
    # --- v1.9: a goal is a target, and "by 2027" is its period
    ("en", "2025-03-01", "Officials set Wenchang International Aerospace City the goal to earn revenue of 8 billion "
     "yuan by 2027.",
     [("wenchang-aerospace", "revenue", 8e9, "CNY", "target", "exact", "2027")]),
    ("en", "2024-11-20", "By the end of 2025, 12 more hospitals will open in the Boao Lecheng pilot zone.",
     [("boao-lecheng", "enterprises", 12, "count", "target", "exact", "2025")]),
    ("zh", "2024-11-20", "1-10月，洋浦经济开发区完成固定资产投资300亿元，其中社会投资190亿元、政府投资110亿元。",
     [("yangpu", "investment_completed", 3e10, "CNY", "actual", "exact", "2024-01..2024-10"),
      ("yangpu", "investment_completed", 1.9e10, "CNY", "actual", "exact", "2024-01..2024-10"),
      ("yangpu", "investment_completed", 1.1e10, "CNY", "actual", "exact", "2024-01..2024-10")]),
    ("en", "2023-05-10", "Investments in fixed assets in the Haikou Jiangdong New Area amounted to 6.1 billion yuan in "
     "January-March.",
     [("jiangdong", "investment_completed", 6.1e9, "CNY", "actual", "exact", "2023-01..2023-03")]),
    # --- v1.9: "Of the total, …" and "… to the total": shares of the money figure read last
    ("en", "2024-08-01", "Hainan actually utilized 14.1 billion yuan of foreign capital in the first half. Of the total, "
     "Haikou Jiangdong New Area attracted 2.9 billion yuan, while Sanya Yazhou Bay Science and Technology City "
     "attracted 0.9 billion yuan.",
     [("jiangdong", "foreign_capital", 2.9e9, "CNY", "actual", "exact", "2024-01..2024-06"),
      ("yazhou-bay", "foreign_capital", 9e8, "CNY", "actual", "exact", "2024-01..2024-06")]),
    ("en", "2024-11-20", "Hainan's foreign trade volume reached 221 billion yuan in the first ten months. Exports grew 20 "
     "percent to 80 billion yuan. The Yangpu Economic Development Zone contributed 91.2 billion yuan to the total.",
     [("yangpu", "trade_value", 9.12e10, "CNY", "actual", "exact", "2024-01..2024-10")]),
    # --- v1.9: "from X in 2020 to Y": Y is the figure, of Y's year (no range "2020 to 36.5 billion")
    ("en", "2024-11-20", "Haikou Jiangdong New Area's fixed-asset investment grew from 9.8 billion yuan in 2020 to 35.2 "
     "billion yuan in 2023.",
     [("jiangdong", "investment_completed", 3.52e10, "CNY", "actual", "exact", "2023")]),
    # --- v1.9: "over the same period last year" is the base of a comparison, not the period told next
    ("en", "2024-10-20", "From January to September, Haikou Comprehensive Bonded Zone's import and export value was 23.1 "
     "billion yuan, up 17% over the same period last year. The zone realized operating income of 50.2 billion yuan.",
     [("haikou-bonded-zone", "trade_value", 2.31e10, "CNY", "actual", "exact", "2024-01..2024-09"),
      ("haikou-bonded-zone", "revenue", 5.02e10, "CNY", "actual", "exact", "2024-01..2024-09")]),
    # --- v1.9: projects that "started operation" are completed, not started
    ("en", "2024-10-20", "Haikou Comprehensive Bonded Zone has signed 35 projects, and 19 of them have started "
     "operation.",
     [("haikou-bonded-zone", "projects_signed", 35, "count", "actual", "exact", None),
      ("haikou-bonded-zone", "projects_completed", 19, "count", "actual", "exact", None)]),
    # --- v1.9: the projects' sum of investment is no bar of size
    ("en", "2025-04-17", "Dongfang Lingang Industrial Park has introduced 24 projects with a total investment of more than "
     "90 billion yuan since 2021.",
     [("dongfang-lingang", "projects_landed", 24, "count", "actual", "exact", "2021-01..2025-04"),
      ("dongfang-lingang", "investment_total", 9e10, "CNY", "actual", "at_least", "2021-01..2025-04")]),
    # --- v1.9: a second predicate of the subject ("and is set to …") makes no plan of the number
    ("en", "2024-12-01", "Wenchang International Aerospace City is home to nearly 700 satellite firms today and is "
     "set to become their national hub.",
     [("wenchang-aerospace", "enterprises", 700, "count", "actual", "approx", None)]),
    # --- v1.10: a period after "A and B respectively" dates both; a counted noun reaching a number counts it
    ("en", "2024-08-02", "Haikou Fuxing City and Sanya Central Business District earned tax revenue of 2.4 billion yuan "
     "and 3.9 billion yuan respectively during the first seven months.",
     [("fuxing-city", "tax_revenue", 2.4e9, "CNY", "actual", "exact", "2024-01..2024-07"),
      ("sanya-cbd", "tax_revenue", 3.9e9, "CNY", "actual", "exact", "2024-01..2024-07")]),
    ("en", "2025-01-15", "Newly registered market entities in Haikou Jiangdong New Area exceeded 11,000 in 2024.",
     [("jiangdong", "enterprises", 11000, "count", "actual", "at_least", "2024")]),
    # --- v1.10: a list of parks with their amounts in brackets: each amount is the name's before it, not a
    # conversion of the one before, and takes the cue that heads the list
    ("zh", "2024-02-01", "2023年，税收超50亿元的园区有：海口江东新区（98.3亿元）、三亚中央商务区（86.5亿元）。",
     [("jiangdong", "tax_revenue", 9.83e9, "CNY", "actual", "exact", "2023"),
      ("sanya-cbd", "tax_revenue", 8.65e9, "CNY", "actual", "exact", "2023")]),
    ("en", "2024-02-01", "In 2023, the parks with tax revenue above 5 billion yuan were Haikou Jiangdong New Area (9.83 "
     "billion yuan) and Sanya Central Business District (8.65 billion yuan).",
     [("jiangdong", "tax_revenue", 9.83e9, "CNY", "actual", "exact", "2023"),
      ("sanya-cbd", "tax_revenue", 8.65e9, "CNY", "actual", "exact", "2023")]),
]


@pytest.mark.parametrize(("lang", "published", "text", "expected"), FIGURES, ids=[row[2][:40] for row in FIGURES])
def test_figures(lang, published, text, expected):
    figures = run(text, lang, published)
    for park, metric, value, unit, qualifier, bound, period in expected:
        figure = find(figures, metric, value, park) or find(figures, metric, value)
        assert figure is not None, f"{metric} {value} not in {figures}"
        assert (figure["park"], figure["unit"], figure["qualifier"], figure["bound"], figure["period"]) == \
            (park, unit, qualifier, bound, period)
    # nothing else is read from the sentence: every figure extracted is one of the row's
    extra = [f for f in figures if not any(f["metric"] == metric and abs(f["value"] - value) <= 0.005 * abs(value)
                                           for _, metric, value, *_ in expected)]
    assert not extra, f"not in the row: {extra}"


# Numbers that are not figures (METRICS.md): (lang, text, values that must not come out)
NOT_FIGURES = [
    ("en", "Yangpu Economic Development Zone's revenue grew by 12.5% year on year, ranking 2nd among the key parks.",
     [12.5, 2]),
    ("zh", "洋浦经济开发区营收同比增长12.5%，增速居重点园区第2位。", [12.5, 2]),
    ("en", "Haikou Jiangdong New Area received 35,000 visitors and held 16 investment events in 2023.", [35000, 16, 2023]),
    ("zh", "海口江东新区全年接待游客3.5万人次，举办招商活动16场。", [35000, 16]),
    # a designation's new count and its total; enterprises above designated size in a sector
    ("zh", "海口国家高新区今年新增国家级专精特新“小巨人”企业5家，总数增至25家。", [5, 25]),
    ("zh", "海口国家高新区目前共有规上工业企业150家。", [150]),
    ("en", "Yangpu Economic Development Zone's port handled 2.1 million TEUs and its trade value hit 100 billion yuan.",
     [2.1e6]),
    # money in a currency METRICS.md does not have
    ("en", "The Yangpu Economic Development Zone's revenue reached 17 billion rubles.", [1.7e10]),
    ("en", "The Yangpu Economic Development Zone's revenue reached HK$2 billion.", [2e9]),
    ("en", "Haikou Jiangdong New Area attracted €300 million of investment.", [3e8]),
    ("en", "The Yangpu Economic Development Zone handled 45 million metric tons of cargo, worth 80 billion yuan in trade.",
     [4.5e7]),
    ("en", "Officials of the Haikou National High-tech Zone went to Guangdong 21 times.", [21]),
    ("zh", "海口国家高新区先后21次赴粤招商，建成道路12条。", [21, 12]),
    ("en", "Hainan's GDP reached 756 billion yuan, and Haikou city's GDP 214 billion yuan.", [7.56e11, 2.14e11]),
    ("zh", "海南省地区生产总值7566亿元，海口市财政收入185亿元。", [7.566e11, 1.85e10]),
    ("en", "The Yazhou Bay Science and Technology City has a floor space of 2 million square meters.", [2e6, 2]),
    ("zh", "三亚崖州湾科技城建筑面积200万平方米。", [2e6, 200]),
    ("zh", "临高县今年签约项目25个，总投资33亿元。", [25, 3.3e9]),
    ("en", "The Yangpu Economic Development Zone was set up in 1992 and expanded in 2007.", [1992, 2007]),
    # a ceremony's host is not the owner of what is signed there
    ("en", "A provincial signing ceremony held at the Wenchang International Aerospace City on Tuesday saw 36 "
     "projects signed, with a total investment of 52 billion yuan.", [36, 5.2e10]),
    ("zh", "3月17日，全省重点项目集中签约活动在海口江东新区举行。本次集中签约项目35个，签约金额120亿元。", [35, 1.2e10]),
    ("en", "Haikou Jiangdong New Area grew fast. Over 40 companies from the Fortune Global 500 list have set up "
     "offices in Haikou.", [40, 500]),
    ("en", "Hainan Ecological Software Park and Haikou Fuxing City grew. The two parks paid taxes of 4.6 billion "
     "yuan combined.", [4.6e9]),
    ("zh", "乐城先行区已累计引进特许药械品种300余个，一季度共有12家企业享受该政策。", [300, 12]),
    ("zh", "文昌国际航天城目前已出让产业用地2800余亩。", [2800 / 1500]),
    ("en", "Hainan's foreign trade reached 247 billion yuan, said officials of Yangpu.", [2.47e11]),
    ("zh", "文昌国际航天城超算中心项目占地约120亩。", [120 / 1500]),
    ("en", "The Lingshui Li'an pilot zone has introduced 60 projects, including 12 universities.", [12]),
    ("en", "Haikou Fuxing City is home to 4,800 enterprises, 350 of which moved in during the first five months.", [5]),
    # v1.4: what is counted is no project or enterprise, or no park's
    ("zh", "乐城先行区已引进特许药械品种累计超过300个，其中今年新增引进70个。", [300, 70]),
    ("zh", "崖州湾科技城引进高校和科研院所20家，建成各类实验室30个。", [20, 30]),
    ("zh", "金牌港开发区已建成泊位3个，海南今年将新增离岛免税店2家。", [3, 2]),
    ("zh", "海口国家高新区园区企业1200家，其中高新技术企业200家，药谷工业园拥有药品批准文号1800余个。", [1800]),
    ("zh", "海口国家高新区上半年新增国家级专精特新“小巨人”企业4家。", [4]),
    ("zh", "三亚崖州湾科技城南繁育种基地面积20万亩。", [200000 / 1500]),
    ("en", "The Laocheng zone's 900 mu of standard factory buildings will be completed this year.", [0.6]),
    ("en", "So far, 30 companies in Haikou Comprehensive Bonded Zone have enjoyed the policy, and goods worth 9 billion "
     "yuan have been sold to the mainland.", [30, 9e9]),
    ("en", "More than 150 pharmaceutical companies have established cooperation with the Boao Lecheng pilot zone.", [150]),
    ("en", "Dongfang Lingang Industrial Park has introduced 14 projects since 2022.", [2022]),
    ("zh", "洋浦经济开发区、海口江东新区分别完成固定资产投资300亿元、250亿元。全年新增经营主体50万户。", [500000]),
    # v1.5: a group the subject is one of; a site or a reserve inside a park is not its area
    ("en", "Yangpu Economic Development Zone hosted a forum, where a refinery manager, one of 12 firms invited, spoke.", [12]),
    ("en", "Wenchang International Aerospace City has a rocket plant on a 300-mu site.", [0.2]),
    ("en", "Dongfang Lingang Industrial Park has 1,200 hectares set aside for hydrogen.", [12]),
    # v1.7: a designation's count (high-tech enterprises) is not the park's enterprises, nor a part of them
    ("en", "The high-tech zone is home to more than 6,800 enterprises, including 320 high-tech enterprises.", [320]),
    ("zh", "海口国家高新区高新技术企业总数达650家。", [650]),
    # v1.7: the area a campus covers is the campus's, not the park's planning area
    ("en", "Sanya Yazhou Bay Science and Technology City will build a seed laboratory campus covering 35 hectares.", [0.35]),
    # v1.7: research institutes are no enterprises
    ("zh", "文昌国际航天城已集聚航天领域科研机构18家。", [18]),
    # v1.7: a bare number after a count verb with a noun of its own counts that noun
    ("en", "Lingshui Li'an pilot zone has signed 14 projects and attracted 6,000 students.", [6000]),
    # v1.9: a rate per hectare or per head is no total
    ("en", "Land in Haikou National High-tech Zone goes to plants investing at least 40 million yuan per hectare "
     "and yielding output of 80 million yuan a hectare.", [4e7, 8e7]),
    ("zh", "海口国家高新区入园项目亩均投资强度不低于300万元，亩均税收不低于20万元。", [3e6, 2e5]),
    # v1.9: the site named right after a venue park is the venue too
    ("zh", "11月18日，全省第四批重点项目集中开工活动举行，主会场设在海口国家高新区美安生态科技新城。此次集中开工项目共"
     "118个，总投资520亿元。", [118, 5.2e10]),
    # v1.9: the base of a comparison is no figure
    ("en", "By September, Sanya Yazhou Bay Science and Technology City had 12,100 registered companies, up from just 280 "
     "in 2019.", [280]),
    ("en", "Haikou Fuxing City's tax revenue reached 2.6 billion yuan in 2024, compared with 1.3 billion yuan in 2021.",
     [1.3e9]),
    # v1.9: a city as the subject: the city's count, though a park is named later in the sentence
    ("en", "Haikou signed 64 projects with a total investment of 41 billion yuan at the expo, with 20 of them to be "
     "located in the Haikou Jiangdong New Area.", [64, 4.1e10]),
    # v1.9: enterprises that used a service are no count of the park's; listed companies are a designation
    ("en", "Over 1,100 enterprises in the Yangpu Economic Development Zone have used cross-border financing.", [1100]),
    ("en", "Haikou National High-tech Industrial Development Zone is home to 3 listed companies.", [3]),
    # v1.9: a class of enterprises or projects by a bar of size they clear, and the bar, are no figures
    ("en", "Yangpu Economic Development Zone has 34 enterprises with annual revenue above 1 billion yuan.", [34, 1e9]),
    ("zh", "洋浦经济开发区营收超10亿元的企业34家，今年新开工亿元以上项目28个。", [34, 1e9, 28]),
    # v1.9: a park that names a relation of the subject, a group the park is one of
    ("en", "Danzhou, Yangpu's neighbour, recorded industrial output of 80 billion yuan.", [8e10]),
    ("en", "Yangpu Economic Development Zone is one of the 13 key parks, which together generated revenue of 2 "
     "trillion yuan.", [2e12]),
    # v1.9: a park coordinated with a name the gazetteer does not know shares the total with it
    ("en", "Laocheng Pak and Yangpu Zone together collected tax revenue of $2.9 billion.", [2.9e9]),
    # v1.10: the number of anything but enterprises or projects is no count of the park's, after a count or not
    ("en", "Boao Lecheng International Medical Tourism Pilot Zone has attracted 42 medical institutions, and the number "
     "of medical tourists reached 280,000 in the first eight months.", [280000]),
    # v1.10: enterprises "above designated size" are a class by size, not the park's enterprises
    ("en", "Yangpu Economic Development Zone's 146 industrial enterprises above designated size contributed 92 percent "
     "of its output.", [146]),
    # v1.10: a noun reaching a number is a count only of enterprises, or of projects its verb names, and never a share
    ("en", "Exports by private firms in Yangpu Economic Development Zone rose to 12 percent of the total.", [12]),
    ("en", "The projects in Haikou Jiangdong New Area reached 30 after the expo.", [30]),
    # v1.9: a province-wide count whose ceremony's main venue was in a park is not the park's
    ("en", "Some 140 projects broke ground across the province on Monday; the main venue was the Meian Sci-Tech New "
     "Town in Haikou National High-tech Industrial Development Zone.", [140]),
]


@pytest.mark.parametrize(("lang", "text", "values"), NOT_FIGURES, ids=[row[1][:40] for row in NOT_FIGURES])
def test_not_figures(lang, text, values):
    figures = run(text, lang, "2024-03-01")
    got = {figure["value"] for figure in figures}
    assert not got & set(values), figures


def test_same_figure_twice_is_one():
    text = ("Haikou Fuxing City has attracted 1,500 enterprises. By now, the 1,500 enterprises in Haikou "
            "Fuxing City employ young people from all over China.")
    figures = run(text, "en")
    assert [f["value"] for f in figures if f["metric"] == "enterprises"] == [1500]


def test_headline_rounding_keeps_the_body_figure():
    text = "重点园区营收超1.8万亿元\n前三季度，海南自贸港13个重点园区实现营收18123.45亿元。"
    figures = run(text, "zh", "2024-11-06")
    revenue = [f for f in figures if f["metric"] == "revenue"]
    assert [f["value"] for f in revenue] == [1812345000000]
