"""Build the comparison data set of ../shared/bench/README.md, deterministically.

    .venv/bin/python benchmarks/datagen.py --database-url postgresql://…/bench [--scale 10]
        [--committees 1]   # every task in one committee (the summaries' benchmark)

20 committees, 40 users (committee c has users (2c + k) mod 40, k = 0..7, so each
user sits on 4 committees), 100,000 tasks × scale, each in a random committee and
assigned to a random member of it (whose agency leads it); deadline = today + a
uniform integer in [−365, +364]; state open 40 % (a quarter of them with progress
reports), done 50 %, cancelled 10 %; created in the two years before today; title and
description of about 20 words. Seed 20240601: the same arguments give the same rows.

Rows are written with set-based inserts, not through the services (a million
history entries would measure the generator, not the product); the derived
``search_text`` and ``search_title`` columns are filled the way the models fill them.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SEED = 20240601
COMMITTEES = 20
USERS = 40
MEMBERS_PER_COMMITTEE = 8
BASE_TASKS = 100_000
RESOLUTIONS_PER_COMMITTEE = 10
PASSWORD = "bench-password-2024"  # noqa: S105 — a throwaway benchmark account
BATCH = 5_000

_VOCABULARY = (
    "triển khai kế hoạch phát triển du lịch cộng đồng bảo tồn di sản văn hóa đề án nguồn "
    "nhân lực chuyển đổi số quảng bá xúc tiến đầu tư hạ tầng điểm du lịch biên giới cửa khẩu "
    "sản phẩm OCOP lễ hội tuyên truyền công viên địa chất hồ sơ UNESCO báo cáo tổng kết đánh "
    "giá rà soát hướng dẫn kiểm tra giám sát phối hợp liên kết hợp tác Quảng Tây thẩm định "
    "chính sách hỗ trợ doanh nghiệp hợp tác xã homestay an ninh an toàn khách du lịch"
)
WORDS = _VOCABULARY.split()


def _sentence(rng: random.Random, words: int = 20) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:]


def generate(database_url: str, scale: float = 1.0, today: date | None = None,
             seed: int = SEED, echo=print, committees: int = COMMITTEES) -> dict:
    """Create the schema (real migrations) and the rows; returns counts and seconds.

    ``committees`` spreads the tasks over fewer (or more) committees than the shared
    data set's 20; the default gives exactly that data set.
    """
    if committees < 1:
        raise ValueError("at least one committee")
    committee_count = committees
    os.environ.setdefault("TRACKER_ENV", "development")
    from flask_migrate import upgrade
    from sqlalchemy import func, insert, select

    from tracker import create_app
    from tracker.auth.passwords import hash_password
    from tracker.extensions import db
    from tracker.models import (
        Agency,
        Committee,
        CommitteeRole,
        ProgressReport,
        Resolution,
        Task,
        User,
        committee_agency,
        task_assignee,
    )
    from tracker.reports.services import check_tallies
    from tracker.text import fold

    rng = random.Random(seed)
    today = today or date.today()
    now = datetime.now(UTC)
    started = time.perf_counter()
    app = create_app(SQLALCHEMY_DATABASE_URI=database_url)
    with app.app_context():
        upgrade()
        if db.session.scalar(select(func.count()).select_from(Task)):
            raise SystemExit("The database already has tasks; give an empty one.")
        conn = db.session.connection()

        agencies = [{"id": i + 1, "name": f"Cơ quan thử nghiệm số {i + 1}",
                     "short_name": f"CQ{i + 1}", "kind": "department",
                     "email": f"cq{i + 1}@bench.example", "is_sample": True,
                     "created_at": now} for i in range(USERS)]
        for row in agencies:
            row["search_text"] = f"{fold(row['name'])} | {fold(row['short_name'])}"
        conn.execute(insert(Agency), agencies)
        password_hash = hash_password(PASSWORD)
        users = [{"id": i + 1, "email": f"user{i}@bench.example", "name": f"Cán bộ {i}",
                  "password_hash": password_hash, "agency_id": i + 1, "language": "vi",
                  "is_admin": i == 0, "is_active_account": True, "created_at": now,
                  "search_text": f"can bo {i} | user{i}@bench.example"} for i in range(USERS)]
        conn.execute(insert(User), users)

        members: dict[int, list[int]] = {}
        committees, links, roles, resolutions = [], [], [], []
        for c in range(committee_count):
            user_ids = [(2 * c + k) % USERS + 1 for k in range(MEMBERS_PER_COMMITTEE)]
            members[c + 1] = user_ids
            name = f"Ban Chỉ đạo thử nghiệm số {c + 1}"
            committees.append({"id": c + 1, "name": name, "parent_body": "UBND tỉnh",
                               "timezone": "Asia/Ho_Chi_Minh", "due_soon_days": 3,
                               "standing_agency_id": user_ids[0], "created_at": now,
                               "search_text": f"{fold(name)} | ubnd tinh"})
            links += [{"committee_id": c + 1, "agency_id": uid} for uid in user_ids]
            for k, uid in enumerate(user_ids):
                role = "chair" if k == 0 else "secretary" if k == 1 else "member"
                roles.append({"committee_id": c + 1, "user_id": uid, "role": role})
            for r in range(RESOLUTIONS_PER_COMMITTEE):
                number = f"{r + 1}/TB-BCĐ{c + 1}"
                title = f"Thông báo kết luận số {r + 1} của Ban Chỉ đạo {c + 1}"
                resolutions.append({
                    "id": c * RESOLUTIONS_PER_COMMITTEE + r + 1, "committee_id": c + 1,
                    "kind": "conclusion_notice", "number": number,
                    "issued_on": today - timedelta(days=730 - 70 * r), "title": title,
                    "version": 1, "created_at": now,
                    "search_text": f"{fold(number)} | {fold(title)}",
                    "search_title": fold(title)})
        conn.execute(insert(Committee), committees)
        conn.execute(insert(committee_agency), links)
        conn.execute(insert(CommitteeRole), roles)
        conn.execute(insert(Resolution), resolutions)

        total = int(BASE_TASKS * scale)
        counts = {"open": 0, "done": 0, "cancelled": 0, "open_overdue": 0, "reports": 0}
        task_id = report_id = 0
        while task_id < total:
            tasks, assignees, reports = [], [], []
            for _ in range(min(BATCH, total - task_id)):
                task_id += 1
                committee_id = rng.randrange(committee_count) + 1
                assignee = rng.choice(members[committee_id])
                deadline = today + timedelta(days=rng.randint(-365, 364))
                created = now - timedelta(seconds=rng.randint(0, 2 * 365 * 86400))
                roll = rng.random()
                state = "open" if roll < 0.4 else "done" if roll < 0.9 else "cancelled"
                title, description = _sentence(rng), _sentence(rng)
                completed_on = None
                progress = rng.randrange(0, 100, 10) if state == "open" else 0
                if state == "done":
                    completed_on = min(deadline + timedelta(days=rng.randint(-30, 15)), today)
                    progress = 100
                counts[state] += 1
                counts["open_overdue"] += state == "open" and deadline < today
                tasks.append({
                    "id": task_id, "committee_id": committee_id,
                    "resolution_id": (committee_id - 1) * RESOLUTIONS_PER_COMMITTEE
                    + rng.randrange(RESOLUTIONS_PER_COMMITTEE) + 1,
                    "title": title, "description": description, "lead_agency_id": assignee,
                    "deadline": deadline, "original_deadline": deadline, "priority": "normal",
                    "state": state, "progress": progress, "completed_on": completed_on,
                    "submitted_on": completed_on,
                    "cancel_reason": "Không còn phù hợp" if state == "cancelled" else None,
                    "created_at": created, "updated_at": created, "version": 1,
                    "search_text": f"{fold(title)} | {fold(description)}",
                    "search_title": fold(title)})
                assignees.append({"task_id": task_id, "user_id": assignee})
                if state == "open" and rng.random() < 0.25:
                    for _ in range(rng.randint(1, 3)):
                        report_id += 1
                        reports.append({"id": report_id, "task_id": task_id,
                                        "author_id": assignee, "agency_id": assignee,
                                        "text": _sentence(rng, 12), "progress": progress,
                                        "created_at": created})
            conn.execute(insert(Task), tasks)
            conn.execute(insert(task_assignee), assignees)
            if reports:
                conn.execute(insert(ProgressReport), reports)
            counts["reports"] = report_id
        # The rows went around the session, so the dashboard's maintained counts are
        # filled the way the nightly check repairs them: recounted from the tasks.
        check_tallies()
        db.session.commit()
        _reset_sequences(db)
        seconds = time.perf_counter() - started
    result = {"tasks": total, **counts, "seconds": round(seconds, 1)}
    echo(", ".join(f"{k}={v}" for k, v in result.items()))
    return result


def _reset_sequences(db) -> None:
    """Explicit ids leave PostgreSQL's sequences behind; move them past the rows.

    Also ANALYZE: a freshly bulk-loaded table has no statistics, and the planner would
    measure its guesses rather than the product (autovacuum does this in production).
    """
    if db.engine.dialect.name != "postgresql":
        with db.engine.begin() as conn:
            conn.exec_driver_sql("ANALYZE")
        return
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.exec_driver_sql("ANALYZE")
    with db.engine.begin() as conn:
        for table in ("agency", "user", "committee", "committee_role", "resolution", "task",
                      "progress_report"):
            conn.exec_driver_sql(
                f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), "  # noqa: S608
                f"(SELECT COALESCE(MAX(id), 1) FROM \"{table}\"))")  # (fixed table names)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--scale", type=float, default=1.0, help="1 = 100k tasks, 10 = 1M")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--committees", type=int, default=COMMITTEES,
                        help="spread the tasks over this many committees (default 20)")
    args = parser.parse_args()
    generate(args.database_url, args.scale, seed=args.seed, committees=args.committees)


if __name__ == "__main__":
    main()
