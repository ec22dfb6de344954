"""Progress summaries: figures + XLSX of a 100k-task committee, PDF + DOCX of a 2,000-task one.

    .venv/bin/python benchmarks/bench_summaries.py \
        [--database-url postgresql://postgres@127.0.0.1:5432/bench_sum] \
        [--small-database-url sqlite:///instance/bench-sum-2k.db] [--runs 3]

Each database is built on first use with benchmarks/datagen.py (every task in ONE
committee: ``--committees 1``; scale 1 = 100,000 tasks, 0.02 = 2,000) and reused
afterwards. Prints, per run and as the median: the figures' time, the XLSX's (every
task, streamed to a file), and for the small committee the PDF's and the DOCX's; the
big committee's PDF and DOCX too (bounded by the lists' caps); then the process's
peak resident memory. Nothing is written to the databases (the summary record is
rolled back); the files go to a temporary directory.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.datagen import generate  # noqa: E402 — after the path is set

TARGET_FIGURES_XLSX, TARGET_PRINT = 3.0, 10.0  # seconds (issue 3)


def _ensure(url: str, scale: float) -> None:
    """Generate the data set unless the database already has tasks."""
    from sqlalchemy import create_engine, inspect, text

    engine = create_engine(url)
    with engine.connect() as conn:
        has_tasks = inspect(conn).has_table("task") and conn.execute(
            text("SELECT COUNT(*) FROM task")).scalar()
    engine.dispose()
    if not has_tasks:
        print(f"building {url} (scale {scale}, one committee)…", flush=True)
        generate(url, scale=scale, committees=1)


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def _timed(fn):
    started = time.perf_counter()
    value = fn()
    return time.perf_counter() - started, value


def _measure(url: str, runs: int, documents: bool, workdir: Path) -> dict[str, list[float]]:
    from flask_babel import force_locale
    from sqlalchemy import func, select

    from tracker import create_app
    from tracker.clock import local_today, utcnow
    from tracker.committees.models import Committee
    from tracker.extensions import db
    from tracker.summaries import render_docx, render_pdf, render_xlsx
    from tracker.summaries.figures import build_figures
    from tracker.summaries.periods import period_containing
    from tracker.summaries.services import request_summary
    from tracker.tasks.models import Task

    app = create_app(SQLALCHEMY_DATABASE_URI=url, UPLOAD_DIR=str(workdir))
    times: dict[str, list[float]] = {}
    with app.app_context(), force_locale("vi"):
        committee_id, tasks = db.session.execute(
            select(Task.committee_id, func.count()).group_by(Task.committee_id)
            .order_by(func.count().desc()).limit(1)).one()
        committee = db.session.get(Committee, committee_id)
        print(f"  committee {committee_id}: {tasks:,} tasks")
        for run in range(runs):
            now = utcnow()
            period = period_containing("month", local_today(committee.timezone, now))
            summary = request_summary(committee, period)
            seconds, figures = _timed(lambda s=summary, p=period, n=now: build_figures(s, p, n))
            summary.figures, summary.as_of_at = figures, now
            times.setdefault("figures", []).append(seconds)
            path = workdir / "summary.xlsx"
            with path.open("wb") as out:
                seconds, written = _timed(lambda s=summary, o=out: render_xlsx.write(s, o))
            times.setdefault("xlsx", []).append(seconds)
            times.setdefault("figures + xlsx", []).append(times["figures"][-1] + seconds)
            line = (f"  run {run + 1}: figures {times['figures'][-1]:.2f} s, XLSX {seconds:.2f} s "
                    f"({written:,} task rows, {path.stat().st_size / 1e6:.1f} MB; peak RSS so "
                    f"far {_peak_mb():.0f} MB)")
            if documents:
                seconds, pdf = _timed(lambda s=summary: render_pdf.render(s))
                times.setdefault("pdf", []).append(seconds)
                line += f", PDF {seconds:.2f} s ({len(pdf) / 1e6:.1f} MB)"
                seconds, docx = _timed(lambda s=summary: render_docx.render(s))
                times.setdefault("docx", []).append(seconds)
                line += f", DOCX {seconds:.2f} s ({len(docx) / 1e6:.1f} MB)"
            print(line, flush=True)
            db.session.rollback()
    return times


def _report(label: str, times: dict[str, list[float]], targets: dict[str, float]) -> None:
    for key, values in times.items():
        target, median = targets.get(key), statistics.median(values)
        verdict = "" if target is None else (
            f"  (target ≤ {target:.0f} s: {'met' if median <= target else 'MISSED'})")
        print(f"{label} {key}: median {median:.2f} s, "
              f"best {min(values):.2f} s{verdict}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url",
                        default="postgresql://postgres@127.0.0.1:5432/bench_sum")
    parser.add_argument("--small-database-url",
                        default=f"sqlite:///{ROOT / 'instance' / 'bench-sum-2k.db'}")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--skip-big-documents", action="store_true",
                        help="do not time the 100k committee's (capped) PDF and DOCX")
    args = parser.parse_args()
    os.environ.setdefault("TRACKER_ENV", "development")
    _ensure(args.database_url, 1.0)
    _ensure(args.small_database_url, 0.02)
    with tempfile.TemporaryDirectory() as tmp:
        print(f"100k-task committee ({args.database_url}):")
        big = _measure(args.database_url, args.runs, not args.skip_big_documents, Path(tmp))
        print(f"2,000-task committee ({args.small_database_url}):")
        small = _measure(args.small_database_url, args.runs, True, Path(tmp))
    _report("100k:", big, {"figures + xlsx": TARGET_FIGURES_XLSX})
    _report("2k:", small, {"pdf": TARGET_PRINT, "docx": TARGET_PRINT})
    print(f"peak RSS of this process: {_peak_mb():.0f} MB; {os.cpu_count()} CPUs, "
          f"load average {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
