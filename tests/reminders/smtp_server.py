"""A real SMTP server (aiosmtpd) in the test process, whose answers the test controls.

Reusable by any test that sends mail (the reminder core here, the real-worker tests in
tests/workers): it depends on nothing but aiosmtpd and the standard library.

    from tests.reminders.smtp_server import smtp_server  # noqa: F401  (the pytest fixture)

    def test_something(smtp_server):
        app.config["SMTP_URL"] = smtp_server.url     # or SmtpTransport(smtp_server.url)
        smtp_server.fail_next(2)                       # answer 451 twice, then accept
        smtp_server.reject()                           # answer 550 to every message
        smtp_server.go_silent()                        # take DATA, never answer (timeouts)
        smtp_server.accept()                           # back to normal
        ... send ...
        mails = smtp_server.messages()                 # accepted mail, parsed (ReceivedMail)
        smtp_server.duplicates()                       # {message_id: count} for ids seen twice

Only accepted messages are recorded (a 451/550/silent answer means the server does not
have the message). ``unused_port()`` gives an address where nothing listens ("SMTP down").
"""

from __future__ import annotations

import asyncio
import email
import email.policy
import socket
import threading
from collections import Counter
from dataclasses import dataclass

import pytest
from aiosmtpd.controller import Controller


@dataclass
class ReceivedMail:
    """One accepted message, parsed with the modern email policy (headers decoded)."""

    raw: bytes
    mail_from: str
    rcpt_tos: list[str]

    @property
    def message(self) -> email.message.EmailMessage:
        return email.message_from_bytes(self.raw, policy=email.policy.default)

    @property
    def subject(self) -> str:  # RFC 2047 decoded
        return str(self.message["Subject"])

    @property
    def raw_subject(self) -> str:  # as on the wire: ASCII, encoded-words, unfolded
        return self._folded_header("Subject")

    def _folded_header(self, name: str) -> str:
        head = self.raw.split(b"\r\n\r\n", 1)[0].decode("ascii")
        lines, found = [], False
        for line in head.split("\r\n"):
            if line.lower().startswith(name.lower() + ":"):
                found = True
                lines.append(line.split(":", 1)[1].strip())
            elif found and line[:1] in (" ", "\t"):
                lines.append(line.strip())
            elif found:
                break
        return " ".join(lines)

    @property
    def message_id(self) -> str:
        return str(self.message["Message-ID"])

    @property
    def to(self) -> str:
        return str(self.message["To"])

    def part(self, subtype: str) -> email.message.EmailMessage:
        return self.message.get_body((subtype,))

    @property
    def text(self) -> str:
        return self.part("plain").get_content()

    @property
    def html(self) -> str:
        return self.part("html").get_content()


class ControlledHandler:
    """aiosmtpd handler: accept, answer 451 N times, answer 550, or never answer DATA."""

    def __init__(self):
        self.lock = threading.Lock()
        self.mode = "accept"  # accept | reject | silent
        self.temporary_failures = 0
        self.received: list[ReceivedMail] = []
        self.attempts = 0  # every DATA the server saw, whatever it answered
        self.release = None  # asyncio.Event ending silent waits on stop

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 — aiosmtpd's name
        with self.lock:
            self.attempts += 1
            mode = self.mode
            if mode == "accept" and self.temporary_failures > 0:
                self.temporary_failures -= 1
                return "451 4.3.0 Temporary local problem, try again later"
        if mode == "silent":
            if self.release is None:
                self.release = asyncio.Event()
            await self.release.wait()  # no answer until the server stops
            return "421 4.3.2 Shutting down"
        if mode == "reject":
            return "550 5.1.1 Mailbox unavailable"
        with self.lock:
            self.received.append(ReceivedMail(bytes(envelope.content), envelope.mail_from,
                                              list(envelope.rcpt_tos)))
        return "250 2.0.0 OK: queued"


def unused_port() -> int:
    """A local TCP port nothing listens on (for "SMTP server down")."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class SmtpServer:
    """The running server and the test's remote control."""

    def __init__(self, host: str = "127.0.0.1"):
        self.handler = ControlledHandler()
        self.host = host
        self.port = unused_port()
        self.controller = Controller(self.handler, hostname=host, port=self.port,
                                     ready_timeout=10)

    @property
    def url(self) -> str:
        return f"smtp://{self.host}:{self.port}"

    def start(self) -> SmtpServer:
        self.controller.start()
        return self

    def stop(self) -> None:
        handler = self.handler
        if handler.release is not None:
            self.controller.loop.call_soon_threadsafe(handler.release.set)
        self.controller.stop()

    # The remote control.
    def accept(self) -> None:
        with self.handler.lock:
            self.handler.mode, self.handler.temporary_failures = "accept", 0

    def fail_next(self, times: int) -> None:
        """Answer 451 to the next ``times`` messages, then accept."""
        with self.handler.lock:
            self.handler.mode, self.handler.temporary_failures = "accept", times

    def reject(self) -> None:
        with self.handler.lock:
            self.handler.mode = "reject"

    def go_silent(self) -> None:
        with self.handler.lock:
            self.handler.mode = "silent"

    # What arrived.
    @property
    def attempts(self) -> int:
        return self.handler.attempts

    def messages(self) -> list[ReceivedMail]:
        with self.handler.lock:
            return list(self.handler.received)

    def by_recipient(self) -> dict[str, list[ReceivedMail]]:
        mails: dict[str, list[ReceivedMail]] = {}
        for mail in self.messages():
            for address in mail.rcpt_tos:
                mails.setdefault(address, []).append(mail)
        return mails

    def duplicates(self) -> dict[str, int]:
        """Message-IDs received more than once, with how many times."""
        counts = Counter(mail.message_id for mail in self.messages())
        return {mid: n for mid, n in counts.items() if n > 1}


@pytest.fixture
def smtp_server():
    """A started ``SmtpServer``, stopped after the test."""
    server = SmtpServer().start()
    try:
        yield server
    finally:
        server.stop()
