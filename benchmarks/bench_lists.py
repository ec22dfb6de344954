"""The overdue list, 100 rows, newest deadline first, served by gunicorn with 2 workers.

    .venv/bin/python benchmarks/bench_lists.py --database-url postgresql://…/bench

Prints the latency median / p95 over 50 sequential requests, requests/s under
`wrk` (8 connections, 20 s) when wrk is installed, and the web processes'
resident memory. Run benchmarks/datagen.py on the database first.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIST_PATH = "/tasks?category=overdue&sort=-deadline&per_page=100"
USER_AGENT = "tracker-benchmark"
EMAIL, PASSWORD = "user0@bench.example", "bench-password-2024"  # noqa: S105 — datagen's account


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _serve(module: str, port: int, env: dict, workers: int = 2,
           root: Path = ROOT) -> subprocess.Popen:
    """``module`` (a WSGI app of the checkout ``root``) under gunicorn with ``workers`` sync
    workers, once it answers."""
    server = subprocess.Popen(
        [str(ROOT / ".venv/bin/gunicorn"), "-w", str(workers), "-b", f"127.0.0.1:{port}",
         "--log-level", "warning", module],
        cwd=root, env=dict(os.environ, **env), start_new_session=True)
    for _ in range(150):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=1)  # noqa: S310
            return server
        except urllib.error.HTTPError:
            return server  # it answers (the app's / redirects to the login)
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit(f"gunicorn {module} did not start")


def _serve_tracker(database_url: str, port: int, workers: int = 2,
                   root: Path = ROOT) -> subprocess.Popen:
    return _serve("wsgi:app", port, {
        "DATABASE_URL": database_url, "TRACKER_ENV": "development", "SECRET_KEY": "bench",
        "LOGIN_RATE_LIMIT": "1000 per minute", "LOGIN_ACCOUNT_RATE_LIMIT": "1000 per minute"},
        workers=workers, root=root)


def _sequential(fetch, count: int) -> tuple[float, float]:
    """Median and p95 latency in ms of ``count`` calls of ``fetch``, one after another."""
    timings = []
    for _ in range(count):
        started = time.perf_counter()
        fetch()
        timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    return statistics.median(timings), timings[max(0, int(len(timings) * 0.95) - 1)]


def _signed_in_opener(base: str, email: str = EMAIL):
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    # The session is bound to the client's User-Agent (Flask-Login "strong" protection):
    # urllib and wrk must send the same one or wrk would measure redirects to the login.
    opener.addheaders = [("User-Agent", USER_AGENT)]
    page = opener.open(base + "/login").read().decode()
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    body = urllib.parse.urlencode({"csrf_token": token, "email": email, "password": PASSWORD})
    opener.open(base + "/login", data=body.encode())
    cookie = "; ".join(f"{c.name}={c.value}" for c in jar)
    return opener, cookie


def _rss_by_process(root_pid: int) -> list[float]:
    """Resident memory in MB of ``root_pid`` (gunicorn's master) then of each child (its
    workers)."""
    pids = [root_pid] + [int(p) for p in subprocess.run(
        ["pgrep", "-P", str(root_pid)], capture_output=True, text=True).stdout.split()]
    sizes = []
    for pid in pids:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                sizes.append(int(line.split()[1]) / 1024)
    return sizes


def _rss_mb(root_pid: int) -> float:
    return sum(_rss_by_process(root_pid))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--wrk-seconds", type=int, default=20)
    args = parser.parse_args()

    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    server = _serve_tracker(args.database_url, port)
    try:
        opener, cookie = _signed_in_opener(base)
        first = opener.open(base + LIST_PATH).read().decode()
        rows = len(re.findall(r'<a href="/tasks/\d+">', first))
        median, p95 = _sequential(lambda: opener.open(base + LIST_PATH).read(), args.requests)
        print(f"overdue list HTML ({rows} rows): median {median:.1f} ms, "
              f"p95 {p95:.1f} ms over {args.requests} sequential requests")
        if shutil.which("wrk"):
            out = subprocess.run(
                ["wrk", "-t", "2", "-c", "8", "-d", f"{args.wrk_seconds}s",
                 "-H", f"Cookie: {cookie}", "-H", f"User-Agent: {USER_AGENT}",
                 base + LIST_PATH],
                capture_output=True, text=True, check=True).stdout
            if "Non-2xx" in out:
                raise SystemExit("wrk saw non-2xx responses: not a valid measurement\n" + out)
            rate = re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)
            print(f"wrk 8 connections {args.wrk_seconds} s: {rate} requests/s")
        else:
            print("wrk not installed (apt-get install wrk): throughput not measured")
        print(f"web processes resident memory: {_rss_mb(server.pid):.0f} MB (gunicorn, 2 workers)")
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=10)


if __name__ == "__main__":
    sys.exit(main())
