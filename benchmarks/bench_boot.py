"""Boot time: how long a fresh interpreter takes to import the web app and the worker app.

    .venv/bin/python benchmarks/bench_boot.py [--runs 10]

Each run is a new ``python -c`` process (``TRACKER_ENV=development``, as ``make run``),
timed from start to exit: the web app is ``import wsgi`` (what gunicorn loads), the worker
is ``import workers`` plus Celery's import of the job modules (what ``celery -A workers
worker`` does before it takes a message). A bare interpreter is timed too, for
reference. Prints the median wall time and the median CPU time (user + system) of the
child; on a loaded machine the CPU time is the steadier figure. The target is 0.5 s
(issue 12, "Boot"). ``--root`` times another checkout (say, ``git archive`` of an older
commit unpacked in /tmp) with this virtualenv, to compare before and after.
``tests/test_boot.py`` checks, without timing, that neither boot loads the heavy
document libraries.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = 0.5  # seconds (issue 12)

BOOTS = {
    "python (bare interpreter)": "pass",
    "web app (import wsgi)": "import wsgi",
    "worker (import workers)": "import workers; workers.celery_app.loader.import_default_modules()",
}


def _cpu_of_children() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _run_once(code: str, root: Path) -> tuple[float, float]:
    """Wall and CPU seconds of one fresh interpreter running ``code`` in ``root``."""
    env = {**os.environ, "TRACKER_ENV": os.environ.get("TRACKER_ENV", "development")}
    # A server boots from compiled bytecode; without it every run recompiles our ~300
    # modules (measured: +0.35 s CPU of a 1.2 s boot), which no deployment pays.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    cpu, started = _cpu_of_children(), time.perf_counter()
    subprocess.run([sys.executable, "-c", code], cwd=root, env=env, check=True,
                   stdout=subprocess.DEVNULL)
    return time.perf_counter() - started, _cpu_of_children() - cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--root", type=Path, default=ROOT,
                        help="the checkout to import from (default: this one)")
    args = parser.parse_args()
    print(f"{args.root}: median of {args.runs} runs")
    for label, code in BOOTS.items():
        _run_once(code, args.root)  # warm the bytecode cache and the page cache first
        runs = [_run_once(code, args.root) for _ in range(args.runs)]
        wall = statistics.median(t for t, _cpu in runs)
        cpu = statistics.median(c for _t, c in runs)
        mark = "" if code == "pass" else ("  ok" if wall <= TARGET else f"  over {TARGET} s")
        print(f"{label:<28} wall {wall:.3f} s   cpu {cpu:.3f} s{mark}", flush=True)
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
