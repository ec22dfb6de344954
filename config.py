"""Configuration read from the environment.

Every setting has a default that works on a developer's laptop (SQLite under
``instance/``, no Redis, no SMTP server), once ``TRACKER_ENV=development`` says
it is one (``make run`` does). Without ``TRACKER_ENV`` the production settings
apply, and ``ProductionConfig`` refuses to start without a real secret key.
"""

from __future__ import annotations

import json
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


def _env_float(name: str, default: float) -> float:
    value = os.environ.get(name)
    return float(value) if value else default


def _env_json(name: str, default):
    value = os.environ.get(name)
    return json.loads(value) if value else default


def _database_url() -> str:
    url = os.environ.get("DATABASE_URL", f"sqlite:///{_INSTANCE / 'tracker.db'}")
    # Heroku-style URLs and bare "postgresql://" mean psycopg 3 here, not psycopg2.
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def celery_queues(default: str = "celery", summaries: str = "summaries") -> dict:
    """Where jobs go: summaries (compiled on demand and weekly, seconds to minutes each) and
    the background exports of long lists (seconds at 200,000 rows) on a queue of their own,
    everything else (the reminder jobs) on the default one, so reminders never wait behind
    reports. A worker consumes the queues its ``-Q`` names."""
    return {"task_default_queue": default, "task_routes": {"summaries.*": {"queue": summaries},
                                                           "exports.*": {"queue": summaries}}}


def _celery_settings(redis_url: str | None, instance: Path) -> dict:
    """Celery for at-least-once delivery; the outbox tables make a redelivered job harmless.

    Redis in production (``REDIS_URL``); otherwise kombu's SQLAlchemy transport on a
    SQLite file, so ``make run`` needs no server. Time limits and queue names come from
    the environment so tests can shorten them and give each test queues of its own.
    """
    hard = _env_int("CELERY_TASK_TIME_LIMIT", 600)
    soft = _env_int("CELERY_TASK_SOFT_TIME_LIMIT", max(hard - 30, 1))
    if redis_url:
        broker = redis_url
        # Longer than any job may run (hard limit), or Redis hands a running job to a
        # second worker; the leases in the outbox would make even that harmless.
        transport = {"visibility_timeout": max(3600, hard * 2)}
    else:
        broker = f"sqla+sqlite:///{instance / 'broker.sqlite'}"
        # Passed to create_engine: wait for the web, beat and worker processes' writes.
        transport = {"connect_args": {"timeout": 30}}
    return {
        "broker_url": os.environ.get("CELERY_BROKER_URL") or broker,
        "broker_transport_options": transport,
        "broker_connection_retry_on_startup": True,
        "task_ignore_result": True,  # jobs write their outcome to the database
        "result_backend": None,
        "task_serializer": "json",
        "accept_content": ["json"],
        "timezone": "Asia/Ho_Chi_Minh",
        "enable_utc": True,
        # At-least-once: a message is acknowledged only when its job has finished, and a
        # job whose process died is handed out again.
        "task_acks_late": True,
        "task_reject_on_worker_lost": True,
        "worker_prefetch_multiplier": 1,
        "task_time_limit": hard,
        "task_soft_time_limit": soft,
        # Losing the broker cancels running jobs, whose messages come back (Celery 6's default).
        "worker_cancel_long_running_tasks_on_connection_loss": True,
        # Celery >= 5.5: on a cold shutdown (SIGQUIT, or SIGTERM with REMAP_SIGTERM=SIGQUIT)
        # running jobs get this long to finish before they are cancelled and requeued.
        "worker_soft_shutdown_timeout": _env_float("CELERY_SOFT_SHUTDOWN_TIMEOUT", 20.0),
        "worker_max_tasks_per_child": _env_int("CELERY_MAX_TASKS_PER_CHILD", 1000),
        "worker_hijack_root_logger": False,
        "beat_schedule_filename": str(instance / "celerybeat-schedule"),
        **celery_queues(os.environ.get("CELERY_DEFAULT_QUEUE") or "celery",
                        os.environ.get("CELERY_SUMMARIES_QUEUE") or "summaries"),
    }


# Public (it is in git): only development and the tests may sign cookies with it.
DEVELOPMENT_SECRET_KEY = "dev-only-secret-change-me"  # noqa: S105


class Config:
    """Defaults shared by every environment."""

    SECRET_KEY = os.environ.get("SECRET_KEY", DEVELOPMENT_SECRET_KEY)
    SQLALCHEMY_DATABASE_URI = _database_url()
    SQLALCHEMY_ENGINE_OPTIONS: dict = {}
    # A pooled connection idle this long is pinged before reuse (tracker.database).
    DATABASE_PING_AFTER_IDLE_SECONDS = _env_float("DATABASE_PING_AFTER_IDLE_SECONDS", 1.0)
    # SQLite (`make run`): how long a writer waits for another's write to end before the
    # request is answered 503 "try again" (tracker.database, tracker.errors).
    SQLITE_BUSY_TIMEOUT_SECONDS = _env_float("SQLITE_BUSY_TIMEOUT_SECONDS", 5.0)
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
    # Storage quotas: the sizes of the files already stored plus the new ones, per uploader
    # and per committee (0: no quota). A refused upload stores nothing.
    UPLOAD_QUOTA_USER_MB = _env_int("UPLOAD_QUOTA_USER_MB", 500)
    UPLOAD_QUOTA_COMMITTEE_MB = _env_int("UPLOAD_QUOTA_COMMITTEE_MB", 5000)
    # Requests that carry files, per user, counted across every form that takes them.
    UPLOAD_RATE_LIMIT = os.environ.get("UPLOAD_RATE_LIMIT", "60 per hour")
    # Task-import uploads (spreadsheets read at upload), per user.
    IMPORT_RATE_LIMIT = os.environ.get("IMPORT_RATE_LIMIT", "20 per hour")

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
    # Password guesses (site login, API token exchange, the profile's current password),
    # counted together per client address and, separately, per account (e-mail tried).
    LOGIN_RATE_LIMIT = os.environ.get("LOGIN_RATE_LIMIT", "10 per minute;50 per hour")
    LOGIN_ACCOUNT_RATE_LIMIT = os.environ.get("LOGIN_ACCOUNT_RATE_LIMIT") or LOGIN_RATE_LIMIT
    RATELIMIT_STORAGE_URI = os.environ.get("REDIS_URL") or "memory://"
    RATELIMIT_HEADERS_ENABLED = True

    # Strict-Transport-Security max-age; 0 sends no header (development and tests run on
    # plain HTTP, and a browser that saw HSTS for 127.0.0.1 would refuse it afterwards).
    HSTS_SECONDS = 0

    # How many reverse proxies (nginx…) stand in front of the app. Their X-Forwarded-For /
    # -Proto headers are trusted only when this is set, so the login limit counts real
    # clients and links say https; with 0 (direct serving) nobody can spoof an address.
    PROXY_HOPS = _env_int("PROXY_HOPS", 0)

    PER_PAGE = 25

    # An identical summary request (same committee, period and language, whoever asks) gets
    # the summary already waiting or compiling, or one compiled this many minutes ago at most.
    SUMMARY_FRESH_MINUTES = _env_int("SUMMARY_FRESH_MINUTES", 10)
    # Summary compilations one user may start (site and API together).
    SUMMARY_RATE_LIMIT = os.environ.get("SUMMARY_RATE_LIMIT", "20 per hour")

    DEMO_MODE = _env_bool("DEMO_MODE", False)

    # Outgoing mail. Without SMTP_URL every message lands in MAIL_SINK_DIR as a .eml file.
    SMTP_TIMEOUT = _env_float("SMTP_TIMEOUT", 10.0)
    MAIL_SINK_DIR = os.environ.get("MAIL_SINK_DIR", str(_INSTANCE / "mail-sink"))
    # A digest claimed by a worker that dies is free again after this many seconds.
    REMINDER_LEASE_SECONDS = _env_int("REMINDER_LEASE_SECONDS", 300)
    REMINDER_BATCH_SIZE = _env_int("REMINDER_BATCH_SIZE", 50)
    # Digests a sender claims and composes together: one claim and one read for them all
    # (~40 % less CPU per e-mail than one at a time). A sender killed outright leaves
    # the unsent rest of its claim waiting for the lease to run out (1: only the one in
    # flight); an error gives them back at once.
    REMINDER_CLAIM_SIZE = _env_int("REMINDER_CLAIM_SIZE", 10)
    # One sending job stops claiming after this long; the next beat tick carries on.
    REMINDER_SEND_BUDGET_SECONDS = _env_int("REMINDER_SEND_BUDGET_SECONDS", 240)
    # A recurring duty's next occurrence is made this many days before it is due (the
    # "create-recurring-occurrences" job), so reminders and lists see it in time.
    RECURRENCE_LEAD_DAYS = _env_int("RECURRENCE_LEAD_DAYS", 30)
    # Periodic jobs, as JSON: {"entry in workers/schedule.py": {"schedule": seconds} or null}.
    BEAT_SCHEDULE_OVERRIDES: dict = _env_json("BEAT_SCHEDULE_OVERRIDES", {})
    JOBS_DISPATCH = os.environ.get("JOBS_DISPATCH", "celery")  # or "record" (tests)
    # A task list export of at least this many rows is written by a worker (progress page,
    # then a download link) instead of streamed; its file is kept EXPORT_KEEP_HOURS.
    EXPORT_BACKGROUND_ROWS = _env_int("EXPORT_BACKGROUND_ROWS", 50_000)
    EXPORT_KEEP_HOURS = _env_int("EXPORT_KEEP_HOURS", 24)
    EXPORT_DIR = os.environ.get("EXPORT_DIR")  # default: <UPLOAD_DIR>/exports
    CELERY = _celery_settings(REDIS_URL, _INSTANCE)


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
    LOGIN_ACCOUNT_RATE_LIMIT = "1000 per minute"
    UPLOAD_RATE_LIMIT = "1000 per minute"
    IMPORT_RATE_LIMIT = "1000 per minute"
    SUMMARY_RATE_LIMIT = "1000 per minute"
    UPLOAD_DIR = str(_INSTANCE / "test-uploads")
    MAIL_SINK_DIR = str(_INSTANCE / "test-mail-sink")
    # Jobs enqueued by the web app are recorded in app.extensions["jobs_recorded"], not sent;
    # the worker tests (tests/workers) run real workers with JOBS_DISPATCH=celery.
    JOBS_DISPATCH = os.environ.get("JOBS_DISPATCH", "record")


class ProductionConfig(Config):
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True
    PREFERRED_URL_SCHEME = "https"
    # Production is served over HTTPS only: browsers remember that for a year.
    HSTS_SECONDS = _env_int("HSTS_SECONDS", 365 * 24 * 3600)

    @classmethod
    def check(cls) -> None:
        """Refuse to start with the development secret or no database."""
        unset = "" if os.environ.get("TRACKER_ENV") else (
            " (TRACKER_ENV is not set, so the production settings apply; for a local "
            "development server use `make run` or set TRACKER_ENV=development)")
        key = os.environ.get("SECRET_KEY")
        if not key:
            raise RuntimeError("SECRET_KEY must be set in production: a long random value "
                               "of your own, e.g. from `python -c 'import secrets; "
                               "print(secrets.token_urlsafe(48))'`" + unset)
        if key == DEVELOPMENT_SECRET_KEY:
            raise RuntimeError("SECRET_KEY must be set in production to a value of your own, "
                               "not the public development key" + unset)
        if not os.environ.get("DATABASE_URL"):
            raise RuntimeError("DATABASE_URL must be set in production" + unset)


CONFIGS = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}


def config_for(name: str | None = None) -> type[Config]:
    # Production unless told otherwise: a deployment that forgets TRACKER_ENV must not run
    # with the public development key and the demo switched on. `make run`, the tests, the
    # benchmarks and scripts/fuzz-api.sh ask for their environment explicitly.
    name = name or os.environ.get("TRACKER_ENV") or "production"
    try:
        return CONFIGS[name]
    except KeyError as exc:
        raise RuntimeError(f"Unknown TRACKER_ENV {name!r}; use one of {sorted(CONFIGS)}") from exc
