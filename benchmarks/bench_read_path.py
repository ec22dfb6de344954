"""The read path at 100k and 1M tasks, next to a Flask hello-world (issue 12's targets).

    .venv/bin/python benchmarks/bench_read_path.py \\
        --data 100k=postgresql://postgres@127.0.0.1:5432/bench100k \\
        --data 1m=postgresql://postgres@127.0.0.1:5432/bench1m --build

For each data set (built by datagen.py when ``--build`` is given and the database holds no
task yet; "100k" is scale 1, "1m" scale 10), gunicorn serves the app with 2 sync workers, as
it serves the hello-world (benchmarks/hello_wsgi.py). Every workload is measured as the
median and p95 latency over ``--requests`` sequential requests, as requests/s under
``wrk -c8`` for ``--wrk-seconds``, and as SQL statements per request (counted in-process
with the test client on the same database); each figure is printed with its ratio to the
hello-world. The web processes' resident memory is printed after each data set's run.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from bench_lists import (
    EMAIL,
    PASSWORD,
    USER_AGENT,
    _free_port,
    _rss_by_process,
    _sequential,
    _serve,
    _serve_tracker,
    _signed_in_opener,
)

ROOT = Path(__file__).resolve().parent.parent
SCALES = {"100k": 1.0, "1m": 10.0}
MEMBER_EMAIL = "user1@bench.example"  # sits on four committees (datagen's ring), not an admin
OVERDUE = "category=overdue&sort=-deadline&per_page=100"


@dataclass(frozen=True)
class Workload:
    name: str
    who: str  # "admin" or "member"
    path: str
    api: bool = False


def workloads(task_id: int, word: str) -> list[Workload]:
    return [
        Workload("JSON overdue list (admin)", "admin", f"/api/v1/tasks?{OVERDUE}", api=True),
        Workload("JSON overdue list (member of 4)", "member", f"/api/v1/tasks?{OVERDUE}",
                 api=True),
        Workload("HTML overdue list (admin)", "admin", f"/tasks?{OVERDUE}"),
        Workload("My agency's tasks (member)", "member", "/my-agency"),
        Workload("Committee dashboard HTML", "admin", "/committees/1/dashboard"),
        Workload("Committee dashboard JSON", "admin", "/api/v1/committees/1/dashboard", api=True),
        Workload("Task page", "admin", f"/tasks/{task_id}"),
        Workload("Search", "admin", f"/search?q={urllib.request.quote(word)}"),
        Workload("CSV export, overdue", "admin", f"/tasks/export.csv?{OVERDUE}"),
    ]


def _stop(server: subprocess.Popen) -> None:
    os.killpg(server.pid, signal.SIGTERM)
    server.wait(timeout=20)


def _wrk(url: str, seconds: int, connections: int, headers: list[str]) -> float | None:
    if not shutil.which("wrk"):
        return None
    command = ["wrk", "-t", "2", "-c", str(connections), "-d", f"{seconds}s"]
    for header in headers:
        command += ["-H", header]
    out = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout
    if "Non-2xx" in out:
        raise SystemExit(f"wrk saw non-2xx responses on {url}: not a valid measurement\n{out}")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))


def _token(base: str, email: str) -> str:
    request = urllib.request.Request(
        base + "/api/v1/auth/token", method="POST",
        data=json.dumps({"email": email, "password": PASSWORD}).encode(),
        headers={"Content-Type": "application/json", "User-Agent": USER_AGENT})
    with urllib.request.urlopen(request) as answer:  # noqa: S310 — our own server
        return json.loads(answer.read())["token"]


def _statement_counts(database_url: str, loads: list[Workload]) -> dict[str, int]:
    """SQL statements per request, counted in-process on the same database."""
    # The served app's login limits too (bench_lists._serve_tracker): each data set signs in
    # and asks for a token twice here, within a minute of the last one's.
    os.environ.update(DATABASE_URL=database_url, TRACKER_ENV="development", SECRET_KEY="bench",
                      LOGIN_RATE_LIMIT="1000 per minute",
                      LOGIN_ACCOUNT_RATE_LIMIT="1000 per minute")
    from sqlalchemy import event

    from tracker import create_app
    from tracker.extensions import db

    app = create_app()
    counts: dict[str, int] = {}
    with app.app_context():
        engine = db.engine
    seen = []
    event.listen(engine, "before_cursor_execute", lambda *args: seen.append(1))
    clients = {}
    for who, email in (("admin", EMAIL), ("member", MEMBER_EMAIL)):
        client = app.test_client()
        page = client.get("/login", headers={"User-Agent": USER_AGENT}).get_data(as_text=True)
        csrf = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
        client.post("/login", headers={"User-Agent": USER_AGENT},
                    data={"csrf_token": csrf, "email": email, "password": PASSWORD})
        answer = client.post("/api/v1/auth/token", json={"email": email, "password": PASSWORD})
        clients[who] = (client, answer.get_json()["token"])
    for load in loads:
        client, token = clients[load.who]
        headers = {"User-Agent": USER_AGENT}
        if load.api:
            headers["Authorization"] = f"Bearer {token}"
        client.get(load.path, headers=headers)  # the first request warms caches
        seen.clear()
        status = client.get(load.path, headers=headers).status_code
        counts[load.name] = len(seen) if status == 200 else -status
    return counts


def _ensure_data(label: str, database_url: str, build: bool) -> None:
    from sqlalchemy import create_engine, text
    from sqlalchemy.exc import DBAPIError

    engine = create_engine(database_url)
    try:
        with engine.connect() as conn:
            tasks = conn.execute(text("SELECT count(*) FROM task")).scalar()
    except DBAPIError:
        tasks = 0
    finally:
        engine.dispose()
    if tasks:
        print(f"{label}: {tasks:,} tasks in {database_url}")
        return
    if not build:
        raise SystemExit(f"{database_url} holds no task: run with --build (or datagen.py)")
    from datagen import generate

    print(f"{label}: building the data set (scale {SCALES[label]}) …")
    generate(database_url, SCALES[label])


def _sample(database_url: str) -> tuple[int, str]:
    """An overdue task's id and a word of its title (the task page and the search)."""
    from sqlalchemy import create_engine, text

    engine = create_engine(database_url)
    with engine.connect() as conn:
        task_id, title = conn.execute(text(
            "SELECT id, title FROM task WHERE state = 'open' AND deadline < CURRENT_DATE "
            "ORDER BY id LIMIT 1")).one()
    engine.dispose()
    return task_id, title.split()[1]


def _forget_tokens(database_url: str) -> None:
    """Delete the API tokens earlier runs made for the benchmark's two users: each run makes
    four per data set, and a user may hold only so many (``tokens.MAX_TOKENS_PER_USER``)."""
    from sqlalchemy import create_engine, text

    engine = create_engine(database_url)
    with engine.begin() as conn:
        conn.execute(text('DELETE FROM api_token WHERE user_id IN (SELECT id FROM "user" '
                          "WHERE email IN (:admin, :member))"),
                     {"admin": EMAIL, "member": MEMBER_EMAIL})
    engine.dispose()


def _ratio(rate: float | None, hello: float | None) -> str:
    if rate is None or not hello:
        return ""
    return f" ({100 * rate / hello:.1f} % of hello-world)"


def measure_hello(requests: int, wrk_seconds: int) -> float | None:
    port = _free_port()
    server = _serve("benchmarks.hello_wsgi:app", port, {})
    try:
        url = f"http://127.0.0.1:{port}/"
        median, p95 = _sequential(lambda: urllib.request.urlopen(url).read(), requests)  # noqa: S310
        rate = _wrk(url, wrk_seconds, 16, [])
        print(f"hello-world: median {median:.1f} ms, p95 {p95:.1f} ms; wrk -c16: "
              f"{rate if rate is not None else 'wrk missing'} req/s")
        return rate
    finally:
        _stop(server)


def measure(label: str, database_url: str, args, hello: float | None) -> None:
    task_id, word = _sample(database_url)
    _forget_tokens(database_url)
    loads = workloads(task_id, word)
    statements = _statement_counts(database_url, loads)
    port = _free_port()
    server = _serve_tracker(database_url, port)
    base = f"http://127.0.0.1:{port}"
    try:
        sessions = {"admin": _signed_in_opener(base),
                    "member": _signed_in_opener(base, MEMBER_EMAIL)}
        tokens = {"admin": _token(base, EMAIL), "member": _token(base, MEMBER_EMAIL)}
        print(f"\n== {label} ({database_url.rsplit('/', 1)[-1]}) ==")
        print(f"{'workload':34} {'median':>8} {'p95':>8} {'req/s wrk -c8':>24} {'SQL':>4}")
        for load in loads:
            opener, cookie = sessions[load.who]
            headers = [f"User-Agent: {USER_AGENT}"]
            if load.api:
                headers.append(f"Authorization: Bearer {tokens[load.who]}")
                request = urllib.request.Request(base + load.path, headers=dict(
                    h.split(": ", 1) for h in headers))
                fetch = lambda request=request: urllib.request.urlopen(request).read()  # noqa: E731,S310
            else:
                headers.append(f"Cookie: {cookie}")
                fetch = lambda path=load.path, opener=opener: opener.open(base + path).read()  # noqa: E731
            fetch()
            median, p95 = _sequential(fetch, args.requests)
            rate = _wrk(base + load.path, args.wrk_seconds, 8, headers)
            shown = f"{rate:.1f}{_ratio(rate, hello)}" if rate is not None else "wrk missing"
            print(f"{load.name:34} {median:7.1f}ms {p95:7.1f}ms {shown:>24} "
                  f"{statements[load.name]:>4}", flush=True)
        master, *workers = _rss_by_process(server.pid)
        print(f"web processes resident memory after the run: {master + sum(workers):.0f} MB: "
              f"master {master:.0f} MB, workers {' / '.join(f'{w:.0f}' for w in workers)} MB")
    finally:
        _stop(server)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", action="append", required=True, metavar="LABEL=URL",
                        help="a data set: 100k=postgresql://…, 1m=postgresql://…")
    parser.add_argument("--build", action="store_true", help="generate empty data sets")
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--wrk-seconds", type=int, default=20)
    args = parser.parse_args()
    sets = [item.split("=", 1) for item in args.data]
    for label, url in sets:
        if label not in SCALES:
            raise SystemExit(f"unknown data set {label!r}: one of {', '.join(SCALES)}")
        _ensure_data(label, url, args.build)
    print(f"machine: {os.cpu_count()} cores; load average {os.getloadavg()}")
    hello = measure_hello(args.requests, args.wrk_seconds)
    for label, url in sets:
        measure(label, url, args, hello)
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main())
