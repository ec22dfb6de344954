"""Shared helpers for the administration tests."""

from __future__ import annotations

import pytest

from tests.factories import UserFactory
from tracker.extensions import db


@pytest.fixture
def admin():
    return UserFactory(is_admin=True, agency=None, name="Quản trị hệ thống", language="en")


@pytest.fixture
def as_admin(login, admin):
    return login(admin)


def count(model) -> int:
    return db.session.scalar(db.select(db.func.count()).select_from(model))
