"""Load the demo data set through the same services the screens use.

Every record is written by its domain service, so the demo has the history
entries, validations and derived fields of real use. Deadlines, progress
reports and submissions are placed relative to ``now`` so that, whatever the
day, the Lạng Sơn committee shows every reporting category (overdue included).
The caller commits.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from tracker.auth.models import User
from tracker.auth.services import create_user
from tracker.clock import local_today, utcnow
from tracker.committees import services as committee_services
from tracker.committees.models import Agency, Committee
from tracker.demo import data
from tracker.demo.data import DEMO_PASSWORD, DemoDocument, DemoTask
from tracker.extensions import db
from tracker.history.services import record
from tracker.meetings import services as meeting_services
from tracker.resolutions import services as resolution_services
from tracker.resolutions.models import Resolution
from tracker.tasks import services as task_services
from tracker.tasks.models import Task
from tracker.tasks.recurrence import services as recurrence_services

__all__ = ["DEMO_PASSWORD", "database_is_empty", "demo_is_loaded", "demo_logins", "load_demo"]

# Demo events happen mid-morning, local time: clearly inside their calendar day.
_EVENT_TIME = time(9, 30)


def database_is_empty() -> bool:
    """True when there is no committee, agency or user yet (a fresh install)."""
    return not any(
        db.session.scalar(select(func.count()).select_from(model))
        for model in (Committee, Agency, User)
    )


def demo_is_loaded() -> bool:
    """True when the demo accounts exist (so their logins are worth printing again)."""
    emails = [email for _label, email in demo_logins()]
    return db.session.scalar(select(func.count()).where(User.email.in_(emails))) > 0


def load_demo(now: datetime | None = None) -> list[tuple[str, str]]:
    """Load the Lạng Sơn and Cao Bằng demo; returns ``[(role label, e-mail)]`` of the logins.

    All demo logins share ``DEMO_PASSWORD``. Flushes; the caller commits.
    """
    now = now or utcnow()
    agencies = _load_agencies()
    users = _load_users(agencies)
    committees = _load_committees(agencies, users)
    plays = (("langson", "secretary", "chair"), ("caobang", "secretary_cb", "secretary_cb"))
    for key, recorder, reviewer in plays:
        committee = committees[key]
        story = _Story(committee, agencies, users, now, recorder=users[recorder],
                       reviewer=users[reviewer])
        meeting_id = story.meeting(data.meeting(key))
        for document in data.documents(key):
            story.document(document, meeting_id)
        if (spec := data.next_meeting(key)) is not None:
            story.next_meeting(spec)
        if key == "langson":
            story.recurring_duties("12/TB-BCĐ")
    return demo_logins()


def demo_logins() -> list[tuple[str, str]]:
    """``[(role label, e-mail)]`` of the demo accounts, one per role (password DEMO_PASSWORD)."""
    return [(user["label"], user["email"]) for user in data.users()]


def _load_agencies() -> dict[str, Agency]:
    agencies = {}
    for key, spec in data.agencies().items():
        agency = committee_services.create_agency(
            name=spec["name"], short_name=spec["short_name"], kind=spec["kind"],
            email=spec["email"])
        if spec.get("sample"):
            agency.is_sample = True
            db.session.flush()
            record("agency", agency.id, "updated", changes={"is_sample": [False, True]},
                   comment="Dữ liệu mẫu / sample data")
        agencies[key] = agency
    return agencies


def _load_users(agencies: dict[str, Agency]) -> dict[str, User]:
    users = {}
    for user in data.users():
        agency = agencies.get(user.get("agency"))
        users[user["key"]] = create_user(
            email=user["email"], name=user["name"], password=DEMO_PASSWORD,
            language=user["language"], agency_id=agency.id if agency else None,
            is_admin=user.get("admin", False))
    return users


def _load_committees(agencies, users) -> dict[str, Committee]:
    admin = users["admin"]
    committees = {}
    for key, spec in data.committees().items():
        committees[key] = committee_services.create_committee(
            name=spec["name"], parent_body=spec["parent_body"],
            standing_agency_id=agencies[spec["standing"]].id,
            member_agency_ids=[agencies[k].id for k in spec["members"]], actor=admin,
            four_eyes=spec.get("four_eyes"))
    for user in data.users():
        for committee_key, role in user["roles"].items():
            committee_services.set_committee_role(
                committees[committee_key], users[user["key"]], role, actor=admin)
    return committees


class _Story:
    """Plays one committee's year: its meeting, documents, tasks and what became of them."""

    def __init__(self, committee, agencies, users, now, *, recorder, reviewer):
        self.committee = committee
        self.agencies = agencies
        self.users = users
        self.now = now
        self.recorder = recorder
        self.reviewer = reviewer
        self.today = local_today(committee.timezone, now)

    def day(self, offset: int) -> date:
        return self.today + timedelta(days=offset)

    def moment(self, offset: int) -> datetime:
        """Mid-morning of ``today + offset`` in the committee's zone, never after ``now``."""
        local = datetime.combine(self.day(offset), _EVENT_TIME,
                                 tzinfo=ZoneInfo(self.committee.timezone))
        return min(local, self.now.astimezone(local.tzinfo))

    def meeting(self, spec: dict) -> int:
        meeting = resolution_services.create_meeting(
            self.committee, actor=self.recorder, title=spec["title"], held_on=spec["held_on"],
            place=spec["place"], chaired_by=spec["chaired_by"], minutes=spec["minutes"],
            attending_agency_ids=[self.agencies[k].id for k in spec["attending"]])
        return meeting.id

    def next_meeting(self, spec: dict) -> None:
        """The next meeting, being prepared, and its agenda."""
        meeting = resolution_services.create_meeting(
            self.committee, actor=self.recorder, title=spec["title"],
            held_on=self.day(spec["held_in"]), place=spec["place"],
            chaired_by=spec["chaired_by"], now=self.now,
            attending_agency_ids=[self.agencies[k].id for k in spec["attending"]])
        for item in spec.get("agenda", []):
            presenter = self.agencies[item["presenter"]].id if "presenter" in item else None
            meeting_services.add_agenda_item(
                meeting, actor=self.recorder, title=item["title"],
                presenter_agency_id=presenter, notes=item.get("notes"),
                minutes_allotted=item.get("minutes"))

    def document(self, spec: DemoDocument, meeting_id: int) -> None:
        resolution = resolution_services.create_resolution(
            self.committee, actor=self.recorder, kind=spec.kind, number=spec.number,
            issued_on=spec.issued_on, title=spec.title, signer=spec.signer, text=spec.text,
            meeting_id=meeting_id if spec.from_meeting else None)
        for task_spec in spec.tasks:
            self.task(resolution, task_spec)

    def task(self, resolution, spec: DemoTask) -> None:
        task = task_services.assign_task(resolution, task_services.TaskSpec(
            title=spec.title,
            lead_agency_id=self.agencies[spec.lead].id,
            deadline=self.day(spec.due) if spec.due is not None else None,
            description=spec.description,
            coordinating_agency_ids=[self.agencies[k].id for k in spec.coordinating],
            assignee_ids=[self.users[k].id for k in spec.assignees],
            priority=spec.priority,
            expected_output=spec.expected_output,
        ), actor=self.recorder)
        for offset, percent, author, text in sorted(spec.reports):
            task_services.report_progress(task, actor=self.users[author], text=text,
                                          progress=percent, now=self.moment(offset))
        if spec.outcome in ("submitted", "done"):
            submitter = self.users[spec.submitted_by] if spec.submitted_by else self.recorder
            result = (f"Đã hoàn thành: {spec.expected_output}." if spec.expected_output
                      else "Đã hoàn thành nhiệm vụ được giao.")
            task_services.submit_completion(task, actor=submitter, result=result,
                                            now=self.moment(spec.submitted))
        if spec.outcome == "done":
            task_services.accept_completion(task, actor=self.reviewer,
                                            comment="Đồng ý kết quả thực hiện.")
        elif spec.outcome == "cancelled":
            task_services.cancel_task(task, spec.cancel_reason, actor=self.reviewer)

    def recurring_duties(self, number: str) -> None:
        """The conclusion's periodic reports (issue 14): Tràng Định's monthly report on
        tourism in the district, due the 15th, started four months ago (one report on time,
        one late, the last one missed, the next one in progress), and the standing agency's
        quarterly report on carrying out the conclusion, due the 20th of the quarter's last
        month."""
        resolution = db.session.scalar(select(Resolution).where(
            Resolution.committee_id == self.committee.id, Resolution.number == number))
        monthly = recurrence_services.create_series(
            resolution, task_services.TaskSpec(
                title="Báo cáo tình hình hoạt động du lịch trên địa bàn huyện Tràng Định "
                      "hằng tháng",
                lead_agency_id=self.agencies["trangdinh"].id,
                description="Số liệu chốt từ ngày 15 tháng trước đến ngày 14 tháng báo cáo "
                            "(Nghị định 09/2019/NĐ-CP).",
                assignee_ids=[self.users["member"].id],
                expected_output="Báo cáo tháng gửi Sở VHTTDL"),
            recurrence_services.RuleSpec(preset="monthly_15"), starts_on=self.day(-120),
            actor=self.recorder, lead_days=30, now=self.now)
        recurrence_services.create_series(
            resolution, task_services.TaskSpec(
                title="Báo cáo quý kết quả thực hiện Thông báo kết luận số 12/TB-BCĐ",
                lead_agency_id=self.agencies["svhttdl"].id,
                expected_output="Báo cáo quý trình Trưởng Ban Chỉ đạo"),
            recurrence_services.RuleSpec(preset="quarterly_20"), starts_on=self.day(-200),
            actor=self.recorder, lead_days=30, now=self.now)
        made = list(db.session.scalars(select(Task).where(Task.series_id == monthly.id)
                                       .order_by(Task.deadline)))
        for task, days_after_deadline in zip(made[:2], (-2, 4), strict=False):
            offset = (task.deadline - self.today).days + days_after_deadline
            task_services.submit_completion(task, actor=self.users["member"],
                                            result="Đã gửi báo cáo tháng.",
                                            now=self.moment(offset))
            task_services.accept_completion(task, actor=self.reviewer,
                                            comment="Đã nhận báo cáo.")
