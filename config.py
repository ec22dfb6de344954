"""Configuration read from the environment.

Every setting has a default that works on a developer's laptop (SQLite under
``instance/``, no Redis, no SMTP server). Production sets the variables listed
in README.md; ``ProductionConfig`` refuses to start without a real secret key.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent
_INSTANCE = Path(os.environ.get("INSTANCE_PATH") or BASE_DIR / "instance")


def _env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


def _database_url() -> str:
    url = os.environ.get("DATABASE_URL", f"sqlite:///{_INSTANCE / 'tracker.db'}")
    # Heroku-style URLs and bare "postgresql://" mean psycopg 3 here, not psycopg2.
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


class Config:
    """Defaults shared by every environment."""

    SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-secret-change-me")
    SQLALCHEMY_DATABASE_URI = _database_url()
    SQLALCHEMY_ENGINE_OPTIONS: dict = {"pool_pre_ping": True}
    REDIS_URL = os.environ.get("REDIS_URL") or None
    SMTP_URL = os.environ.get("SMTP_URL") or None
    MAIL_FROM = os.environ.get("MAIL_FROM", "Theo dõi nhiệm vụ BCĐ <no-reply@localhost>")
    BASE_URL = os.environ.get("BASE_URL", "http://127.0.0.1:5000")

    INSTANCE_DIR = str(_INSTANCE)
    # Uploaded evidence lives outside the web root and is only served through a
    # view that checks the task's access rules.
    UPLOAD_DIR = os.environ.get("UPLOAD_DIR", str(_INSTANCE / "uploads"))
    MAX_UPLOAD_MB = _env_int("MAX_UPLOAD_MB", 10)
    MAX_CONTENT_LENGTH = (_env_int("MAX_UPLOAD_MB", 10) * 5 + 1) * 1024 * 1024

    BABEL_DEFAULT_LOCALE = "vi"
    BABEL_DEFAULT_TIMEZONE = os.environ.get("DEFAULT_TIMEZONE", "Asia/Ho_Chi_Minh")
    LANGUAGES = ("vi", "en")

    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = _env_bool("SESSION_COOKIE_SECURE", False)
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_SECURE = _env_bool("SESSION_COOKIE_SECURE", False)
    REMEMBER_COOKIE_DURATION = timedelta(days=14)
    PERMANENT_SESSION_LIFETIME = timedelta(hours=12)

    WTF_CSRF_TIME_LIMIT = None  # a form left open over lunch must still save
    LOGIN_RATE_LIMIT = os.environ.get("LOGIN_RATE_LIMIT", "10 per minute;50 per hour")
    RATELIMIT_STORAGE_URI = os.environ.get("REDIS_URL") or "memory://"
    RATELIMIT_HEADERS_ENABLED = True

    # How many reverse proxies (nginx…) stand in front of the app. Their X-Forwarded-For /
    # -Proto headers are trusted only when this is set, so the login limit counts real
    # clients and links say https; with 0 (direct serving) nobody can spoof an address.
    PROXY_HOPS = _env_int("PROXY_HOPS", 0)

    PER_PAGE = 25
    DEMO_MODE = _env_bool("DEMO_MODE", False)


class DevelopmentConfig(Config):
    DEMO_MODE = _env_bool("DEMO_MODE", True)


class TestingConfig(Config):
    TESTING = True
    SECRET_KEY = "testing-secret"  # noqa: S105 — tests only
    SQLALCHEMY_DATABASE_URI = os.environ.get(
        "TEST_DATABASE_URL", "sqlite:///" + str(_INSTANCE / "test.db")
    )
    WTF_CSRF_ENABLED = True
    RATELIMIT_STORAGE_URI = "memory://"
    LOGIN_RATE_LIMIT = "1000 per minute"
    UPLOAD_DIR = str(_INSTANCE / "test-uploads")


class ProductionConfig(Config):
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True
    PREFERRED_URL_SCHEME = "https"

    @classmethod
    def check(cls) -> None:
        """Refuse to start with the development secret or no database."""
        if not os.environ.get("SECRET_KEY"):
            raise RuntimeError("SECRET_KEY must be set in production")
        if not os.environ.get("DATABASE_URL"):
            raise RuntimeError("DATABASE_URL must be set in production")


CONFIGS = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}


def config_for(name: str | None = None) -> type[Config]:
    name = name or os.environ.get("TRACKER_ENV", "development")
    try:
        return CONFIGS[name]
    except KeyError as exc:
        raise RuntimeError(f"Unknown TRACKER_ENV {name!r}; use one of {sorted(CONFIGS)}") from exc
