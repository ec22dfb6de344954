"""Handing a message to the mail server: SMTP when ``SMTP_URL`` is set, else a local sink.

``send`` returns only once the server accepted the message; anything else raises
``DeliveryError`` saying whether trying again later may help: SMTP 4xx replies,
timeouts, refused or reset connections are temporary; 5xx replies are permanent.
Every socket operation is bounded by ``SMTP_TIMEOUT`` seconds, so a silent server
never holds a sender for long.

A transport used as a context manager (``with transport: …``, as the sender does for a
batch) keeps one SMTP connection open for all the messages of the block: each message is
still its own SMTP transaction, accepted or not on its own, and the connection is
checked with NOOP before it is reused (unless it accepted a message less than
``TRUST_SECONDS`` ago) and dropped after any failure. Outside such a
block every ``send`` opens and closes its own connection.
"""

from __future__ import annotations

import contextlib
import email.headerregistry
import email.policy
import email.utils
import functools
import re
import secrets
import smtplib
import time
from email.message import EmailMessage
from pathlib import Path
from urllib.parse import unquote, urlsplit

from flask import current_app

# The SMTP policy (CRLF line ends) folding long headers only past RFC 5322's 998 characters.
# Python's default 78-column folding of a long Vietnamese subject splits it into encoded
# words with the space between them outside: every decoder then drops it ("Ban Chỉ" →
# "BanChỉ"). Unfolded, the subject round-trips exactly.
MAIL_POLICY = email.policy.SMTP.clone(max_line_length=998)


class SerializedMessage:
    """An e-mail already in its wire form (CRLF line ends), as ``serialize`` builds it.

    Transports send its bytes as they are; ``message["Message-ID"]`` reads a header's
    value as given to ``serialize``.
    """

    def __init__(self, headers: dict[str, str], data: bytes, sender: str,
                 recipients: list[str]):
        self.headers = {name.lower(): value for name, value in headers.items()}
        self.data = data
        self.sender = sender
        self.recipients = recipients

    def __getitem__(self, name: str) -> str | None:
        return self.headers.get(name.lower())

    def get(self, name: str, default=None):
        return self.headers.get(name.lower(), default)

    def as_bytes(self) -> bytes:
        return self.data


class _HeaderClasses(email.headerregistry.HeaderRegistry):
    """The email package's header registry, building each header class once: the stock
    one creates a new class (``type(…)``) for every header it parses."""

    def __init__(self):
        super().__init__()
        self._classes: dict[str, type] = {}

    def __getitem__(self, name: str) -> type:
        key = name.lower()
        if key not in self._classes:
            self._classes[key] = super().__getitem__(name)
        return self._classes[key]


# MAIL_POLICY with the registry above: the same headers, byte for byte, made faster.
_SERIALIZE_POLICY = MAIL_POLICY.clone(header_factory=_HeaderClasses())


@functools.lru_cache(maxsize=4096)
def _folded(name: str, value: str) -> bytes:
    """``Name: value`` as the email package writes it under ``MAIL_POLICY`` (RFC 2047
    words, folding; a value with a line break is refused). Parsing a header is slow and
    From, Date and many subjects repeat from one digest to the next."""
    return _SERIALIZE_POLICY.fold_binary(*_SERIALIZE_POLICY.header_store_parse(name, value))


# Values the email package writes back exactly as given (nothing to encode, quote or
# fold), per header: those skip its parser, which costs more than the rest of the header
# block. Each digest has its own To and Message-ID, so the cache above never helps them.
_VERBATIM = {
    "to": re.compile(r"[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9.-]{1,253}"),
    "message-id": re.compile(r"<[A-Za-z0-9._%+-]{1,200}@[A-Za-z0-9.-]{1,253}>"),
}


def _header(name: str, value: str) -> bytes:
    """``_folded(name, value)``, written directly when the value is one the email package
    leaves as it is."""
    verbatim = _VERBATIM.get(name.lower())
    if verbatim is not None and verbatim.fullmatch(value):
        return f"{name}: {value}\r\n".encode("ascii")
    return _folded(name, value)


@functools.lru_cache(maxsize=4096)
def _addresses(value: str) -> tuple[str, ...]:
    """The addresses of a From or To value, as ``smtplib.send_message`` reads them."""
    return tuple(address for _name, address in email.utils.getaddresses([value]))


def _boundary(*bodies: bytes) -> str:
    """A multipart boundary in the email package's style that occurs in none of the bodies."""
    while True:
        boundary = "=" * 15 + f"{secrets.randbelow(10 ** 19):019d}" + "=="
        marker = b"--" + boundary.encode()
        if not any(marker in body for body in bodies):
            return boundary


def _8bit(text: str) -> tuple[bytes, str] | None:
    """``text`` as a 7bit or 8bit body with CRLF line ends, as the email package writes it
    (every line ends with CRLF); None when a line is too long for it (> 998 bytes)."""
    lines = text.encode("utf-8").splitlines()
    if lines and max(map(len, lines)) > MAIL_POLICY.max_line_length:
        return None
    body = b"\r\n".join(lines) + b"\r\n"
    return body, "7bit" if body.isascii() else "8bit"


def serialize(headers: dict[str, str], text: str, html: str, *,
              boundary: str | None = None, fast: bool = True) -> SerializedMessage | EmailMessage:
    """A multipart/alternative e-mail (text, then HTML; UTF-8) with ``headers``.

    The headers are the email package's (RFC 2047 words, folding by ``MAIL_POLICY``); the
    two parts are written here, byte for byte as the email package writes them, which is
    several times faster for large bodies (tests compare both). When a part has a line
    too long for 8bit transfer, or an address needs SMTPUTF8 (or ``fast`` is false), the
    email package builds the whole message (and picks quoted-printable or base64).
    """
    plain = [(name, value) for name, value in headers.items()
             if not name.lower().startswith("content-")]
    content = [(name, value) for name, value in headers.items()
               if name.lower().startswith("content-")]
    sender = _addresses(headers["From"])[0]
    recipients = list(_addresses(headers["To"]))
    parts = (_8bit(text), _8bit(html)) if fast else (None, None)
    if None in parts or not all(addr.isascii() for addr in (sender, *recipients)):
        message = EmailMessage(policy=MAIL_POLICY)
        for name, value in plain:
            message[name] = value
        message.set_content(text, charset="utf-8")
        message.add_alternative(html, subtype="html", charset="utf-8")
        for name, value in content:
            message[name] = value  # after the parts, or the first part would take them
        if boundary:
            message.set_boundary(boundary)
        return message
    (text_body, text_cte), (html_body, html_cte) = parts
    boundary = boundary or _boundary(text_body, html_body)
    marker = b"--" + boundary.encode()
    data = b"".join((
        *(_header(name, value) for name, value in plain),
        _folded("MIME-Version", "1.0"),
        # As the email package writes it (the boundary is ASCII, quoted, never folded).
        b'Content-Type: multipart/alternative; boundary="', boundary.encode(), b'"\r\n',
        *(_folded(name, value) for name, value in content),
        b"\r\n", marker,
        b'\r\nContent-Type: text/plain; charset="utf-8"\r\nContent-Transfer-Encoding: ',
        text_cte.encode(), b"\r\n\r\n", text_body, b"\r\n", marker,
        b'\r\nContent-Type: text/html; charset="utf-8"\r\nContent-Transfer-Encoding: ',
        html_cte.encode(), b"\r\nMIME-Version: 1.0\r\n\r\n", html_body, b"\r\n", marker,
        b"--\r\n"))
    return SerializedMessage(headers, data, sender, recipients)


class DeliveryError(Exception):
    """The server did not accept the message; ``permanent`` when retrying cannot help."""

    def __init__(self, message: str, permanent: bool = False):
        super().__init__(message)
        self.permanent = permanent


# A connection that accepted a message less than this long ago is reused without a NOOP
# first (a round trip per message). Should the server have closed it in between, that
# message fails as a temporary error and is retried later: delayed, never lost.
TRUST_SECONDS = 1.0


class SmtpTransport:
    """``smtp://[user:password@]host[:port]`` (STARTTLS with ``?starttls=1``) or ``smtps://``."""

    def __init__(self, url: str, timeout: float = 10.0):
        parts = urlsplit(url)
        if parts.scheme not in ("smtp", "smtps") or not parts.hostname:
            raise ValueError(f"SMTP_URL must look like smtp://host:port, not {url!r}")
        self.ssl = parts.scheme == "smtps"
        self.host = parts.hostname
        self.port = parts.port or (465 if self.ssl else 25)
        self.username = unquote(parts.username) if parts.username else None
        self.password = unquote(parts.password) if parts.password else None
        self.starttls = "starttls=1" in (parts.query or "")
        self.timeout = timeout
        self._smtp: smtplib.SMTP | None = None
        self._batch = 0  # depth of ``with`` blocks: keep the connection between messages
        self._last_accept = float("-inf")  # time.monotonic() of the last acceptance

    def __enter__(self) -> SmtpTransport:
        self._batch += 1
        return self

    def __exit__(self, *_exc) -> None:
        self._batch -= 1
        if not self._batch:
            self.close()

    def _connect(self) -> smtplib.SMTP:
        connection_class = smtplib.SMTP_SSL if self.ssl else smtplib.SMTP
        smtp = connection_class(self.host, self.port, timeout=self.timeout)
        try:
            if self.starttls:
                smtp.starttls()
            if self.username:
                smtp.login(self.username, self.password or "")
        except BaseException:
            smtp.close()
            raise
        return smtp

    def _connection(self) -> smtplib.SMTP:
        """The open connection if the server still answers NOOP, else a new one."""
        if self._smtp is not None:
            if time.monotonic() - self._last_accept < TRUST_SECONDS:
                return self._smtp  # it accepted a message a moment ago
            try:
                if self._smtp.noop()[0] == 250:
                    return self._smtp
            except (OSError, smtplib.SMTPException):
                pass
            self._drop()
        self._smtp = self._connect()
        return self._smtp

    def _drop(self) -> None:
        """Forget the connection without a word to the server (it may be the culprit)."""
        if self._smtp is not None:
            smtp, self._smtp = self._smtp, None
            smtp.close()

    def close(self) -> None:
        """QUIT politely and close; harmless when nothing is open."""
        if self._smtp is not None:
            with contextlib.suppress(OSError, smtplib.SMTPException):
                self._smtp.quit()
            self._drop()

    def _deliver(self, message: EmailMessage | SerializedMessage) -> None:
        connection = self._connection()
        if isinstance(message, SerializedMessage):
            connection.sendmail(message.sender, message.recipients, message.as_bytes())
        else:
            connection.send_message(message)

    def send(self, message: EmailMessage | SerializedMessage) -> None:
        try:
            unchecked = (self._smtp is not None
                         and time.monotonic() - self._last_accept < TRUST_SECONDS)
            try:
                self._deliver(message)
            except (smtplib.SMTPServerDisconnected, ConnectionError):
                if not unchecked:
                    raise
                # Reused without a NOOP, and the server had closed it: once more on a new
                # connection (a server that drops a connection after each message).
                self._drop()
                self._last_accept = float("-inf")
                self._deliver(message)
        except smtplib.SMTPRecipientsRefused as error:
            self._drop()
            codes = [code for code, _text in error.recipients.values()]
            raise DeliveryError(f"recipient refused: {error.recipients}",
                                permanent=bool(codes) and min(codes) >= 500) from error
        except smtplib.SMTPResponseException as error:
            self._drop()
            text = error.smtp_error.decode(errors="replace") if isinstance(
                error.smtp_error, bytes) else str(error.smtp_error)
            raise DeliveryError(f"{error.smtp_code} {text}",
                                permanent=error.smtp_code >= 500) from error
        except (OSError, smtplib.SMTPException) as error:
            # Refused, reset, timed out, DNS: the server may be back in a minute.
            self._drop()
            raise DeliveryError(f"{type(error).__name__}: {error}") from error
        except BaseException:
            self._drop()  # interrupted mid-conversation: the connection is unusable
            raise
        self._last_accept = time.monotonic()
        if not self._batch:
            self.close()


class SinkTransport:
    """Writes ``<MAIL_SINK_DIR>/<message-id>.eml`` and counts as accepted (no SMTP server)."""

    def __init__(self, directory: str | Path):
        self.directory = Path(directory)

    def __enter__(self) -> SinkTransport:
        return self

    def __exit__(self, *_exc) -> None:
        return None

    def path_for(self, message_id: str) -> Path:
        name = re.sub(r"[^A-Za-z0-9._@-]", "", message_id) or "message"
        return self.directory / f"{name}.eml"

    def send(self, message: EmailMessage) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        path = self.path_for(message["Message-ID"] or "")
        temporary = path.with_suffix(".eml.tmp")
        temporary.write_bytes(message.as_bytes())
        temporary.replace(path)  # readers never see half a message


def transport_from_config(config=None):
    """The transport the app's config asks for."""
    config = config if config is not None else current_app.config
    if config.get("SMTP_URL"):
        return SmtpTransport(config["SMTP_URL"], float(config.get("SMTP_TIMEOUT", 10)))
    return SinkTransport(config.get("MAIL_SINK_DIR")
                         or Path(config["INSTANCE_DIR"]) / "mail-sink")
