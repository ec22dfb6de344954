"""An API client per user: a real personal token, sent as ``Authorization: Bearer``."""

from __future__ import annotations

import pytest

from tests.tasks.scenes import lang_son_scene
from tracker.auth import tokens


class ApiClient:
    """Calls /api/v1 as one user with a token of theirs (no cookies, no CSRF)."""

    def __init__(self, client, user, language: str = "en"):
        self.client = client
        self.user = user
        _, self.secret = tokens.create_token(user, "tests")
        self.headers = {"Authorization": f"Bearer {self.secret}", "Accept-Language": language}

    def _call(self, method, path, headers=None, **kw):
        path = path if path.startswith("/") else "/api/v1/" + path
        return self.client.open(path, method=method, headers={**self.headers, **(headers or {})},
                                **kw)

    def get(self, path, **kw):
        return self._call("GET", path, **kw)

    def post(self, path, json=None, **kw):
        return self._call("POST", path, json=json, **kw)

    def patch(self, path, json=None, **kw):
        return self._call("PATCH", path, json=json, **kw)

    def delete(self, path, **kw):
        return self._call("DELETE", path, **kw)


@pytest.fixture
def api(app):
    """``api(user)`` → an ApiClient acting as ``user`` (English messages unless asked)."""
    client = app.test_client(use_cookies=False)

    def _api(user, language: str = "en"):
        return ApiClient(client, user, language)

    return _api


@pytest.fixture
def scene():
    """The Lạng Sơn tourism committee with one person per role (tests/tasks/scenes.py)."""
    return lang_son_scene()
