"""The alert-channel interface and its registry (urlwatch-style).

Each channel is one small class registered under the name of its configuration table
(`[alerts.email]` → `email`), built from that table, and asked to `send` a batch of changes.
A channel reports each batch it got accepted (`deliver`'s `accepted` callback) and raises
`ChannelError` for the rest: the delivery stage records a delivery only after acceptance, so a
change is never lost and, short of a crash between acceptance and the record, never sent twice
(README, "What exactly once means").
"""

from __future__ import annotations

import os
from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from typing import Any, ClassVar

from monitor.config import ConfigError
from monitor.diff.change_view import ChangeView

REGISTRY: dict[str, type[AlertChannel]] = {}


class ChannelError(RuntimeError):
    """The channel did not accept the changes; the message is one line that says what to fix."""


class AlertChannel(ABC):
    #: The configuration table name that selects this channel.
    kind: ClassVar[str] = ""

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if cls.kind:
            REGISTRY[cls.kind] = cls

    def __init__(self, settings: dict[str, Any]) -> None:
        self.settings = settings

    @property
    def name(self) -> str:
        """The name deliveries are recorded under (`change_deliveries.channel`)."""
        return self.kind

    @abstractmethod
    def send(self, changes: Sequence[ChangeView]) -> None:
        """Deliver all `changes` or raise ChannelError."""

    def deliver(self, changes: Sequence[ChangeView], accepted: Callable[[Sequence[ChangeView]], None]) -> None:
        """Deliver `changes`, calling `accepted(batch)` as soon as each batch is accepted; raise
        ChannelError for what was not. One batch by default; email splits big digests."""
        self.send(changes)
        accepted(changes)

    @abstractmethod
    def send_test(self) -> None:
        """Deliver a test message or raise ChannelError (`hainan-monitor alerts test`)."""

    # -- helpers for the settings of a table ---------------------------------------------

    def setting(self, key: str, kind: type | tuple[type, ...], default: Any = None, *, required: bool = False) -> Any:
        value = self.settings.get(key, default)
        if value is None and required:
            raise ConfigError(f"[alerts.{self.kind}] needs `{key}`")
        if value is not None and not isinstance(value, kind):
            raise ConfigError(f"[alerts.{self.kind}] `{key}` has the wrong type: {value!r}")
        return value

    def secret(self, key: str) -> str | None:
        """The value of the environment variable the setting `key` names (secrets never live in the file)."""
        variable = self.setting(key, str)
        if variable is None:
            return None
        value = os.environ.get(variable)
        if not value:
            raise ChannelError(f"{self.name}: environment variable {variable} is not set ({key} in [alerts.{self.kind}])")
        return value


def build_channel(kind: str, settings: dict[str, Any]) -> AlertChannel:
    """The channel for `[alerts.KIND]`; ConfigError for an unknown kind or a bad setting."""
    channel_class = REGISTRY.get(kind)
    if channel_class is None:
        raise ConfigError(f"unknown alert channel [alerts.{kind}] (known: {', '.join(sorted(REGISTRY))})")
    return channel_class(settings)
