"""A small Datasette plugin `serve` registers: the history of a park's metric opens as a chart.

datasette-vega draws a chart when the URL fragment names its columns; a link typed or shared
without the fragment would show only the table, so this script adds the fragment before the
chart code reads it (it runs at the end of the body, before DOMContentLoaded).
"""

from __future__ import annotations

import json
from typing import Any

from datasette import hookimpl

from monitor.publish.canned_queries import PARK_METRIC_HISTORY

PLUGIN_NAME = "hainan_monitor"


@hookimpl
def extra_body_script(request: Any) -> str:
    if request is None or not request.path.endswith("/" + PARK_METRIC_HISTORY.name):
        return ""
    if not (request.args.get("park") and request.args.get("metric")):
        return ""
    fragment = json.dumps(PARK_METRIC_HISTORY.chart)
    return f"if (!window.location.hash) {{ history.replaceState(null, '', window.location.href + {fragment}); }}"
