"""Real processes for the worker tests: a Celery worker, a private Redis, kill helpers.

Nothing here is mocked. ``Worker`` runs ``celery -A workers worker`` as a subprocess
(its own process group) against a real broker and a real database; ``PrivateRedis``
runs a throw-away ``redis-server`` that a test may stop and restart (the shared one
must never be restarted).
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def port_open(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.2)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def wait_until(predicate: Callable[[], object], timeout: float, what: str,
               interval: float = 0.1):
    """Poll ``predicate`` until it returns something truthy; fail after ``timeout`` s."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what}")
        time.sleep(interval)


def child_pids(pid: int) -> list[int]:
    """The direct children of ``pid`` (the prefork pool's processes), from /proc."""
    children = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # pid (comm) state ppid …; comm may contain spaces and parentheses.
        fields = stat[stat.rindex(")") + 2:].split()
        if int(fields[1]) == pid:
            children.append(int(entry.name))
    return sorted(children)


class Worker:
    """``celery -A workers worker`` in a subprocess, with its log in a file."""

    def __init__(self, env: dict[str, str], queue: str, log_path: Path, name: str = "w1",
                 concurrency: int = 1):
        self.env = env
        self.queue = queue
        self.log_path = log_path
        self.name = name
        self.concurrency = concurrency
        self.proc: subprocess.Popen | None = None
        self._log_offset = 0

    def start(self, timeout: float = 40) -> Worker:
        args = [
            sys.executable, "-m", "celery", "-A", "workers", "worker",
            "--pool=prefork", f"--concurrency={self.concurrency}", "--loglevel=INFO",
            f"--hostname={self.name}@%h", f"--queues={self.queue}",
            "--without-gossip", "--without-mingle", "--without-heartbeat",
        ]
        self._log_offset = self.log_path.stat().st_size if self.log_path.exists() else 0
        log = open(self.log_path, "ab")  # noqa: SIM115 — the child keeps writing to it
        try:
            self.proc = subprocess.Popen(args, cwd=ROOT, env=self.env, stdout=log,
                                         stderr=subprocess.STDOUT, start_new_session=True)
        finally:
            log.close()
        ready = re.compile(rf"{re.escape(self.name)}@\S+ ready\.")
        wait_until(lambda: ready.search(self.log()) or self._died(), timeout,
                   f"worker {self.name} to be ready")
        if self.proc.poll() is not None:
            raise AssertionError(f"worker {self.name} exited:\n{self.log()[-4000:]}")
        wait_until(lambda: len(self.pool_children()) >= self.concurrency, 10,
                   "the pool's child processes")
        return self

    def _died(self) -> bool:
        return self.proc is not None and self.proc.poll() is not None

    def log(self) -> str:
        """This run's log (since the last start)."""
        try:
            with open(self.log_path, "rb") as handle:
                handle.seek(self._log_offset)
                return handle.read().decode("utf-8", "replace")
        except FileNotFoundError:
            return ""

    def _ended(self, job: str, how: str) -> int:
        return len(re.findall(rf"Task {re.escape(job)}\[[^\]]+\] {how}", self.log()))

    def succeeded(self, job: str) -> int:
        """How many runs of ``job`` succeeded in this run's log."""
        return self._ended(job, "succeeded")

    def finished(self, job: str) -> int:
        """How many runs of ``job`` ended (succeeded or raised) in this run's log."""
        return self.succeeded(job) + self._ended(job, "raised")

    def wait_finished(self, job: str, count: int, timeout: float = 20) -> None:
        wait_until(lambda: self.finished(job) >= count, timeout,
                   f"{count} run(s) of {job} on {self.name}")

    @property
    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def pool_children(self) -> list[int]:
        return child_pids(self.proc.pid) if self.alive else []

    def kill_pool_child(self) -> int:
        """SIGKILL one pool process (what the OOM killer does); the worker replaces it."""
        child = self.pool_children()[0]
        os.kill(child, signal.SIGKILL)
        return child

    def kill(self) -> None:
        """SIGKILL the whole worker, main process and children at once (power loss)."""
        if self.proc is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait(timeout=10)

    def stop(self, timeout: float = 20) -> None:
        """Warm shutdown (SIGTERM); SIGKILL if it does not end in ``timeout`` s."""
        if not self.alive:
            return
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.kill()
        else:
            # Children still alive after their parent exited.
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, signal.SIGKILL)


class PrivateRedis:
    """A ``redis-server`` of our own on a free port, without persistence."""

    def __init__(self, workdir: Path):
        self.workdir = workdir
        self.port = free_port()
        self.proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> PrivateRedis:
        binary = shutil.which("redis-server")
        if binary is None:
            raise AssertionError("redis-server is not installed (apt-get install redis-server)")
        self.proc = subprocess.Popen(
            [binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", str(self.workdir)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        wait_until(lambda: port_open(self.port), 10, "the private Redis")
        return self

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=10)
        wait_until(lambda: not port_open(self.port), 10, "the private Redis to stop")

    def restart(self, down_for: float = 1.0) -> None:
        self.stop()
        time.sleep(down_for)
        self.start()
