"""Handing a message to the mail server: SMTP when ``SMTP_URL`` is set, else a local sink.

``send`` returns only once the server accepted the message; anything else raises
``DeliveryError`` saying whether trying again later may help: SMTP 4xx replies,
timeouts, refused or reset connections are temporary; 5xx replies are permanent.
Every socket operation is bounded by ``SMTP_TIMEOUT`` seconds, so a silent server
never holds a sender for long.

A transport used as a context manager (``with transport: …``, as the sender does for a
batch) keeps one SMTP connection open for all the messages of the block: each message is
still its own SMTP transaction, accepted or not on its own, and the connection is
checked with NOOP before it is reused and dropped after any failure. Outside such a
block every ``send`` opens and closes its own connection.
"""

from __future__ import annotations

import contextlib
import email.policy
import re
import smtplib
from email.message import EmailMessage
from pathlib import Path
from urllib.parse import unquote, urlsplit

from flask import current_app

# The SMTP policy (CRLF line ends) folding long headers only past RFC 5322's 998 characters.
# Python's default 78-column folding of a long Vietnamese subject splits it into encoded
# words with the space between them outside: every decoder then drops it ("Ban Chỉ" →
# "BanChỉ"). Unfolded, the subject round-trips exactly.
MAIL_POLICY = email.policy.SMTP.clone(max_line_length=998)


class DeliveryError(Exception):
    """The server did not accept the message; ``permanent`` when retrying cannot help."""

    def __init__(self, message: str, permanent: bool = False):
        super().__init__(message)
        self.permanent = permanent


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

    def send(self, message: EmailMessage) -> None:
        try:
            self._connection().send_message(message)
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
