"""The rewritten sweep writes the same outbox as the old one (``legacy_sweep``), row for row.

Generated committees in three time zones, with the default policy, a working-days policy
over the 30/4 – 1/5 holidays and a policy of their own; tasks due on every day from two
months late to fifteen days ahead (so on each offset, on the day, across a weekend and the
holidays, on each escalation step), in every state, standing duties quiet for 80 to 200
days; assignees who lost their role, switched optional mail off, or hold another rung;
agency mailboxes that are a user's login, empty, or not seated; coordinating agencies with
their part done or not. Each sweep runs at a series of instants (the days around the
holidays, two sweeps the same hour, a digest already sent in between, a task added
midday), once with the old sweep and once with the new, and the outboxes are compared.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import delete, select, update

from tests.factories import (
    AgencyFactory,
    CommitteeFactory,
    CommitteeRoleFactory,
    ResolutionFactory,
    TaskFactory,
    UserFactory,
)
from tests.reminders.legacy_sweep import legacy_sweep_reminders
from tracker.clock import local_today
from tracker.extensions import db
from tracker.notifications.models import Notification
from tracker.reminders.holidays import seed_holidays
from tracker.reminders.models import DigestStatus, MailDigest, Reminder, ReminderPolicy
from tracker.reminders.sweep import sweep_reminders
from tracker.tasks.models import task_coordinator

ZONES = ("Asia/Ho_Chi_Minh", "Europe/London", "America/New_York")
POLICIES = (
    None,  # the defaults, created on first use
    {"working_days_only": True},
    {"days_before": [3, 1, 14], "on_the_day": False, "overdue_every_days": 2,
     "escalate_after_days": 3, "standing_stale_days": 30},
)
# Around the 30/4 – 1/5 holidays of 2026 (Thursday, Friday), a weekend, and Monday.
INSTANTS = [datetime(2026, 4, day, hour, tzinfo=UTC)
            for day, hour in ((27, 1), (28, 23), (29, 1), (30, 1), (30, 17))] + [
    datetime(2026, 5, day, hour, tzinfo=UTC)
    for day, hour in ((1, 1), (2, 3), (3, 1), (4, 1), (4, 1), (4, 9), (5, 1))]
SENT, MIDDAY = 4, 9  # after which sweep a digest is sent, and tasks are recorded


def _world(rng: random.Random) -> list:
    """Committees with their people and tasks; returns two tasks of the first committee
    that are recorded midday (cancelled until then: the same rows in both runs)."""
    seed_holidays([2026])
    people = [UserFactory(email=f"nguoi{n}@langson.gov.vn",
                          mail_optional=rng.random() > 0.2,
                          is_active_account=rng.random() > 0.1,
                          language=rng.choice(("vi", "en")))
              for n in range(14)]
    agencies = [AgencyFactory(email=rng.choice((f"VanPhong{n}@LangSon.gov.vn", None, "",
                                                people[n].email.upper())),
                              head_email=rng.choice((f"giamdoc{n}@langson.gov.vn", None,
                                                     people[n + 1].email)))
                for n in range(8)]
    resolutions = []
    for number, (zone, policy) in enumerate(
            (zone, policy) for zone in ZONES for policy in POLICIES):
        committee = CommitteeFactory(timezone=zone)
        committee.member_agencies.extend(rng.sample(agencies, 6))  # two are not seated
        roles = ["chair", "vice_chair", "secretary", "secretary"] + ["member"] * 5
        for person, role in zip(rng.sample(people, len(roles)), roles, strict=True):
            CommitteeRoleFactory(committee=committee, user=person, role=role)
        if policy is not None:
            db.session.add(ReminderPolicy(committee_id=committee.id, **{
                "days_before": [7, 1], "on_the_day": True, "overdue_every_days": 7,
                "escalate_after_days": 7, "standing_stale_days": 90,
                "working_days_only": False, "weekly_summary": True, **policy}))
        resolution = ResolutionFactory(committee=committee)
        resolutions.append(resolution)
        today = local_today(zone, INSTANTS[0])
        for offset in range(-45, 16):
            _task(rng, resolution, today + timedelta(days=offset), people, agencies)
        for quiet in range(80, 200, 7):
            _task(rng, resolution, None, people, agencies,
                  last_progress_at=INSTANTS[0] - timedelta(days=quiet, hours=number))
    first = resolutions[0]
    midday = local_today(first.committee.timezone, INSTANTS[MIDDAY])
    recorded_midday = [_task(rng, first, midday + timedelta(days=days), people, agencies,
                             state="cancelled") for days in (0, 1)]
    db.session.flush()
    return recorded_midday


def _task(rng, resolution, deadline, people, agencies, state=None, **kw):
    state = state or rng.choices(("open", "submitted", "done", "cancelled"), (6, 2, 1, 1))[0]
    lead = rng.choice(agencies)
    others = [a for a in agencies if a is not lead]
    task = TaskFactory(
        resolution=resolution, lead_agency=lead, deadline=deadline, state=state,
        assignees=rng.sample(people, rng.choice((0, 1, 1, 2, 3))),
        coordinating_agencies=rng.sample(others, rng.choice((0, 0, 1, 2))),
        created_at=INSTANTS[0] - timedelta(days=rng.randrange(100, 300)),
        **({"completed_on": deadline} if state == "done" else {}),
        **({"cancel_reason": "Dừng"} if state == "cancelled" else {}), **kw)
    if task.coordinating_agencies and rng.random() < 0.3:
        db.session.flush()
        db.session.execute(update(task_coordinator)
                           .where(task_coordinator.c.task_id == task.id,
                                  task_coordinator.c.agency_id
                                  == task.coordinating_agencies[0].id)
                           .values(progress=100, part_done_on=date(2026, 4, 1)))
    return task


def _outbox() -> tuple[set, set]:
    """Reminders and digests by their natural keys (ids differ between the two runs)."""
    digest_key = {d.id: (d.recipient_email, d.digest_on)
                  for d in db.session.scalars(select(MailDigest))}
    reminders = {(r.task_id, r.committee_id, r.recipient_email, r.recipient_user_id, r.kind,
                  r.due_on, r.level, digest_key.get(r.digest_id))
                 for r in db.session.scalars(select(Reminder))}
    digests = {(d.recipient_email, d.recipient_user_id, d.digest_on, d.language, d.status)
               for d in db.session.scalars(select(MailDigest))}
    return reminders, digests


def _empty_outbox() -> None:
    db.session.execute(update(Notification).values(digest_id=None))
    db.session.execute(delete(Reminder))
    db.session.execute(delete(MailDigest))
    db.session.flush()


def _run(sweep, recorded_midday) -> list:
    """Sweep at every instant; between two of them a digest is sent and tasks recorded."""
    results = []
    for number, instant in enumerate(INSTANTS):
        result = sweep(instant)
        results.append((result.rows_written, result.digests_created, result.items_attached))
        if number == SENT:  # this morning's mail of one recipient went out already
            # by its natural key: a recipient may hold digests of two days by now, and
            # which one is "first" must not depend on the database's order of ties
            first = db.session.scalar(select(MailDigest).order_by(
                MailDigest.recipient_email, MailDigest.digest_on))
            first.status = DigestStatus.SENT
        if number == MIDDAY:  # due today and tomorrow, recorded after this hour's sweep
            for task in recorded_midday:
                task.state = "open"
        db.session.flush()
    for task in recorded_midday:
        task.state = "cancelled"
    db.session.flush()
    return results


def test_the_new_sweep_writes_what_the_old_one_wrote():
    _empty_outbox()  # both runs start from the same outbox, whatever ran before
    recorded_midday = _world(random.Random(20261204))

    old_results = _run(legacy_sweep_reminders, recorded_midday)
    old = _outbox()
    _empty_outbox()
    new_results = _run(sweep_reminders, recorded_midday)
    new = _outbox()

    assert len(old[0]) > 500 and len({row[4] for row in old[0]}) == 5  # every kind
    assert (new[0] - old[0], old[0] - new[0]) == (set(), set())  # reminders: added, missing
    assert (new[1] - old[1], old[1] - new[1]) == (set(), set())  # digests
    assert new_results == old_results
