"""SMTP servers for the worker tests: a real aiosmtpd server with scripted faults.

``FaultySMTP`` records every message it accepts (parsed, with its Message-ID) and can
answer the next messages with scripted replies (``451 …``, ``550 …``), or stop in the
middle of a message until the test lets it go (to kill a worker while it is sending).
``SilentServer`` accepts TCP connections and never says a word.
"""

from __future__ import annotations

import contextlib
import socket
import threading
from collections import Counter
from email import message_from_bytes, policy
from email.message import EmailMessage

from aiosmtpd.controller import Controller

from tests.workers.harness import free_port


class _Handler:
    def __init__(self, server: FaultySMTP):
        self.server = server

    async def handle_RCPT(self, _server, _session, envelope, address, _options):
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, _server, _session, envelope):
        return self.server._on_data(envelope)


class FaultySMTP:
    """A local SMTP server; ``messages`` are the ones it accepted, in order."""

    def __init__(self, port: int | None = None):
        self.port = port or free_port()
        self.messages: list[EmailMessage] = []
        self.replies: list[str] = []  # scripted answers for the next messages
        self.attempts = 0  # every DATA, accepted or not
        self._lock = threading.Lock()
        self._hold_at: int | None = None
        self.holding = threading.Event()
        self._release = threading.Event()
        self.on_accept = None  # called with the message, after it is recorded
        self._controller = Controller(_Handler(self), hostname="127.0.0.1", port=self.port)

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"

    def start(self) -> FaultySMTP:
        self._controller.start()
        return self

    def stop(self) -> None:
        self._release.set()
        self._controller.stop()

    def hold_message(self, number: int) -> None:
        """Keep the client waiting at DATA of the ``number``-th attempt (1-based)."""
        self._hold_at = number
        self._release.clear()
        self.holding.clear()

    def release(self) -> None:
        self._release.set()

    def _on_data(self, envelope) -> str:
        with self._lock:
            self.attempts += 1
            number = self.attempts
            reply = self.replies.pop(0) if self.replies else None
        if number == self._hold_at:
            self.holding.set()
            # Blocks this connection's handler only until the test releases it (or 30 s);
            # by then the client was killed, so nothing is recorded.
            self._release.wait(30)
            return "421 4.3.0 Closing"
        if reply is not None:
            return reply
        message = message_from_bytes(envelope.content, policy=policy.SMTP)
        with self._lock:
            self.messages.append(message)
        if self.on_accept is not None:
            self.on_accept(message)
        return "250 2.0.0 Queued"

    # What the tests assert on.
    def texts(self) -> list[str]:
        return [m.get_body(("plain",)).get_content() for m in self.messages]

    def recipients(self) -> list[str]:
        return sorted(str(m["To"]).lower() for m in self.messages)

    def message_ids(self) -> Counter:
        return Counter(str(m["Message-ID"]) for m in self.messages)

    def duplicates(self) -> int:
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
