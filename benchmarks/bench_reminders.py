"""Reminders on PostgreSQL: the sweep's time, sending throughput, the processes' memory.

    .venv/bin/python benchmarks/bench_reminders.py --database-url postgresql://…/bench_rem
    .venv/bin/python benchmarks/bench_reminders.py --database-url postgresql://…/bench_rem_1m \
        --skip-send

Run benchmarks/datagen.py on the database first. The outbox (reminder, mail_digest) is
emptied at the start; everything else is left as the generator wrote it.

Sweep, each in a fresh process (its peak RSS is reported): yesterday's sweep on an
empty outbox, then today's (the day's real work: the outbox holds yesterday's rows),
then today's again (must write nothing). Repeated ``--repeat`` times; medians printed.

Sending: the digests those sweeps produced go to a local SMTP sink in a process of its own
(``--sink lean``, the default: a minimal asyncio SMTP server that takes DATA whole; or
``--sink aiosmtpd``, which reads it line by line and costs ~5× more CPU per message)
through a real ``celery -A workers worker`` with ``--concurrency`` prefork processes, on
the Redis database of ``--redis-url`` (a queue of its own, removed afterwards). The same
digests are sent ``--rounds`` times through the same running worker, put back to pending
between rounds: the first round starts cold, the others show the steady state.
Throughput is measured per round from the sink's first MAIL FROM to its last acceptance;
the workers' peak RSS (VmHWM) is read before they stop. The CPU time per e-mail of the
pool processes, the sink and the PostgreSQL backends is printed too: unlike the wall
time it does not depend on what else runs on the machine.
The schema is upgraded to the code's migrations first (``--no-migrate`` to skip).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import resource
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SEND_JOB = "reminders.send_reminder_digests"


def _psycopg_url(url: str) -> str:
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def _app(database_url: str):
    os.environ.setdefault("TRACKER_ENV", "development")
    from tracker import create_app

    return create_app(SQLALCHEMY_DATABASE_URI=_psycopg_url(database_url))


def _rss_kb() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


# --- child: one sweep series, in its own process --------------------------------------------

def child_sweep(database_url: str) -> None:
    """Empty the outbox, sweep yesterday, today, today again; print JSON."""
    from sqlalchemy import text

    from tracker.clock import utcnow
    from tracker.extensions import db
    from tracker.reminders.sweep import sweep_reminders

    app = _app(database_url)
    runs = []
    with app.app_context():
        _empty_outbox(db, text)
        baseline = _rss_kb()
        now = utcnow()
        for label, moment in (("yesterday", now - timedelta(days=1)), ("today", now),
                              ("today again", now)):
            started = time.perf_counter()
            result = sweep_reminders(moment)
            runs.append({"label": label, "seconds": time.perf_counter() - started,
                         "rows": result.rows_written, "digests": result.digests_created,
                         "attached": result.items_attached})
    print(json.dumps({"runs": runs, "baseline_kb": baseline,
                      "peak_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))


def _empty_outbox(db, text) -> None:
    """reminder and mail_digest emptied; notifications stay, no longer in any digest."""
    if db.session.scalar(text("SELECT count(*) FROM notification")):
        db.session.execute(text("UPDATE notification SET digest_id = NULL"))
        db.session.execute(text("DELETE FROM reminder"))
        db.session.execute(text("DELETE FROM mail_digest"))
    else:  # notification references mail_digest: TRUNCATE takes them together
        db.session.execute(text(
            "TRUNCATE reminder, mail_digest, notification RESTART IDENTITY"))
    db.session.commit()


# --- child: the SMTP sink --------------------------------------------------------------------

class _SinkHandler:
    """What a sink received: the time of every MAIL FROM and acceptance, bytes, Message-IDs.
    The aiosmtpd handler; the lean sink records through the same two methods."""

    def __init__(self):
        self.lock = threading.Lock()
        self.bytes = 0
        self.message_ids: set[bytes] = set()
        self.mails: list[float] = []  # time of every MAIL FROM
        self.accepts: list[float] = []  # time of every acceptance

    def mail_started(self) -> None:
        with self.lock:
            self.mails.append(time.time())

    def accept(self, content: bytes) -> None:
        headers = content[:content.find(b"\r\n\r\n")]
        found = re.search(rb"^Message-ID:\s*(\S+)", headers, re.M | re.I)
        with self.lock:
            self.bytes += len(content)
            self.message_ids.add(found.group(1) if found else b"")
            self.accepts.append(time.time())

    async def handle_MAIL(self, server, session, envelope, address, mail_options):  # noqa: N802
        self.mail_started()
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 — aiosmtpd's name
        self.accept(bytes(envelope.content))
        return "250 2.0.0 OK: queued"


def child_sink(port: int) -> None:
    """aiosmtpd accepting everything on ``port``; prints its counts as JSON on SIGTERM."""
    from aiosmtpd.controller import Controller

    handler = _SinkHandler()
    controller = Controller(handler, hostname="127.0.0.1", port=port, ready_timeout=10,
                            data_size_limit=0)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    controller.start()
    print("ready", flush=True)
    stop.wait()
    controller.stop()
    _print_sink_stats(handler)


def _print_sink_stats(handler) -> None:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    print(json.dumps({"cpu_seconds": usage.ru_utime + usage.ru_stime,
                      "accepted": len(handler.accepts), "bytes": handler.bytes,
                      "distinct_message_ids": len(handler.message_ids),
                      "mails": handler.mails, "accepts": handler.accepts}), flush=True)


class _LeanSmtp(asyncio.Protocol):
    """One SMTP session of the lean sink: commands a line at a time, DATA taken whole.

    aiosmtpd reads DATA line by line in Python (~790 lines per digest here), which costs
    more CPU per message than the sender's own work would leave room for on two cores;
    this sink looks for the end of DATA with one ``find`` over what has arrived, so the
    cores measure the sender. It speaks enough SMTP for smtplib: EHLO/HELO, MAIL, RCPT,
    DATA, RSET, NOOP, QUIT.
    """

    def __init__(self, handler):
        self.handler = handler
        self.buffer = bytearray()
        self.in_data = False
        self.scanned = 0  # where the next search for the end of DATA starts
        self.transport = None

    def connection_made(self, transport):
        self.transport = transport
        transport.write(b"220 lean-sink ESMTP\r\n")

    def connection_lost(self, _exc):
        self.transport = None

    def data_received(self, chunk: bytes) -> None:
        self.buffer += chunk
        while self.transport is not None and self.buffer:
            if self.in_data:
                if self.buffer.startswith(b".\r\n"):
                    end, body_end = 0, 0
                else:
                    end = self.buffer.find(b"\r\n.\r\n", self.scanned)
                    body_end = end + 2
                if end < 0:
                    self.scanned = max(0, len(self.buffer) - 4)
                    return
                self.handler.accept(bytes(self.buffer[:body_end]))
                del self.buffer[:body_end + 3]
                self.in_data, self.scanned = False, 0
                self.transport.write(b"250 2.0.0 OK: queued\r\n")
                continue
            newline = self.buffer.find(b"\r\n")
            if newline < 0:
                return
            line = bytes(self.buffer[:newline])
            del self.buffer[:newline + 2]
            self._command(line[:4].upper())

    def _command(self, verb: bytes) -> None:
        write = self.transport.write
        if verb == b"EHLO":
            write(b"250-lean-sink\r\n250-8BITMIME\r\n250 SMTPUTF8\r\n")
        elif verb == b"MAIL":
            self.handler.mail_started()
            write(b"250 OK\r\n")
        elif verb in (b"HELO", b"RCPT", b"RSET", b"NOOP"):
            write(b"250 OK\r\n")
        elif verb == b"DATA":
            self.in_data = True
            write(b"354 End data with <CR><LF>.<CR><LF>\r\n")
        elif verb == b"QUIT":
            write(b"221 Bye\r\n")
            self.transport.close()
        else:
            write(b"500 Command not recognized\r\n")

def child_lean_sink(port: int) -> None:
    """The lean sink (``_LeanSmtp``) on ``port``; prints its counts as JSON on SIGTERM."""
    handler = _SinkHandler()

    async def serve():
        loop = asyncio.get_running_loop()
        stop = asyncio.Event()
        loop.add_signal_handler(signal.SIGTERM, stop.set)
        server = await loop.create_server(lambda: _LeanSmtp(handler), "127.0.0.1", port)
        print("ready", flush=True)
        await stop.wait()
        server.close()

    asyncio.run(serve())
    _print_sink_stats(handler)


# --- parent ----------------------------------------------------------------------------------

def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _this(*args: str) -> list[str]:
    return [sys.executable, str(Path(__file__).resolve()), *args]


def _load() -> str:
    return "load average " + ", ".join(f"{x:.2f}" for x in os.getloadavg())


def _other_sessions(database_url: str) -> int:
    """Connections to the benchmark database from anyone else (they would skew the timing)."""
    import sqlalchemy as sa

    url = sa.engine.make_url(_psycopg_url(database_url))
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            return conn.execute(sa.text(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = :db "
                "AND pid <> pg_backend_pid()"), {"db": url.database}).scalar()
    finally:
        engine.dispose()


def bench_sweep(database_url: str, repeat: int) -> None:
    print(f"== sweep ({_load()}; other sessions on the database: "
          f"{_other_sessions(database_url)})")
    today, again, peaks = [], [], []
    for attempt in range(1, repeat + 1):
        out = subprocess.run(_this("--child", "sweep", "--database-url", database_url),
                             cwd=ROOT, capture_output=True, text=True, check=True)
        data = json.loads(out.stdout.strip().splitlines()[-1])
        for run in data["runs"]:
            print(f"  run {attempt}, {run['label']:<11}: {run['seconds']:6.2f} s, "
                  f"rows written {run['rows']:>7}, digests {run['digests']:>4}, "
                  f"items attached {run['attached']:>7}")
        today.append(data["runs"][1])
        again.append(data["runs"][2])
        peaks.append(data["peak_kb"] / 1024)
        print(f"  run {attempt}: sweep process peak RSS {data['peak_kb'] / 1024:.0f} MB "
              f"(after start-up {data['baseline_kb'] / 1024:.0f} MB)")
    print(f"sweep today: median {statistics.median(r['seconds'] for r in today):.2f} s, "
          f"rows written {today[-1]['rows']}, digests {today[-1]['digests']}")
    print(f"sweep re-run: median {statistics.median(r['seconds'] for r in again):.2f} s, "
          f"rows written on the second run = {max(r['rows'] for r in again)}")
    print(f"sweep peak RSS: {max(peaks):.0f} MB")


def _vm_hwm_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def _cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (from /proc/<pid>/stat)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return 0.0
    fields = stat[stat.rindex(")") + 2:].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _backend_pids(database_url: str) -> list[int]:
    """The PostgreSQL server processes serving the benchmark database (same machine)."""
    import sqlalchemy as sa

    url = sa.engine.make_url(_psycopg_url(database_url))
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            return list(conn.execute(sa.text(
                "SELECT pid FROM pg_stat_activity WHERE datname = :db "
                "AND pid <> pg_backend_pid()"), {"db": url.database}).scalars())
    finally:
        engine.dispose()


def _children(pid: int) -> list[int]:
    out = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout
    return [int(p) for p in out.split()]


def _digest_counts(database_url: str) -> dict[str, int]:
    import sqlalchemy as sa

    engine = sa.create_engine(_psycopg_url(database_url))
    try:
        with engine.connect() as conn:
            return dict(conn.execute(sa.text(
                "SELECT status, count(*) FROM mail_digest GROUP BY status")).all())
    finally:
        engine.dispose()


def _wait_for(predicate, timeout: float, what: str, interval: float = 0.05):
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise SystemExit(f"timed out after {timeout} s waiting for {what}")
        time.sleep(interval)


def _forget_queue(redis_url: str, queue: str) -> None:
    import redis

    client = redis.Redis.from_url(redis_url)
    client.delete(queue, f"_kombu.binding.{queue}", f"_kombu.binding_permanent.{queue}")
    for tag, raw in client.hgetall("unacked").items():
        if queue.encode() in raw:
            client.hdel("unacked", tag)
            client.zrem("unacked_index", tag)


def bench_send(database_url: str, redis_url: str, concurrency: int, jobs: int,
               sink_kind: str = "lean", rounds: int = 3) -> None:
    """Send the pending digests ``rounds`` times through one running worker.

    The first round starts with cold pool processes (templates, catalogs and statements
    compiled on first use); before each later round every digest is put back to pending.
    The rate of a warm round is the sender's steady state.
    """
    from celery import Celery

    counts = _digest_counts(database_url)
    due = counts.get("pending", 0)
    print(f"== sending ({_load()}): {due} pending digests, {concurrency} worker processes, "
          f"{sink_kind} SMTP sink, {rounds} rounds")
    if not due:
        raise SystemExit("no pending digest: run the sweep first")
    port = _free_port()
    sink = subprocess.Popen(_this("--child", f"sink-{sink_kind}", "--port", str(port)),
                            cwd=ROOT, stdout=subprocess.PIPE, text=True,
                            start_new_session=True)
    queue = f"bench-reminders-{uuid.uuid4().hex[:12]}"
    log_path = Path(tempfile.mkstemp(prefix="bench-worker-", suffix=".log")[1])
    env = {k: v for k, v in os.environ.items() if not k.startswith("CELERY_")}
    env.update(DATABASE_URL=database_url, REDIS_URL=redis_url, TRACKER_ENV="development",
               SMTP_URL=f"smtp://127.0.0.1:{port}", SECRET_KEY="bench")
    worker = None
    measured = []  # per round: enqueue time, CPU seconds of pool / sink / PostgreSQL
    try:
        if sink.stdout.readline().strip() != "ready":
            raise SystemExit("the SMTP sink did not start")
        with open(log_path, "ab") as log:
            worker = subprocess.Popen(
                [sys.executable, "-m", "celery", "-A", "workers", "worker", "--pool=prefork",
                 f"--concurrency={concurrency}", "--loglevel=INFO", f"--queues={queue}",
                 f"--hostname=bench-{queue[-12:]}@%h", "--without-gossip", "--without-mingle",
                 "--without-heartbeat"],
                cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        _wait_for(lambda: " ready." in log_path.read_text(errors="replace")
                  or worker.poll() is not None, 60, "the worker")
        if worker.poll() is not None:
            raise SystemExit(f"the worker exited:\n{log_path.read_text()[-3000:]}")
        _wait_for(lambda: len(_children(worker.pid)) >= concurrency, 20, "the pool")
        client = Celery("bench", broker=redis_url, set_as_current=False)
        backends: list[int] = []
        for round_number in range(rounds):
            if round_number:
                _reset_digests(database_url)
            before = _cpu_snapshot(worker.pid, sink.pid, backends)
            enqueued = time.time()
            for _ in range(jobs):
                client.send_task(SEND_JOB, queue=queue)
            _wait_for(lambda: not {"pending", "sending"} & set(_digest_counts(database_url)),
                      900, "every digest to be sent", interval=0.05)
            backends = _backend_pids(database_url)  # the workers' connections, once open
            after = _cpu_snapshot(worker.pid, sink.pid, backends)
            measured.append((enqueued, {k: after[k] - before.get(k, 0.0) for k in after}))
        client.close()
        peaks = {pid: _vm_hwm_kb(pid) for pid in [worker.pid, *_children(worker.pid)]}
    finally:
        if worker is not None and worker.poll() is None:
            worker.send_signal(signal.SIGTERM)
            try:
                worker.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(worker.pid, signal.SIGKILL)
        sink.send_signal(signal.SIGTERM)
        stats_line = sink.stdout.read().strip().splitlines()
        sink.wait(timeout=10)
        _forget_queue(redis_url, queue)
    stats = json.loads(stats_line[-1])
    print(f"  digests: {_digest_counts(database_url)}; sink accepted {stats['accepted']} "
          f"({stats['distinct_message_ids']} distinct Message-IDs), "
          f"{stats['bytes'] / max(stats['accepted'], 1) / 1024:.0f} KB each")
    rates, warm_cpu = [], []
    for number, (enqueued, cpu) in enumerate(measured):
        until = measured[number + 1][0] if number + 1 < len(measured) else float("inf")
        mails = [t for t in stats["mails"] if enqueued <= t < until]
        accepts = [t for t in stats["accepts"] if enqueued <= t < until]
        span = accepts[-1] - mails[0]
        sent = len(accepts)
        rate = sent / span
        total_ms = sum(cpu.values()) * 1000 / sent
        print(f"  round {number + 1} ({'cold' if not number else 'warm'}): {sent} e-mails in "
              f"{span:.2f} s from the first MAIL FROM to the last acceptance = {rate:.0f} "
              f"e-mails/s; CPU per e-mail: " + ", ".join(
                  f"{name} {seconds * 1000 / sent:.1f} ms" for name, seconds in cpu.items())
              + f"; total {total_ms:.1f} ms (≤ {2000 / total_ms:.0f}/s on 2 idle cores)")
        if number:
            rates.append(rate)
            warm_cpu.append(cpu)
    if rates:
        print(f"sending ({sink_kind} sink): warm rounds {min(rates):.0f}–{max(rates):.0f} "
              f"e-mails/s, median {statistics.median(rates):.0f} e-mails/s")
    main_pid = worker.pid
    pool = ", ".join(f"{kb / 1024:.0f}" for pid, kb in peaks.items() if pid != main_pid)
    print(f"worker peak RSS (VmHWM): main process {peaks[main_pid] / 1024:.0f} MB, "
          f"pool processes {pool} MB")
    log_path.unlink()


def _cpu_snapshot(worker_pid: int, sink_pid: int, backends: list[int]) -> dict[str, float]:
    """CPU seconds so far of the worker's pool processes, the sink and ``backends``."""
    return {"worker pool": sum(_cpu_seconds(pid) for pid in _children(worker_pid)),
            "SMTP sink": _cpu_seconds(sink_pid),
            "PostgreSQL": sum(_cpu_seconds(pid) for pid in backends)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/9")
    parser.add_argument("--repeat", type=int, default=3, help="sweep series to run")
    parser.add_argument("--concurrency", type=int, default=2, help="worker pool processes")
    parser.add_argument("--skip-send", action="store_true")
    parser.add_argument("--sink", choices=("lean", "aiosmtpd"), default="lean",
                        help="the SMTP sink the digests go to (default: lean)")
    parser.add_argument("--rounds", type=int, default=3,
                        help="times the digests are sent (the first with a cold worker)")
    parser.add_argument("--skip-sweep", action="store_true",
                        help="send what the outbox holds (after resetting it to pending)")
    parser.add_argument("--no-migrate", action="store_true",
                        help="leave the schema as it is (default: upgrade it first)")
    parser.add_argument("--child", choices=("sweep", "sink-aiosmtpd", "sink-lean"),
                        help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child == "sweep":
        return child_sweep(args.database_url)
    if args.child == "sink-aiosmtpd":
        return child_sink(args.port)
    if args.child == "sink-lean":
        return child_lean_sink(args.port)
    if not args.database_url:
        parser.error("--database-url is required")
    if not args.no_migrate:
        _upgrade(args.database_url)
    if not args.skip_sweep:
        bench_sweep(args.database_url, args.repeat)
    else:
        _reset_digests(args.database_url)
    if not args.skip_send:
        bench_send(args.database_url, args.redis_url, args.concurrency, args.concurrency,
                   args.sink, args.rounds)
    return None


def _upgrade(database_url: str) -> None:
    """Bring the schema up to the code's migrations (the data set may be older)."""
    from flask_migrate import upgrade

    from tracker.extensions import db

    with _app(database_url).app_context():
        upgrade()
        db.engine.dispose()


def _reset_digests(database_url: str) -> None:
    """Every digest back to pending, due now (to measure sending again without sweeping)."""
    import sqlalchemy as sa

    engine = sa.create_engine(_psycopg_url(database_url))
    with engine.begin() as conn:
        conn.execute(sa.text(
            "UPDATE mail_digest SET status = 'pending', attempts = 0, lease_owner = NULL, "
            "lease_until = NULL, next_attempt_at = now(), sent_at = NULL, message_id = NULL, "
            "last_error = NULL"))
    engine.dispose()


if __name__ == "__main__":
    sys.exit(main())
