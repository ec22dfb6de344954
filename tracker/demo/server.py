"""A throwaway demo site: a fresh SQLite file, migrated, loaded with the demo, served locally.

Used by the browser tests and by ``scripts/screenshot.py``; never by production.
"""

from __future__ import annotations

import contextlib
import logging
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from flask import Flask
from flask_migrate import upgrade
from werkzeug.serving import make_server

from tracker.extensions import db


@dataclass
class DemoSite:
    app: Flask
    url: str

    def run(self, function, *args, **kwargs):
        """Call ``function`` inside the site's app context, then commit."""
        with self.app.app_context():
            result = function(*args, **kwargs)
            db.session.commit()
            return result


class _RequestsInFlight:
    """WSGI middleware counting the requests being served, so that stopping the site can
    wait for the last one. The tests swap ``db.session`` for each test's own: a request
    still running in a server thread when the next test starts would use that test's
    session (and end its transaction)."""

    def __init__(self, wsgi_app):
        self.wsgi_app = wsgi_app
        self.active = 0
        self.changed = threading.Condition()

    def __call__(self, environ, start_response):
        with self.changed:
            self.active += 1
        try:
            response = self.wsgi_app(environ, start_response)
            try:
                return [b"".join(response)]  # served whole: a demo streams nothing large
            finally:
                if hasattr(response, "close"):
                    response.close()
        finally:
            with self.changed:
                self.active -= 1
                self.changed.notify_all()

    def wait_until_idle(self, timeout: float) -> bool:
        with self.changed:
            return self.changed.wait_for(lambda: self.active == 0, timeout=timeout)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def demo_site(directory: Path, language: str | None = None) -> Iterator[DemoSite]:
    """Serve the demo from ``directory`` on 127.0.0.1 in a background thread.

    ``language`` (``"vi"`` or ``"en"``) switches every demo account to that language.
    """
    from tracker import create_app
    from tracker.auth.models import User
    from tracker.auth.services import update_user
    from tracker.demo.loader import load_demo

    directory = Path(directory)
    app = create_app(
        "testing",
        SQLALCHEMY_DATABASE_URI=f"sqlite:///{directory / 'demo.db'}",
        UPLOAD_DIR=str(directory / "uploads"),
    )
    with app.app_context():
        upgrade()
        load_demo()
        if language:
            for user in db.session.scalars(db.select(User)):
                update_user(user, actor=None, language=language)
        db.session.commit()
        db.session.remove()

    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # a line per request is noise
    server = make_server("127.0.0.1", _free_port(), app, threaded=True)
    url = f"http://127.0.0.1:{server.server_port}"
    # Links the site hands out for use outside the page (calendar feed addresses, links in
    # mail) are built from BASE_URL: they must point at this server, not the default port.
    app.config["BASE_URL"] = url
    in_flight = _RequestsInFlight(app.wsgi_app)
    app.wsgi_app = in_flight
    thread = threading.Thread(target=server.serve_forever, name="demo-site", daemon=True)
    thread.start()
    try:
        yield DemoSite(app, url)
    finally:
        server.shutdown()
        thread.join(timeout=10)
        in_flight.wait_until_idle(timeout=10)
        with app.app_context():
            db.engine.dispose()
