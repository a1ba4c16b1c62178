"""A real SMTP server on loopback (aiosmtpd) that keeps what it receives, for the alert tests."""

from __future__ import annotations

import email
import email.policy
import socket
from email.message import EmailMessage

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

USER, PASSWORD = "monitor", "s3cret-pass"
#: Login without TLS is what a loopback test server does; aiosmtpd warns about it each session.
QUIET = "ignore:Requiring AUTH while not requiring TLS"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class SmtpCapture:
    """Started and stopped at will on one fixed port, so a test can take the server down."""

    def __init__(self, port: int | None = None, require_login: bool = False) -> None:
        self.port = port or free_port()
        self.require_login = require_login
        self.messages: list[EmailMessage] = []
        self._controller: Controller | None = None

    async def handle_DATA(self, server, session, envelope) -> str:  # noqa: N802 (aiosmtpd's hook name)
        self.messages.append(email.message_from_bytes(envelope.content, policy=email.policy.default))
        return "250 OK"

    def _authenticate(self, server, session, envelope, mechanism, auth_data) -> AuthResult:
        ok = isinstance(auth_data, LoginPassword) and auth_data.login == USER.encode() and auth_data.password == PASSWORD.encode()
        return AuthResult(success=ok, handled=False)

    def start(self) -> SmtpCapture:
        extra = {"authenticator": self._authenticate, "auth_require_tls": False, "auth_required": True} if self.require_login else {}
        self._controller = Controller(self, hostname="127.0.0.1", port=self.port, **extra)
        self._controller.start()
        return self

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None


def parts(message: EmailMessage) -> tuple[str, str]:
    """The text/plain and text/html bodies, decoded."""
    text = message.get_body(("plain",))
    html = message.get_body(("html",))
    assert text is not None and html is not None
    return text.get_content(), html.get_content()


def html_as_text(html: str) -> str:
    """What a reader sees of the HTML part (lxml's text rendering, whitespace folded)."""
    import lxml.html

    return " ".join(lxml.html.fromstring(html).text_content().split())
