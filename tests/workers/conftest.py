"""Fixtures for tests that run real Celery workers.

A worker is another process, so it cannot see the per-test rolled-back transaction of
``tests/conftest.py``. Each test module here gets its own database instead (named after
``TEST_DATABASE_URL`` plus the module: ``test_work_faults`` on PostgreSQL, or
``instance/test-work-faults.db`` on SQLite, a file shared by the test and the worker),
built by the real migrations. Tests commit their data and every table is emptied
after each test. The broker is the Redis in ``REDIS_URL`` (``make test`` exports it;
default: database 10 of the local server), with a queue of its own per test.
"""

from __future__ import annotations

import os
import uuid
from contextlib import contextmanager
from pathlib import Path

import pytest
import redis
import sqlalchemy as sa
from celery import Celery
from flask_migrate import upgrade

from config import celery_queues
from tests.conftest import _database_url, _fresh_database
from tests.workers.harness import Worker
from tests.workers.mailserver import FaultySMTP
from tracker import create_app
from tracker.extensions import db

DEFAULT_REDIS = "redis://127.0.0.1:6379/10"
BASE_URL = "http://tracker.test"


@pytest.fixture(autouse=True)
def db_session():
    """Overrides the rolled-back session of tests/conftest.py: these tests commit."""
    yield None


@pytest.fixture(scope="session")
def redis_url() -> str:
    url = os.environ.get("REDIS_URL") or DEFAULT_REDIS
    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except redis.RedisError as error:
        pytest.fail(f"the worker tests need Redis at {url} ({error}); set REDIS_URL")
    return url


def _module_database_url(base: str, suffix: str) -> str:
    if base.startswith("sqlite"):
        path = Path(base.split("sqlite:///", 1)[1])
        return f"sqlite:///{path.with_name(f'{path.stem}-{suffix}.db')}"
    url = sa.engine.make_url(base)
    return url.set(database=f"{url.database}_{suffix}").render_as_string(hide_password=False)


class WorkerDatabase:
    """A migrated database that the test process and the worker processes share."""

    def __init__(self, url: str, app):
        self.url = url
        self.app = app

    @property
    def is_sqlite(self) -> bool:
        return self.url.startswith("sqlite")

    @contextmanager
    def session(self):
        """``db.session`` on this database, committed at the end of the block."""
        with self.app.app_context():
            try:
                yield db.session
                db.session.commit()
            except BaseException:
                db.session.rollback()
                raise
            finally:
                db.session.remove()

    def scalar(self, statement):
        with self.session() as session:
            return session.scalar(statement)

    def all(self, statement):
        with self.session() as session:
            return session.execute(statement).all()

    def wipe(self) -> None:
        with self.app.app_context():
            tables = [t for t in db.metadata.sorted_tables if t.name != "alembic_version"]
            with db.engine.begin() as conn:
                if self.is_sqlite:
                    for table in reversed(tables):
                        conn.execute(table.delete())
                else:
                    names = ", ".join(f'"{t.name}"' for t in tables)
                    conn.exec_driver_sql(f"TRUNCATE {names} RESTART IDENTITY CASCADE")
            db.engine.dispose()


@pytest.fixture(scope="module")
def worker_db(request, tmp_path_factory):
    suffix = request.module.__name__.rsplit(".", 1)[-1].removeprefix("test_")
    url = _module_database_url(_database_url(), suffix)
    _fresh_database(url)
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=url, BASE_URL=BASE_URL,
                     UPLOAD_DIR=str(tmp_path_factory.mktemp("uploads")))
    with app.app_context():
        upgrade()
        db.engine.dispose()
    database = WorkerDatabase(url, app)
    yield database
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def clean_db(worker_db):
    yield worker_db
    worker_db.wipe()


def summaries_queue_of(queue: str) -> str:
    """The test's own queue for summaries, beside its default queue ``queue``."""
    return f"{queue}-summaries"


class Broker:
    """The sending side, as the web app and beat use it: jobs by name, routed as the app
    routes them (``config.celery_queues``) onto this test's two queues."""

    def __init__(self, url: str, queue: str):
        self.url = url
        self.queue = queue
        self.summaries_queue = summaries_queue_of(queue)
        self.app = Celery("worker-tests", broker=url, set_as_current=False)
        self.app.conf.broker_connection_retry_on_startup = True
        self.app.conf.update(celery_queues(queue, self.summaries_queue))

    def send(self, name: str, *args) -> None:
        self.app.send_task(name, args=list(args))

    def close(self) -> None:
        """Forget this test's queues, and the unacknowledged messages a killed worker left
        behind (Redis would hand them out again an hour later, to nobody)."""
        self.app.close()
        client = redis.Redis.from_url(self.url)
        try:
            for name in (self.queue, self.summaries_queue):
                client.delete(name, f"_kombu.binding.{name}",
                              f"_kombu.binding_permanent.{name}")
            for tag, raw in client.hgetall("unacked").items():
                if self.queue.encode() in raw:  # the summaries queue's name contains it
                    client.hdel("unacked", tag)
                    client.zrem("unacked_index", tag)
        except redis.RedisError:
            pass  # a private Redis that a test stopped
        finally:
            client.close()


@pytest.fixture
def queue() -> str:
    return f"worker-test-{uuid.uuid4().hex[:12]}"


@pytest.fixture
def broker(redis_url, queue):
    client = Broker(redis_url, queue)
    yield client
    client.close()


@pytest.fixture
def smtp():
    server = FaultySMTP().start()
    yield server
    server.stop()


@pytest.fixture
def worker_env(clean_db, redis_url, smtp, tmp_path, queue) -> dict[str, str]:
    """The environment of a worker process: this test's database, broker and SMTP server.

    Short limits keep every fault test under ~20 s: a silent SMTP server is given up on
    after 2 s, a job is stopped after 15 s (killed after 20 s).
    """
    env = dict(os.environ)
    env.update({
        "TRACKER_ENV": "testing",
        "TEST_DATABASE_URL": clean_db.url,
        "REDIS_URL": redis_url,
        "CELERY_BROKER_URL": redis_url,
        "JOBS_DISPATCH": "celery",
        "SMTP_URL": smtp.url,
        "SMTP_TIMEOUT": "2",
        "REMINDER_LEASE_SECONDS": "60",
        "CELERY_TASK_TIME_LIMIT": "20",
        "CELERY_TASK_SOFT_TIME_LIMIT": "15",
        "CELERY_SOFT_SHUTDOWN_TIMEOUT": "2",
        "BASE_URL": BASE_URL,
        # Jobs a worker enqueues itself stay on this test's queues.
        "CELERY_DEFAULT_QUEUE": queue,
        "CELERY_SUMMARIES_QUEUE": summaries_queue_of(queue),
        "INSTANCE_PATH": str(tmp_path / "instance"),
        "MAIL_SINK_DIR": str(tmp_path / "mail-sink"),
        "PYTHONUNBUFFERED": "1",
    })
    return env


@pytest.fixture
def start_worker(worker_env, queue, tmp_path, request):
    """``start_worker(name="w1", concurrency=1, queues=None, **env)`` → a ready ``Worker``
    consuming ``queues`` (default: both of this test's queues, as ``make run``'s demo worker
    does); all killed at the end, and their logs printed if the test failed."""
    workers: list[Worker] = []

    def _start(name: str = "w1", concurrency: int = 1, queues: str | None = None,
               **env) -> Worker:
        queues = queues or f"{queue},{summaries_queue_of(queue)}"
        worker = Worker({**worker_env, **env}, queues, tmp_path / f"{name}.log", name=name,
                        concurrency=concurrency)
        workers.append(worker)
        return worker.start()

    yield _start
    for worker in workers:
        worker.kill()  # the test is over: no need to wait for a warm shutdown
    failed = getattr(request.node, "rep_call", None)
    if failed is not None and failed.failed:
        for worker in workers:
            print(f"----- log of {worker.name} -----\n{worker.log_path.read_text()[-6000:]}")


@pytest.hookimpl(hookwrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)
