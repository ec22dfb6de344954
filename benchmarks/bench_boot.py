"""Boot time: how long a fresh interpreter takes to import the web app and the worker app.

    .venv/bin/python benchmarks/bench_boot.py [--runs 10]

Each run is a new ``python -c`` process (``TRACKER_ENV=development``, as ``make run``):
the web app is ``import wsgi`` (what gunicorn loads), the worker is ``import workers`` plus
Celery's import of the job modules (what ``celery -A workers worker`` does before it takes
a message). A bare interpreter is timed too, for reference. Each is timed to two points:
"ready", from the start of the process to the moment the app is built (the child then
writes a line, which the parent waits for), which is the boot a server pays before it
can answer; and "to exit", the whole process, the interpreter's shutdown included (how
this script timed it before: with 230,000 objects to finalise, an exit cost 0.4 s until
the boot froze them, see wsgi.py). Prints the medians of the wall times and of the CPU
time (user + system) of the child at ready; on a loaded machine the CPU time is the
steadier figure. The target is 0.5 s (issue 12, "Boot"), for "ready". ``--root`` times
another checkout (say, ``git archive`` of an older commit unpacked in /tmp) with this
virtualenv, to compare before and after.
``tests/test_boot.py`` checks, without timing, that neither boot loads the heavy
document libraries.
"""

from __future__ import annotations

import argparse
import os
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


# Run by the child once ``code`` is done: its own CPU time so far, on a line of its own.
READY = ("\nimport resource as _r, sys as _s\n_u = _r.getrusage(_r.RUSAGE_SELF)\n"
         "_s.stdout.write(f'ready {_u.ru_utime + _u.ru_stime}\\n'); _s.stdout.flush()\n")


def _run_once(code: str, root: Path) -> tuple[float, float, float]:
    """Seconds of one fresh interpreter running ``code`` in ``root``: wall time to ready,
    CPU time at ready, wall time to exit."""
    env = {**os.environ, "TRACKER_ENV": os.environ.get("TRACKER_ENV", "development")}
    # A server boots from compiled bytecode; without it every run recompiles our ~300
    # modules (measured: +0.35 s CPU of a 1.2 s boot), which no deployment pays.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    started = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-c", code + READY], cwd=root, env=env,
                             stdout=subprocess.PIPE, text=True)
    lines = iter(child.stdout.readline, "")
    line = next((line for line in lines if line.startswith("ready ")), None)
    ready = time.perf_counter() - started
    child.stdout.read()
    if child.wait() != 0 or line is None:
        raise SystemExit(f"{code!r} failed")
    return ready, float(line.split()[1]), time.perf_counter() - started


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
        ready = statistics.median(run[0] for run in runs)
        cpu = statistics.median(run[1] for run in runs)
        exited = statistics.median(run[2] for run in runs)
        mark = "" if code == "pass" else ("  ok" if ready <= TARGET else f"  over {TARGET} s")
        print(f"{label:<28} ready {ready:.3f} s (cpu {cpu:.3f} s)   to exit {exited:.3f} s"
              f"{mark}", flush=True)
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
