"""`[alerts.email]`: one digest per cycle by SMTP (STARTTLS, SSL or plain), text and HTML.

Credentials come from the environment variables the table names (`username_env`,
`password_env`). Every SMTP failure becomes one `ChannelError` line that says what to check, so
the changes stay pending and the cycle goes on.
"""

from __future__ import annotations

import smtplib
import ssl
from collections.abc import Sequence
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from typing import Any

from monitor.alerts.channel import AlertChannel, ChannelError
from monitor.alerts.digest import PRODUCT, html_digest, subject, text_digest
from monitor.config import ConfigError
from monitor.diff.change_view import ChangeView

TEST_TEXT = f"This is a test message from {PRODUCT}: the email channel works.\n这是一条测试消息：邮件提醒已配置成功。\n"


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
        if not self.recipients or not all(isinstance(r, str) for r in self.recipients):
            raise ConfigError("[alerts.email] `recipients` must be a non-empty list of addresses")
        if self.ssl and self.starttls:
            raise ConfigError("[alerts.email] choose `ssl = true` (port 465) or `starttls = true` (port 587), not both")
        self.setting("username_env", str)
        self.setting("password_env", str)

    def send(self, changes: Sequence[ChangeView]) -> None:
        self._deliver(self.message(subject(changes), text_digest(changes), html_digest(changes)))

    def send_test(self) -> None:
        html = f"<!DOCTYPE html><html><body><p>{TEST_TEXT.replace(chr(10), '<br>')}</p></body></html>"
        self._deliver(self.message(f"[{PRODUCT}] test message · 测试", TEST_TEXT, html))

    def message(self, title: str, text: str, html: str) -> EmailMessage:
        """A multipart/alternative message, UTF-8 throughout (headers RFC 2047, bodies base64)."""
        message = EmailMessage()
        message["Subject"] = title
        message["From"] = self.sender
        message["To"] = ", ".join(self.recipients)
        message["Date"] = formatdate(localtime=True)
        message["Message-ID"] = make_msgid(domain=self.sender.rpartition("@")[2].strip(">") or None)
        message.set_content(text, charset="utf-8", cte="base64")
        message.add_alternative(html, subtype="html", charset="utf-8", cte="base64")
        return message

    def _deliver(self, message: EmailMessage) -> None:
        username = self.secret("username_env")
        password = self.secret("password_env")
        where = f"{self.host}:{self.port}"
        try:
            with self._connect() as smtp:
                if self.starttls:
                    smtp.starttls(context=ssl.create_default_context())
                if username or password:
                    smtp.login(username or "", password or "")
                smtp.send_message(message)
        except smtplib.SMTPAuthenticationError as exc:
            raise ChannelError(
                f"email: {where} refused the login of {username!r} ({exc.smtp_code} {_text(exc.smtp_error)}): "
                f"check ${self.settings.get('password_env')} and ${self.settings.get('username_env')}"
            ) from exc
        except smtplib.SMTPNotSupportedError as exc:
            raise ChannelError(f"email: {where} does not support {exc} (check starttls/ssl in [alerts.email])") from exc
        except smtplib.SMTPRecipientsRefused as exc:
            refused = ", ".join(f"{address} ({code} {_text(reason)})" for address, (code, reason) in exc.recipients.items())
            raise ChannelError(f"email: {where} refused the recipients {refused}") from exc
        except smtplib.SMTPResponseException as exc:
            raise ChannelError(f"email: {where} answered {exc.smtp_code} {_text(exc.smtp_error)}") from exc
        except smtplib.SMTPException as exc:
            raise ChannelError(f"email: SMTP error with {where}: {exc}") from exc
        except ssl.SSLError as exc:
            raise ChannelError(
                f"email: TLS with {where} failed ({exc.reason or exc}): use ssl = true for port 465, starttls = true for 587"
            ) from exc
        except OSError as exc:
            raise ChannelError(f"email: cannot reach the SMTP server {where}: {exc.strerror or exc}") from exc

    def _connect(self) -> smtplib.SMTP:
        if self.ssl:
            return smtplib.SMTP_SSL(self.host, self.port, timeout=self.timeout, context=ssl.create_default_context())
        return smtplib.SMTP(self.host, self.port, timeout=self.timeout)


def _text(reply: bytes | str) -> str:
    return (reply.decode("utf-8", "replace") if isinstance(reply, bytes) else reply).replace("\n", " ")
