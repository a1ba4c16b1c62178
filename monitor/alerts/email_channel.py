"""`[alerts.email]`: the digest by SMTP (STARTTLS, SSL or plain), text and HTML.

Credentials come from the environment variables the table names (`username_env`,
`password_env`). Every SMTP failure becomes one `ChannelError` line that says what to check, so
the changes stay pending and the cycle goes on.

Odd servers are expected:
- a message is delivered once the server answers 250 after DATA; a failing QUIT (421, a
  dropped connection) afterwards is a warning, not a reason to send it again;
- one overall deadline (`deadline_seconds`, default 120) covers the whole send, so a tarpit
  that answers one line every few seconds cannot hold the cycle (and its lock) for ever;
- a big backlog goes as several messages of at most `max_changes_per_message` changes and
  `max_message_bytes` bytes (or the server's advertised SIZE, if smaller), each marked
  delivered as soon as it is accepted;
- each digest's Message-ID is derived from the changes it holds, so a digest sent again after
  a crash between acceptance and record carries the same id and mail clients can drop it.
"""

from __future__ import annotations

import hashlib
import logging
import smtplib
import socket
import ssl
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from typing import Any

from monitor.alerts.channel import AlertChannel, ChannelError
from monitor.alerts.digest import PRODUCT, html_digest, subject, text_digest
from monitor.config import ConfigError
from monitor.diff.change_view import ChangeView

log = logging.getLogger(__name__)

TEST_TEXT = f"This is a test message from {PRODUCT}: the email channel works.\n这是一条测试消息：邮件提醒已配置成功。\n"
DEFAULT_DEADLINE = 120.0
DEFAULT_MAX_CHANGES = 200
DEFAULT_MAX_BYTES = 2_000_000
_warned_plaintext_auth: set[str] = set()


class EmailChannel(AlertChannel):
    kind = "email"

    def __init__(self, settings: dict[str, Any]) -> None:
        super().__init__(settings)
        self.host: str = self.setting("host", str, required=True)
        self.ssl: bool = self.setting("ssl", bool, False)
        self.starttls: bool = self.setting("starttls", bool, not self.ssl)
        self.port: int = self.setting("port", int, 465 if self.ssl else 587 if self.starttls else 25)
        self.sender: str = self.setting("sender", str, required=True)
        self.recipients: list[str] = self.setting("recipients", list, required=True)
        self.timeout: float = float(self.setting("timeout", (int, float), 30))
        self.deadline: float = float(self.setting("deadline_seconds", (int, float), DEFAULT_DEADLINE))
        self.max_changes: int = self.setting("max_changes_per_message", int, DEFAULT_MAX_CHANGES)
        self.max_bytes: int = self.setting("max_message_bytes", int, DEFAULT_MAX_BYTES)
        if not self.recipients or not all(isinstance(r, str) for r in self.recipients):
            raise ConfigError("[alerts.email] `recipients` must be a non-empty list of addresses")
        if self.ssl and self.starttls:
            raise ConfigError("[alerts.email] choose `ssl = true` (port 465) or `starttls = true` (port 587), not both")
        self.setting("username_env", str)
        self.setting("password_env", str)
        self.where = f"{self.host}:{self.port}"

    # -- sending ------------------------------------------------------------------------------

    def send(self, changes: Sequence[ChangeView]) -> None:
        self.deliver(changes, lambda _batch: None)

    def deliver(self, changes: Sequence[ChangeView], accepted: Callable[[Sequence[ChangeView]], None]) -> None:
        """One connection, one message per batch; each batch is `accepted` on its 250 after DATA."""
        with self._session() as smtp:
            limit = self._size_limit(smtp)
            for batch in self.batches(changes, limit):
                self._send(smtp, self.digest(batch))
                accepted(batch)

    def send_test(self) -> None:
        html = f"<!DOCTYPE html><html><body><p>{TEST_TEXT.replace(chr(10), '<br>')}</p></body></html>"
        with self._session() as smtp:
            self._send(smtp, self.message(f"[{PRODUCT}] test message · 测试", TEST_TEXT, html))

    # -- messages -----------------------------------------------------------------------------

    def digest(self, changes: Sequence[ChangeView]) -> EmailMessage:
        """The digest of `changes`, with a Message-ID that depends only on which changes it holds."""
        ids = ",".join(str(change.id) for change in changes)
        key = hashlib.sha256(f"{self.name}:{ids}".encode()).hexdigest()[:24]
        message_id = f"<digest-{key}@{self._domain() or 'hainan-monitor.invalid'}>"
        return self.message(subject(changes), text_digest(changes), html_digest(changes), message_id)

    def message(self, title: str, text: str, html: str, message_id: str | None = None) -> EmailMessage:
        """A multipart/alternative message, UTF-8 throughout (headers RFC 2047, bodies base64)."""
        message = EmailMessage()
        message["Subject"] = title
        message["From"] = self.sender
        message["To"] = ", ".join(self.recipients)
        message["Date"] = formatdate(localtime=True)
        message["Message-ID"] = message_id or make_msgid(domain=self._domain() or None)
        message.set_content(text, charset="utf-8", cte="base64")
        message.add_alternative(html, subtype="html", charset="utf-8", cte="base64")
        return message

    def batches(self, changes: Sequence[ChangeView], max_bytes: int) -> Iterator[Sequence[ChangeView]]:
        """Oldest first, at most `max_changes` per batch, each digest at most `max_bytes` on the
        wire (halved until it fits; a single change too big for the server still goes alone)."""
        for start in range(0, len(changes), self.max_changes):
            yield from self._fit(changes[start : start + self.max_changes], max_bytes)

    def _fit(self, batch: Sequence[ChangeView], max_bytes: int) -> Iterator[Sequence[ChangeView]]:
        if len(batch) <= 1 or wire_size(self.digest(batch)) <= max_bytes:
            yield batch
            return
        middle = len(batch) // 2
        yield from self._fit(batch[:middle], max_bytes)
        yield from self._fit(batch[middle:], max_bytes)

    def _domain(self) -> str:
        return self.sender.rpartition("@")[2].strip(">")

    # -- the SMTP session -----------------------------------------------------------------------

    @contextmanager
    def _session(self) -> Iterator[smtplib.SMTP]:
        """Connected, secured and logged in; QUIT on the way out, whose failure is only a warning.
        Everything runs under one deadline: a watchdog shuts the socket down when it passes."""
        username = self.secret("username_env")
        password = self.secret("password_env")
        if (username or password) and not (self.ssl or self.starttls):
            self._warn_plaintext_auth()
        smtp = smtplib.SMTP_SSL(context=ssl.create_default_context(), timeout=self.timeout) if self.ssl else smtplib.SMTP(timeout=self.timeout)
        watchdog = _Watchdog(smtp, self.deadline)
        try:
            with watchdog, self._errors(watchdog, username):
                smtp.connect(self.host, self.port)
                if self.starttls:
                    smtp.starttls(context=ssl.create_default_context())
                if username or password:
                    smtp.login(username or "", password or "")
                yield smtp
            self._quit(smtp, watchdog)
        finally:
            smtp.close()

    def _send(self, smtp: smtplib.SMTP, message: EmailMessage) -> None:
        smtp.send_message(message)

    def _size_limit(self, smtp: smtplib.SMTP) -> int:
        smtp.ehlo_or_helo_if_needed()  # the SIZE extension is advertised in the EHLO reply
        advertised = smtp.esmtp_features.get("size", "")
        return min(self.max_bytes, int(advertised)) if advertised.isdigit() and int(advertised) > 0 else self.max_bytes

    def _quit(self, smtp: smtplib.SMTP, watchdog: _Watchdog) -> None:
        """Everything was accepted already: a server that fumbles the goodbye changes nothing."""
        try:
            with watchdog:
                code, reply = smtp.docmd("QUIT")
        except (smtplib.SMTPException, OSError) as exc:
            log.warning("email: %s: QUIT failed after the messages were accepted (%s); they count as delivered", self.where, exc)
            return
        if code != 221:
            log.warning("email: %s answered QUIT with %s %s after the messages were accepted; they count as delivered", self.where, code, _text(reply))

    def _warn_plaintext_auth(self) -> None:
        if self.where not in _warned_plaintext_auth:
            _warned_plaintext_auth.add(self.where)
            log.warning(
                "email: the login to %s goes over a connection without TLS, so the password can be read on the way; "
                "set starttls = true (port 587) or ssl = true (port 465) in [alerts.email]", self.where,
            )

    @contextmanager
    def _errors(self, watchdog: _Watchdog, username: str | None) -> Iterator[None]:
        """SMTP and socket failures as one ChannelError line that says what to check."""
        where = self.where
        try:
            yield
        except (smtplib.SMTPException, OSError) as exc:
            if watchdog.expired:
                raise ChannelError(
                    f"email: {where} did not finish within {self.deadline:g} s (deadline_seconds in [alerts.email]); gave up"
                ) from exc
            raise _channel_error(exc, where, username, self.settings) from exc


def _channel_error(exc: BaseException, where: str, username: str | None, settings: dict[str, Any]) -> ChannelError:
    if isinstance(exc, smtplib.SMTPAuthenticationError):
        return ChannelError(
            f"email: {where} refused the login of {username!r} ({exc.smtp_code} {_text(exc.smtp_error)}): "
            f"check ${settings.get('password_env')} and ${settings.get('username_env')}"
        )
    if isinstance(exc, smtplib.SMTPNotSupportedError):
        return ChannelError(f"email: {where} does not support {exc} (check starttls/ssl in [alerts.email])")
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        refused = ", ".join(f"{address} ({code} {_text(reason)})" for address, (code, reason) in exc.recipients.items())
        return ChannelError(f"email: {where} refused the recipients {refused}")
    if isinstance(exc, smtplib.SMTPResponseException):
        return ChannelError(f"email: {where} answered {exc.smtp_code} {_text(exc.smtp_error)}")
    if isinstance(exc, smtplib.SMTPException):
        return ChannelError(f"email: SMTP error with {where}: {exc}")
    if isinstance(exc, ssl.SSLError):
        return ChannelError(f"email: TLS with {where} failed ({exc.reason or exc}): use ssl = true for port 465, starttls = true for 587")
    assert isinstance(exc, OSError)
    return ChannelError(f"email: cannot reach the SMTP server {where}: {exc.strerror or exc}")


class _Watchdog:
    """Shuts the SMTP socket down when the deadline passes, which ends any blocked read.

    Per-operation socket timeouts cannot stop a server that sends a line every few seconds;
    this bounds the whole conversation. Entering it again (for QUIT) keeps the same deadline.
    """

    def __init__(self, smtp: smtplib.SMTP, seconds: float) -> None:
        self.smtp = smtp
        self.ends = time.monotonic() + seconds
        self.expired = False
        self._active = False
        self._timer: threading.Timer | None = None

    def __enter__(self) -> _Watchdog:
        self._active = True
        remaining = self.ends - time.monotonic()
        if remaining <= 0:
            self._expire()
        else:
            self._timer = threading.Timer(remaining, self._expire)
            self._timer.daemon = True
            self._timer.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._active = False
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    def _expire(self) -> None:
        self.expired = True
        sock = getattr(self.smtp, "sock", None)
        if sock is None:  # still connecting (the connect timeout bounds that): look again shortly
            if self._active:
                self._timer = threading.Timer(0.1, self._expire)
                self._timer.daemon = True
                self._timer.start()
            return
        try:
            sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass


def wire_size(message: EmailMessage) -> int:
    """The message's size as SMTP sends it (lines end in CRLF), which is what SIZE limits."""
    raw = message.as_bytes()
    return len(raw) + raw.count(b"\n") - raw.count(b"\r\n")


def _text(reply: bytes | str) -> str:
    return (reply.decode("utf-8", "replace") if isinstance(reply, bytes) else reply).replace("\n", " ")
