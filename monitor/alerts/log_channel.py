"""`[alerts.log]`: one JSON line per change in a file, and a readable line in the program log.

The file is for machines (tail -f, jq, a log shipper): each line is the `changes --json` record.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from db.store import utcnow
from monitor.alerts.channel import AlertChannel, ChannelError
from monitor.alerts.digest import park_title
from monitor.diff.change_view import ChangeView

log = logging.getLogger(__name__)
DEFAULT_PATH = "alerts.log"


class LogChannel(AlertChannel):
    kind = "log"

    def __init__(self, settings: dict[str, Any]) -> None:
        super().__init__(settings)
        self.path = Path(self.setting("path", str, DEFAULT_PATH)).expanduser()

    def send(self, changes: Sequence[ChangeView]) -> None:
        self._append(json.dumps(change.record(), ensure_ascii=False) for change in changes)
        for change in changes:
            log.info("alert: %s: %s %s", park_title(change.park), change.headline, change.article_url or "")

    def send_test(self) -> None:
        self._append([json.dumps({"kind": "test", "detected_at": utcnow().isoformat(timespec="seconds") + "Z"})])

    def _append(self, lines: Any) -> None:
        """Append and fsync: a line counts as delivered only once it is on disk."""
        try:
            with self.path.open("a", encoding="utf-8") as file:
                for line in lines:
                    file.write(line + "\n")
                file.flush()
                os.fsync(file.fileno())
        except OSError as exc:
            raise ChannelError(f"log: cannot write {self.path}: {exc.strerror or exc}") from exc
