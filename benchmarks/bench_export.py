"""An export of a task list, timed in-process: first byte, first rows, whole file, memory.

    .venv/bin/python benchmarks/bench_export.py \\
        --database-url postgresql://postgres@127.0.0.1:5432/bench1m [--format xlsx] [--runs 5]

Signs in as datagen's admin with the test client and reads the response's pieces as a
client would (``--path``, by default the overdue list's CSV, newest deadline first). Prints
the medians over ``--runs`` downloads (after one to warm up) of the time to the first piece
(the heading), to the first piece holding rows, and to the end of the file; the rows per
second; the process's CPU time; and its resident memory before the downloads and at its
highest during them (a streamed file keeps it flat whatever the rows). The code measured is
the one ``tracker`` imports (set PYTHONPATH to compare two checkouts).
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import time
from pathlib import Path

from bench_lists import EMAIL, PASSWORD, USER_AGENT

OVERDUE = "/tasks/export.{fmt}?category=overdue&sort=-deadline"


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _signed_in_client(database_url: str):
    os.environ.update(DATABASE_URL=database_url, TRACKER_ENV="development", SECRET_KEY="bench",
                      LOGIN_RATE_LIMIT="1000 per minute",
                      LOGIN_ACCOUNT_RATE_LIMIT="1000 per minute")
    from tracker import create_app

    client = create_app().test_client()
    page = client.get("/login", headers={"User-Agent": USER_AGENT}).get_data(as_text=True)
    csrf = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    client.post("/login", headers={"User-Agent": USER_AGENT},
                data={"csrf_token": csrf, "email": EMAIL, "password": PASSWORD})
    return client


def download(client, path: str) -> dict:
    """One download read piece by piece: times in ms, bytes, lines, highest RSS in MB."""
    started, cpu = time.perf_counter(), time.process_time()
    response = client.get(path, headers={"User-Agent": USER_AGENT}, buffered=False)
    figures = {"first_byte": None, "first_rows": None, "bytes": 0, "lines": 0,
               "rss": _rss_mb()}
    for number, piece in enumerate(response.response):
        elapsed = (time.perf_counter() - started) * 1000
        figures["first_byte"] = figures["first_byte"] or elapsed
        if number == 1:
            figures["first_rows"] = elapsed
        figures["bytes"] += len(piece)
        figures["lines"] += piece.count(b"\n")
        if number % 50 == 0:
            figures["rss"] = max(figures["rss"], _rss_mb())
    response.close()
    figures["whole"] = (time.perf_counter() - started) * 1000
    figures["cpu"] = (time.process_time() - cpu) * 1000
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--format", choices=("csv", "xlsx"), default="csv")
    parser.add_argument("--path", help="another list to export (default: the overdue list)")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    path = args.path or OVERDUE.format(fmt=args.format)
    client = _signed_in_client(args.database_url)
    download(client, path)  # warms the caches
    before = _rss_mb()
    runs = [download(client, path) for _ in range(args.runs)]

    def median(key: str) -> float:
        return statistics.median(run[key] for run in runs)

    rows = runs[0]["lines"] - 1 if args.format == "csv" else None
    print(f"{path} on {args.database_url.rsplit('/', 1)[-1]}, median of {args.runs}:")
    print(f"  first byte {median('first_byte'):.1f} ms, first rows {median('first_rows'):.1f} ms,"
          f" whole file {median('whole'):.0f} ms ({runs[0]['bytes'] / 1e6:.1f} MB), "
          f"CPU {median('cpu'):.0f} ms")
    if rows is not None:
        print(f"  {rows:,} rows: {rows / median('whole') * 1000:,.0f} rows/s")
    print(f"  resident memory {before:.0f} MB before, at most "
          f"{max(run['rss'] for run in runs):.0f} MB during the downloads")


if __name__ == "__main__":
    sys.exit(main())
