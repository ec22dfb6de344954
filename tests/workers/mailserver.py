"""SMTP servers for the worker tests, built on tests/reminders/smtp_server.py.

``FaultySMTP`` is the reminder tests' ``SmtpServer`` (a real aiosmtpd server: ``fail_next``,
``reject``, ``go_silent``…) plus what faults in a worker need: scripted replies for the
next messages (``replies``), a message that keeps its sender waiting until the test lets
it go (``hold_message``, to kill a worker mid-batch), and a hook called as a message is
accepted (``on_accept``, to break the worker's commit right after). ``SilentServer``
accepts TCP connections and never says a word.
"""

from __future__ import annotations

import contextlib
import socket
import threading
from collections import Counter
from email import message_from_bytes, policy
from email.message import EmailMessage

from aiosmtpd.controller import Controller

from tests.reminders.smtp_server import ControlledHandler, SmtpServer
from tests.workers.harness import free_port


class _FaultHandler(ControlledHandler):
    def __init__(self, server: FaultySMTP):
        super().__init__()
        self.server = server

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 — aiosmtpd's name
        with self.lock:
            number = self.attempts + 1
            reply = self.server.replies.pop(0) if self.server.replies else None
        if number == self.server.hold_at:
            with self.lock:
                self.attempts += 1
            self.server.holding.set()
            # Only this connection waits (in a thread), until the test releases it; by
            # then its client was killed, so nothing is recorded.
            await self.server.loop_wait(self.server.released)
            return "421 4.3.0 Closing"
        if reply is not None:
            with self.lock:
                self.attempts += 1
            return reply
        answer = await super().handle_DATA(server, session, envelope)
        if answer.startswith("250") and self.server.on_accept is not None:
            self.server.on_accept(message_from_bytes(envelope.content, policy=policy.SMTP))
        return answer


class FaultySMTP(SmtpServer):
    """A local SMTP server whose faults the test scripts; see the module docstring."""

    def __init__(self, port: int | None = None):
        super().__init__()
        self.port = port or free_port()
        self.handler = _FaultHandler(self)
        self.controller = Controller(self.handler, hostname=self.host, port=self.port,
                                     ready_timeout=10)
        self.replies: list[str] = []  # e.g. ["451 4.3.0 Busy"]: answers for the next DATAs
        self.hold_at: int | None = None
        self.holding = threading.Event()
        self.released = threading.Event()
        self.on_accept = None  # called with the parsed message before the server says 250

    def stop(self) -> None:
        self.released.set()
        super().stop()

    def hold_message(self, number: int) -> None:
        """Keep the client waiting at DATA of the ``number``-th attempt (1-based)."""
        self.hold_at = number
        self.released.clear()
        self.holding.clear()

    def release(self) -> None:
        self.released.set()

    async def loop_wait(self, event: threading.Event) -> None:
        await self.controller.loop.run_in_executor(None, event.wait, 30)

    # What the tests assert on.
    @property
    def emails(self) -> list[EmailMessage]:
        """The accepted messages, parsed, in the order they arrived."""
        return [message_from_bytes(m.raw, policy=policy.SMTP) for m in self.messages()]

    def texts(self) -> list[str]:
        return [m.get_body(("plain",)).get_content() for m in self.emails]

    def recipients(self) -> list[str]:
        return sorted(str(m["To"]).lower() for m in self.emails)

    def message_ids(self) -> Counter:
        return Counter(str(m["Message-ID"]) for m in self.emails)

    def duplicate_count(self) -> int:
        """How many accepted messages repeat a Message-ID seen before."""
        return sum(n - 1 for n in self.message_ids().values())


class SilentServer:
    """Accepts connections and never answers: an SMTP server that hangs."""

    def __init__(self, port: int | None = None):
        self.port = port or free_port()
        self._sock = socket.socket()
        self._sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._sock.bind(("127.0.0.1", self.port))
        self._sock.listen(16)
        self._held: list[socket.socket] = []
        self._stopped = False
        self._thread = threading.Thread(target=self._accept, daemon=True)

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"

    def start(self) -> SilentServer:
        self._thread.start()
        return self

    def _accept(self) -> None:
        while not self._stopped:
            try:
                conn, _ = self._sock.accept()
            except OSError:
                return
            self._held.append(conn)

    def stop(self) -> None:
        self._stopped = True
        # shutdown() wakes the thread blocked in accept(); close() alone does not.
        with contextlib.suppress(OSError):
            self._sock.shutdown(socket.SHUT_RDWR)
        self._sock.close()
        self._thread.join(5)
        for conn in self._held:
            conn.close()
