"""Shared by the demo tests."""

from __future__ import annotations

import functools

import pytest

from tracker.auth.passwords import hash_password


@functools.cache
def _cached_hash(password: str) -> str:
    return hash_password(password)


@pytest.fixture(autouse=True)
def hash_each_password_once(monkeypatch):
    """The eight demo users share one password: hash it once per test run (argon2 is slow
    on purpose), keeping real hashes that ``authenticate`` verifies."""
    from tracker.auth import services

    monkeypatch.setattr(services, "hash_password", _cached_hash)
