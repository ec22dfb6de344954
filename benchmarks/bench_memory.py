"""What a fresh web worker holds: its resident memory after boot and after one request to
each main page.

    .venv/bin/python benchmarks/bench_memory.py --database-url postgresql://…/bench100k

Serves the app with gunicorn, one sync worker (``bench_lists``' launcher), signs in as
datagen's admin and asks, once each and in this order, for the HTML overdue list, a task
page, a committee dashboard and the JSON overdue list, printing the worker's RSS (VmRSS,
the worker process alone, not gunicorn's master) after each. This is the baseline of
issue 12's "web worker RSS ≤ 120 MB": what importing the app and rendering each page once
costs, before any request that loads many rows grows it. Read-only apart from the sign-in
that the login records. ``--root`` serves another checkout with this virtualenv.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_lists import (  # noqa: E402
    ROOT,
    _free_port,
    _rss_by_process,
    _serve_tracker,
    _signed_in_opener,
)
from bench_read_path import OVERDUE, _sample  # noqa: E402

PAGES = (
    ("HTML overdue list", f"/tasks?{OVERDUE}"),
    ("task page", "/tasks/{task_id}"),
    ("committee dashboard", "/committees/1/dashboard"),
    ("JSON overdue list", f"/api/v1/tasks?{OVERDUE}"),
)


def _worker_rss_mb(master_pid: int) -> float:
    """VmRSS of the one worker gunicorn forked (its master holds no app: no --preload)."""
    _master, *workers = _rss_by_process(master_pid)
    assert len(workers) == 1, workers
    return workers[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--root", type=Path, default=ROOT,
                        help="the checkout to serve (default: this one)")
    args = parser.parse_args()
    os.environ["PYTHONPATH"] = str(args.root)
    task_id, _word = _sample(args.database_url)
    port = _free_port()
    server = _serve_tracker(args.database_url, port, workers=1, root=args.root)
    base = f"http://127.0.0.1:{port}"
    try:
        time.sleep(0.5)
        print(f"{'after boot and the first answer':<34} {_worker_rss_mb(server.pid):6.1f} MB")
        opener, _cookie = _signed_in_opener(base)
        print(f"{'after signing in':<34} {_worker_rss_mb(server.pid):6.1f} MB")
        for label, path in PAGES:
            with opener.open(base + path.format(task_id=task_id)) as answer:
                assert answer.status == 200, (path, answer.status)
                answer.read()
            print(f"{'after ' + label:<34} {_worker_rss_mb(server.pid):6.1f} MB", flush=True)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=20)


if __name__ == "__main__":
    main()
