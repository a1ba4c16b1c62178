"""`[alerts.feed]`: an Atom file of the newest changes, rewritten after each cycle.

For people who follow the changes in a feed reader rather than by email: point a web server (or
the reader itself, for a local file) at `path`. Each delivery adds the cycle's changes on top of
the entries already in the file and keeps the newest `entries`; the file is replaced atomically,
so a reader never sees half a feed.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from monitor.alerts.channel import AlertChannel, ChannelError
from monitor.config import ConfigError
from monitor.diff.change_view import ChangeView

DEFAULT_PATH = "changes.xml"


class FeedChannel(AlertChannel):
    kind = "feed"

    def __init__(self, settings: dict[str, Any]) -> None:
        from monitor.publish.atom_feed import DEFAULT_ENTRIES

        super().__init__(settings)
        self.path = Path(self.setting("path", str, DEFAULT_PATH)).expanduser()
        self.entries: int = self.setting("entries", int, DEFAULT_ENTRIES)
        if isinstance(self.entries, bool) or self.entries < 1:
            raise ConfigError(f"[alerts.feed] `entries` must be a positive whole number, not {self.entries!r}")
        #: The feed's public address, if it is served: readers use it to find the feed again.
        self.self_url: str | None = self.setting("url", str)

    def send(self, changes: Sequence[ChangeView]) -> None:
        from monitor.publish.atom_feed import FeedFileError, merge_entries, write_feed

        try:
            write_feed(merge_entries(self.path, changes, limit=self.entries, self_url=self.self_url), self.path)
        except FeedFileError as exc:
            raise ChannelError(f"feed: {exc}") from exc
        except OSError as exc:
            raise ChannelError(f"feed: cannot write {self.path}: {exc.strerror or exc}") from exc

    def send_test(self) -> None:
        """Check the file can be read and rewritten as it is: adds no entry."""
        self.send([])
