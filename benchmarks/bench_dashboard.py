"""The committee dashboard (HTML and JSON) in-process, and its counting statement.

    .venv/bin/python benchmarks/bench_dashboard.py --database-url postgresql://…/bench1m

Signs in as datagen's admin through the Flask test client, warms up, then prints the
median and p95 of ``--requests`` sequential requests of committee 1's dashboard page and
its API answer, the time of the counts alone (``reports.queries.committee_tally``), the
statements per request, and the load average before and after. In-process: no gunicorn,
no network; a comparison of two versions of the code on the same data, minutes apart.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

EMAIL, PASSWORD = "user0@bench.example", "bench-password-2024"  # noqa: S105 — datagen's
PATHS = {"HTML": "/committees/1/dashboard", "JSON": "/api/v1/committees/1/dashboard"}


def _timed(call, count: int) -> tuple[float, float]:
    call()
    times = []
    for _ in range(count):
        started = time.perf_counter()
        call()
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return statistics.median(times), times[max(0, round(0.95 * len(times)) - 1)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--requests", type=int, default=20)
    args = parser.parse_args()
    os.environ.setdefault("TRACKER_ENV", "development")
    from sqlalchemy import event

    from tracker import create_app
    from tracker.extensions import db
    from tracker.reports import queries

    app = create_app(SQLALCHEMY_DATABASE_URI=args.database_url, WTF_CSRF_ENABLED=False)
    print(f"load average at the start: {os.getloadavg()[0]:.2f}")
    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)
    client.post("/login", data={"email": EMAIL, "password": PASSWORD,
                                "csrf_token": token.group(1) if token else ""})
    statements = []
    with app.app_context():
        event.listen(db.engine, "before_cursor_execute",
                     lambda *a, **k: statements.append(1))
        for name, path in PATHS.items():
            def fetch(path=path):
                response = client.get(path)
                assert response.status_code == 200, (path, response.status_code)
            median, p95 = _timed(fetch, args.requests)
            statements.clear()
            fetch()
            print(f"dashboard {name}: median {median:.1f} ms, p95 {p95:.1f} ms, "
                  f"{len(statements)} SQL")

        def count():
            queries.committee_tally(1)
            db.session.rollback()
        median, p95 = _timed(count, args.requests)
        print(f"counts alone (committee_tally): median {median:.1f} ms, p95 {p95:.1f} ms")
    print(f"load average at the end: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
