"""Every route × every role, over HTTP: allowed, forbidden (403) or invisible (404).

The routes come from ``app.url_map``, so a new route cannot be forgotten: it fails
``test_every_route_has_a_matrix_entry`` until it is given an entry in ``ROUTES``
(who may use it and how to build its URL). A denied POST must change nothing:
every table is compared row by row before and after.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from types import SimpleNamespace

import pytest
import sqlalchemy as sa
from flask import url_for

from tests.conftest import _csrf_token
from tests.factories import (
    AgencyFactory,
    CommitteeFactory,
    MeetingFactory,
    ResolutionFactory,
    TaskFactory,
    UserFactory,
    member_of,
)
from tracker import create_app
from tracker.extensions import db
from tracker.notifications.models import Notification
from tracker.reminders.models import Holiday, MailDigest
from tracker.summaries.models import Summary
from tracker.summaries.services import file_path as summary_file_path
from tracker.tasks import services as task_services
from tracker.tasks.imports import pending as import_files
from tracker.tasks.imports import services as imports

ROLES = (
    "admin", "chair", "vice_chair", "secretary", "lead agency member",
    "coordinating agency member", "other agency member", "viewer",
    "member of another committee", "anonymous",
)
IN_COMMITTEE = frozenset(ROLES[:8])
SIGNED_IN = frozenset(ROLES[:9])

# Reachable without signing in.
# The calendar feed needs no login: its secret token is the credential (tested below).
PUBLIC_ENDPOINTS = {"static", "auth.login", "auth.set_language", "main.healthz",
                    "calendars.feed"}

ALLOWED, FORBIDDEN, HIDDEN, TO_LOGIN = "allowed", 403, 404, "login"
# Signing out: the user's sign-ins end (their session token changes), then the login page.
SIGNED_OUT = "signed out"


def policy(allowed, hidden=frozenset({"member of another committee"})) -> dict[str, object]:
    """Expected outcome per role: allowed, hidden (404), else forbidden; anonymous → login."""
    outcome = {role: FORBIDDEN for role in SIGNED_IN}
    outcome.update({role: HIDDEN for role in hidden})
    outcome.update({role: ALLOWED for role in allowed})
    outcome["anonymous"] = TO_LOGIN
    return outcome


# Who may do what (the rules of issue #2, as in tests/test_access.py).
ANY_SIGNED_IN = policy(SIGNED_IN, hidden=())
ADMINS = policy({"admin"}, hidden=())
# Admin-only actions on a committee's people: outsiders do not even see the committee.
ADMINS_OF_VISIBLE_COMMITTEE = policy({"admin"})
READERS = policy(IN_COMMITTEE)
MANAGERS = policy({"admin", "chair", "vice_chair", "secretary"})
REVIEWERS = MANAGERS
PROGRESS_REPORTERS = policy({"lead agency member", "coordinating agency member"})
COMPLETION_SUBMITTERS = policy({"lead agency member"})
# Public pages: anyone, signed in or not (the committee opted in; see tests/public).
EVERYONE = {role: ALLOWED for role in ROLES}
# A coordinating agency reports its own part done; members of the committee comment.
PART_REPORTERS = policy({"coordinating agency member"})
COMMENTERS = policy({"admin", "chair", "vice_chair", "secretary", "lead agency member",
                     "coordinating agency member", "other agency member"})
# The mail sink's screens exist only in demo mode (off in tests): 404 for everybody.
ONLY_IN_DEMO_MODE = policy((), hidden=SIGNED_IN)


@dataclass(frozen=True)
class Route:
    """How to exercise one endpoint from the fixture world, and who may."""

    expected: dict[str, object]
    url_values: Callable[[SimpleNamespace], dict] = lambda w: {}
    # A valid form for POST, so a missing check would really change something.
    form: Callable[[SimpleNamespace], dict] = lambda w: {}
    # Per-method overrides, e.g. a GET anyone may load next to a POST only some may send.
    methods: dict[str, dict[str, object]] = field(default_factory=dict)
    # False for a POST that only stores a file or redirects (e.g. an import's upload step).
    writes: bool = True
    # An allowed POST redirects (post/redirect/get), except one whose answer must not be
    # replayable from a URL: a new API token's secret is shown in the POST's own page (200).
    post_answers: frozenset = frozenset({302})


def _committee(w):
    return {"committee_id": w.committee.id}


def _resolution(w):
    return {"resolution_id": w.resolution.id}


_IMPORT_CSV = "Nội dung nhiệm vụ,Cơ quan chủ trì\nKiểm tra an ninh,Công an tỉnh\n".encode()


def _kept_import(w) -> str:
    """The token of the secretary's upload of _IMPORT_CSV, as its preview's URL carries it."""
    return import_files.keep_import(w.users["secretary"], w.resolution,
                                    imports.read_table(_IMPORT_CSV)).token


def _meeting(w):
    return {"meeting_id": w.meeting.id}


def _agenda_item(w):
    """The first of two agenda items of the world's meeting (being prepared)."""
    from tracker.meetings.models import AgendaItem

    first, second = (AgendaItem(meeting_id=w.meeting.id, position=n, title=f"Nội dung {n}")
                     for n in (1, 2))
    db.session.add_all([first, second])
    db.session.flush()
    return {"meeting_id": w.meeting.id, "item_id": first.id}


def _invitable_meeting(w):
    """The world's meeting with an attending agency that has a mailbox."""
    w.meeting.attending_agencies = [w.agencies["standing"]]
    db.session.flush()
    return {"meeting_id": w.meeting.id}


# Saved views and calendar feeds belong to one user (here the chair): 404 for anyone else.
CHAIRS_OWN = policy({"chair"}, hidden=SIGNED_IN - {"chair"})


def _chairs_view(w):
    from tracker.lists.saved_views import save_view

    return save_view(w.users["chair"], "Việc quá hạn", "category=overdue")


def _chairs_export(w, written: bool = False):
    """A background export the chair asked for (finished, with its file, if ``written``)."""
    from tracker.lists import services
    from tracker.lists.models import ExportState

    job = services.request_export(w.users["chair"], "lists.export_tasks", "", "csv", "vi")
    if written:
        path = services.file_path(job)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"\xef\xbb\xbfID\r\n")
        job.state = ExportState.DONE
        db.session.flush()
    return {"export_id": job.id}


def _chairs_token(w):
    from tracker.auth.tokens import create_token

    return create_token(w.users["chair"], "Hệ thống QLVB")[0]


def _chairs_feed(w):
    from tracker.calendars.services import create_feed

    return create_feed(w.users["chair"])


def _public_committee(w):
    w.committee.public_page = True
    db.session.flush()
    return _committee(w)


# Deadline extensions: asked by the lead agency, decided by the chair or a vice-chair.
EXTENSION_REQUESTERS = policy({"lead agency member"})
EXTENSION_DECIDERS = policy({"admin", "chair", "vice_chair"})


def _pending_extension(w):
    from tracker.tasks.extensions.services import request_extension

    task = w.tasks["open"]
    extension = request_extension(task, actor=w.users["lead agency member"],
                                  requested_deadline=date(2031, 6, 30),
                                  reason="Chờ vốn trung ương.")
    return {"extension_id": extension.id}


def _task(name):
    return lambda w: {"task_id": w.tasks[name].id}


def _task_row(w, prefix=""):
    return {
        f"{prefix}title": "Tổ chức Tuần Văn hóa – Du lịch Lạng Sơn",
        f"{prefix}lead_agency_id": str(w.agencies["lead"].id),
        f"{prefix}deadline": "2030-06-30",
        f"{prefix}priority": "normal",
        f"{prefix}expected_output": "Báo cáo kết quả",
    }


def _resolution_fields(w, number="99/TB-BCĐ"):
    return {"kind": "conclusion_notice", "number": number, "issued_on": "2024-01-25",
            "signer": "Dương Xuân Huyên", "title": "Kết luận của Trưởng Ban Chỉ đạo",
            "meeting_id": ""}


def _series(w):
    """A monthly reporting duty of the open task's lead agency (made for the call)."""
    from tracker.tasks.recurrence import services as recurrence

    series = recurrence.create_series(
        w.resolution, task_services.TaskSpec(title="Báo cáo tháng về du lịch",
                                             lead_agency_id=w.agencies["lead"].id),
        recurrence.RuleSpec(preset="monthly_15"), starts_on=date(2030, 1, 1),
        actor=w.users["secretary"])
    return {"series_id": series.id}


def _series_fields(w):
    return {"title": "Báo cáo quý về du lịch", "lead_agency_id": str(w.agencies["lead"].id),
            "priority": "normal", "preset": "quarterly_20", "frequency": "monthly",
            "starts_on": "2030-01-01", "due_day": "20"}


ROUTES: dict[str, Route] = {
    # --- accounts -----------------------------------------------------------------------
    # Signing out always lands on the login page, signed in or not.
    "auth.logout": Route({**{role: SIGNED_OUT for role in SIGNED_IN}, "anonymous": TO_LOGIN}),
    "auth.profile": Route(ANY_SIGNED_IN, form=lambda w: {
        "which": "profile", "profile-name": "Tên đã đổi", "profile-language": "en"}),
    # Ends every session of the user (their session token changes), then to the login page.
    "auth.sign_out_everywhere": Route({**{role: SIGNED_OUT for role in SIGNED_IN},
                                       "anonymous": TO_LOGIN}),
    "main.home": Route(ANY_SIGNED_IN),
    # A redirect to the dashboard of the user's one committee, else to the committee list.
    "main.dashboard": Route(ANY_SIGNED_IN),
    # --- committees, agencies and users (admin) ----------------------------------------
    "committees.index": Route(ANY_SIGNED_IN),
    "committees.show": Route(READERS, _committee),
    "committees.new": Route(ADMINS, form=lambda w: {
        "name": "Ban Chỉ đạo mới", "timezone": "Asia/Ho_Chi_Minh", "due_soon_days": "3",
        "standing_agency_id": str(w.agencies["standing"].id)}),
    "committees.edit": Route(ADMINS, _committee, form=lambda w: {
        "name": "Tên đã đổi", "timezone": "Asia/Ho_Chi_Minh", "due_soon_days": "5",
        "standing_agency_id": str(w.agencies["standing"].id),
        "member_agency_ids": [str(a.id) for a in w.agencies.values()]}),
    "committees.add_role": Route(ADMINS_OF_VISIBLE_COMMITTEE, _committee, form=lambda w: {
        "email": w.spare_user.email, "role": "chair"}),
    "committees.remove_role": Route(ADMINS_OF_VISIBLE_COMMITTEE, lambda w: {
        "committee_id": w.committee.id, "user_id": w.users["viewer"].id}),
    "restructuring.move_open_tasks": Route(MANAGERS, _committee, form=lambda w: {
        "from_agency_id": str(w.agencies["coordinating"].id),
        "to_agency_id": str(w.agencies["other"].id), "confirm": "yes"}),
    "public.committee": Route(EVERYONE, _public_committee),
    # Installing the site (issue 13): the same files for everybody, nothing about anyone.
    "pwa.manifest": Route(EVERYONE),
    "pwa.service_worker": Route(EVERYONE),
    "pwa.offline": Route(EVERYONE),
    "committees.agencies": Route(ADMINS),
    "committees.agency_new": Route(ADMINS, form=lambda w: {
        "name": "Hợp tác xã Du lịch Mẫu Sơn", "short_name": "HTX Mẫu Sơn",
        "kind": "cooperative"}),
    "committees.agency_edit": Route(ADMINS, lambda w: {"agency_id": w.agencies["other"].id},
                                    form=lambda w: {"name": "Tên đã đổi", "kind": "other"}),
    "committees.users": Route(ADMINS),
    "committees.user_new": Route(ADMINS, form=lambda w: {
        "name": "Hoàng Văn Mới", "email": "moi@langson.gov.vn", "agency_id": "",
        "language": "vi", "password": "mật khẩu rất dài 123"}),
    "committees.user_edit": Route(ADMINS, lambda w: {"user_id": w.spare_user.id},
                                  form=lambda w: {"name": "Tên đã đổi",
                                                  "email": w.spare_user.email,
                                                  "agency_id": "", "language": "en"}),
    "committees.user_password": Route(ADMINS, lambda w: {"user_id": w.spare_user.id},
                                      form=lambda w: {"new_password": "mật khẩu mới dài 456",
                                                      "confirm": "mật khẩu mới dài 456"}),
    "committees.user_deactivate": Route(ADMINS, lambda w: {"user_id": w.spare_user.id}),
    "committees.user_reactivate": Route(ADMINS, lambda w: {"user_id": w.inactive_user.id}),
    "committees.user_add_role": Route(ADMINS, lambda w: {"user_id": w.spare_user.id},
                                      form=lambda w: {"committee_id": str(w.committee.id),
                                                      "role": "chair"}),
    "committees.user_remove_role": Route(ADMINS, lambda w: {
        "user_id": w.users["viewer"].id, "committee_id": w.committee.id}),
    # --- the chair's dashboard ----------------------------------------------------------
    "reports.dashboard": Route(READERS, _committee),
    # --- meetings and resolutions -------------------------------------------------------
    "resolutions.index": Route(ANY_SIGNED_IN),
    "resolutions.choose_committee": Route(MANAGERS, lambda w: {"committee": w.committee.id}),
    "resolutions.new": Route(MANAGERS, _committee, form=lambda w: {
        **_resolution_fields(w), **_task_row(w, "tasks-0-")}),
    "resolutions.detail": Route(READERS, lambda w: {"resolution_id": w.resolution.id}),
    "resolutions.edit": Route(MANAGERS, lambda w: {"resolution_id": w.resolution.id},
                              form=lambda w: {**_resolution_fields(w, w.resolution.number),
                                              "title": "Tiêu đề đã sửa", "version": "1"}),
    "resolutions.add_tasks": Route(MANAGERS, lambda w: {"resolution_id": w.resolution.id},
                                   form=lambda w: _task_row(w, "tasks-0-")),
    "resolutions.edit_task": Route(MANAGERS, _task("open"), form=lambda w: {
        **_task_row(w), "version": str(w.tasks["open"].version)}),
    "resolutions.cancel_task": Route(MANAGERS, _task("open"),
                                     form=lambda w: {"reason": "Không còn phù hợp"}),
    # The upload writes the rows it read, kept for the preview and the confirmation.
    "resolutions.import_tasks": Route(
        MANAGERS, _resolution,
        form=lambda w: {"file": (io.BytesIO(_IMPORT_CSV), "nhiem-vu.csv")}),
    "resolutions.import_preview": Route(MANAGERS, lambda w: {
        **_resolution(w), "token": _kept_import(w)}),
    "resolutions.import_confirm": Route(MANAGERS, _resolution, form=lambda w: {
        "token": _kept_import(w)}),
    "resolutions.import_template": Route(MANAGERS, lambda w: {**_resolution(w), "fmt": "xlsx"}),
    # Drafting from a document's text: the paste answers with the review screen (200) and
    # writes nothing; confirming the review records the document and its tasks.
    "drafting.paste": Route(MANAGERS, _committee, writes=False, post_answers=frozenset({200}),
                            form=lambda w: {"text": "1. Giao Công an tỉnh chủ trì bảo đảm "
                                                    "an ninh du lịch, trước ngày 30/6/2030."}),
    "drafting.review": Route(MANAGERS, _committee, form=lambda w: {
        **_resolution_fields(w), **_task_row(w, "tasks-0-")}),
    "resolutions.meetings": Route(READERS, _committee),
    "resolutions.meeting": Route(READERS, lambda w: {"meeting_id": w.meeting.id}),
    "resolutions.new_meeting": Route(MANAGERS, _committee, form=lambda w: {
        "title": "Phiên họp quý II", "held_on": "2024-06-20", "place": "Lạng Sơn"}),
    "resolutions.edit_meeting": Route(MANAGERS, lambda w: {"meeting_id": w.meeting.id},
                                      form=lambda w: {"title": "Tên đã sửa",
                                                      "held_on": "2024-01-18"}),
    # The draft conclusion notice: those who manage the meeting (tracker/meetings/).
    "meeting_notice.docx": Route(MANAGERS, lambda w: {"meeting_id": w.meeting.id}),
    "meeting_notice.pdf": Route(MANAGERS, lambda w: {"meeting_id": w.meeting.id}),
    # --- a meeting's preparation (tracker/meetings): its managers only -------------------
    "meetings.agenda": Route(MANAGERS, _meeting, form=lambda w: {
        "title": "Báo cáo công tác chuẩn bị Lễ hội Hoa Đào", "minutes_allotted": "20"}),
    "meetings.edit_item": Route(MANAGERS, _agenda_item, form=lambda w: {
        "title": "Nội dung đã sửa", "minutes_allotted": "15"}),
    "meetings.move_item": Route(MANAGERS, _agenda_item, form=lambda w: {"direction": "down"}),
    "meetings.delete_item": Route(MANAGERS, _agenda_item),
    "meetings.assign_from_item": Route(MANAGERS, _agenda_item),
    "meetings.invitation": Route(MANAGERS, _invitable_meeting),
    "meetings.mark_held": Route(MANAGERS, _meeting),
    # --- recurring duties: the committee's managers start, change and stop them -----------
    "recurrence.new": Route(MANAGERS, _resolution, form=_series_fields),
    "recurrence.show": Route(READERS, _series),
    "recurrence.edit": Route(MANAGERS, _series, form=lambda w: {
        **_series_fields(w), "version": "1"}),
    "recurrence.stop": Route(MANAGERS, _series),
    # --- tasks --------------------------------------------------------------------------
    "tasks.index": Route(ANY_SIGNED_IN),
    "tasks.my_agency": Route(ANY_SIGNED_IN),
    "tasks.detail": Route(READERS, _task("open")),
    "tasks.attachment": Route(READERS, lambda w: {"attachment_id": w.attachment.id}),
    "tasks.thumbnail": Route(READERS, lambda w: {"attachment_id": w.photo.id}),
    "tasks.report": Route(PROGRESS_REPORTERS, _task("open"), form=lambda w: {
        "text": "Đã tổ chức 3 đợt kiểm tra.", "progress": "60"}),
    "tasks.submit": Route(COMPLETION_SUBMITTERS, _task("open"), form=lambda w: {
        "result": "Đã hoàn thành, hồ sơ đã trình."}),
    "tasks.accept": Route(REVIEWERS, _task("submitted"), form=lambda w: {"comment": "Đạt."}),
    "tasks.return_completion": Route(REVIEWERS, _task("submitted"), form=lambda w: {
        "comment": "Thiếu biên bản nghiệm thu."}),
    "tasks.part_done": Route(PART_REPORTERS, _task("open")),
    "tasks.comment": Route(COMMENTERS, _task("open"), form=lambda w: {
        "body": "Đề nghị @" + w.users["lead agency member"].email.split("@")[0]
                + " bổ sung biên bản."}),
    # --- deadline extensions: the lead agency asks, the chair or a vice-chair decides ----
    "extensions.request_extension": Route(EXTENSION_REQUESTERS, _task("open"), form=lambda w: {
        "requested_deadline": "2031-06-30", "reason": "Chờ ý kiến thẩm định của Bộ."}),
    "extensions.grant": Route(EXTENSION_DECIDERS, _pending_extension,
                              form=lambda w: {"comment": "Đồng ý gia hạn."}),
    "extensions.refuse": Route(EXTENSION_DECIDERS, _pending_extension,
                               form=lambda w: {"comment": "Chưa đủ căn cứ."}),
    # --- notifications (the bell): one's own only -----------------------------------------
    "notifications.index": Route(ANY_SIGNED_IN),
    "waiting.index": Route(ANY_SIGNED_IN),
    # The search box: anyone signed in; results are limited to their committees (see
    # tests/test_global_search.py).
    "search.index": Route(ANY_SIGNED_IN, lambda w: {"q": "lạng sơn"}),
    "notifications.mark_read": Route(
        policy({"lead agency member"}, hidden=SIGNED_IN - {"lead agency member"}),
        lambda w: {"notification_id": w.notification.id}),
    "notifications.mark_all_read": Route(ANY_SIGNED_IN),
    "notifications.email_kinds": Route(ANY_SIGNED_IN, form=lambda w: {"kinds": ["mentioned"]}),
    # --- exports and saved views (one's own views only) ----------------------------------
    "lists.export_tasks": Route(ANY_SIGNED_IN, lambda w: {"fmt": "csv"}),
    "lists.export_my_agency": Route(ANY_SIGNED_IN, lambda w: {"fmt": "xlsx"}),
    "lists.export_resolutions": Route(ANY_SIGNED_IN, lambda w: {"fmt": "csv"}),
    "lists.export_progress": Route(CHAIRS_OWN, _chairs_export),
    "lists.export_download": Route(CHAIRS_OWN, lambda w: _chairs_export(w, written=True)),
    "lists.save_view": Route(ANY_SIGNED_IN, form=lambda w: {
        "view-name": "Quá hạn theo cơ quan", "view-query": "category=overdue&sort=agency"}),
    "lists.rename_view": Route(CHAIRS_OWN, lambda w: {"view_id": _chairs_view(w).id},
                               form=lambda w: {"name": "Tên mới"}),
    "lists.delete_view": Route(CHAIRS_OWN, lambda w: {"view_id": _chairs_view(w).id}),
    # --- personal API tokens (one's own only) ------------------------------------------
    "auth.create_api_token": Route(ANY_SIGNED_IN, form=lambda w: {"token-name": "Script"},
                                   post_answers=frozenset({200})),
    "auth.revoke_api_token": Route(CHAIRS_OWN, lambda w: {"token_id": _chairs_token(w).id}),
    # --- calendar feeds (one's own feeds only; the .ics itself: see the end) -----------
    "calendars.create_user_feed": Route(ANY_SIGNED_IN),
    "calendars.create_committee_feed": Route(READERS, _committee),
    "calendars.revoke_feed": Route(CHAIRS_OWN, lambda w: {"feed_id": _chairs_feed(w)[0].id}),
    # --- reminders: a committee's policy; holidays, outbox and mail sink (admin) --------
    "reminders.policy": Route(MANAGERS, _committee, form=lambda w: {
        "days_before": "14, 3", "on_the_day": "y", "overdue_every_days": "5",
        "escalate_after_days": "10", "standing_stale_days": "60",
        "decision_waiting_days": "3"}),
    "reminders.holidays": Route(ADMINS),
    "reminders.holiday_new": Route(ADMINS, form=lambda w: {
        "on": "2031-01-01", "name": "Tết Dương lịch", "kind": "fixed"}),
    "reminders.holiday_edit": Route(ADMINS, lambda w: {"holiday_id": w.holiday.id},
                                    form=lambda w: {"on": "2031-09-03", "name": "Nghỉ bù",
                                                    "kind": "other"}),
    "reminders.holiday_delete": Route(ADMINS, lambda w: {"holiday_id": w.holiday.id}),
    "reminders.holidays_load": Route(ADMINS),
    "reminders.outbox": Route(ADMINS),
    "reminders.outbox_retry": Route(ADMINS, lambda w: {"digest_id": w.failed_digest.id}),
    "reminders.mail_sink": Route(ONLY_IN_DEMO_MODE),
    "reminders.mail_message": Route(ONLY_IN_DEMO_MODE, lambda w: {"name": "digest.eml"}),
    "reminders.mail_raw": Route(ONLY_IN_DEMO_MODE, lambda w: {"name": "digest.eml"}),
    # --- progress summaries ------------------------------------------------------------
    "summaries.index": Route(READERS, _committee),
    "summaries.new": Route(MANAGERS, _committee, form=lambda w: {
        "period": "month", "reference": "2026-11-22"}),
    "summaries.show": Route(READERS, lambda w: {"summary_id": w.summary.id}),
    "summaries.status": Route(READERS, lambda w: {"summary_id": w.summary.id}),
    "summaries.download": Route(READERS, lambda w: {"summary_id": w.ready_summary.id,
                                                    "fmt": "xlsx"}),
    "summaries.recompile": Route(MANAGERS, lambda w: {"summary_id": w.summary.id}),
}


def _routes_of(app) -> list[tuple[str, str]]:
    """(endpoint, method) for every site route that needs signing in.

    The JSON API (/api/…) answers with status codes and tokens, not redirects and
    sessions: its routes have their own generated matrix in
    tests/api/test_access_matrix_api.py.
    """
    found = set()
    for rule in app.url_map.iter_rules():
        if rule.endpoint in PUBLIC_ENDPOINTS or rule.rule.startswith("/api/"):
            continue
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            found.add((rule.endpoint, method))
    return sorted(found)


# The routes are read at collection time from an app that is never served (no database needed).
ALL_ROUTES = _routes_of(create_app("testing"))


def test_every_route_has_a_matrix_entry(app):
    missing = sorted({endpoint for endpoint, _ in _routes_of(app)} - set(ROUTES))
    assert not missing, (
        f"Routes without an access-matrix entry: {missing}. Add each to ROUTES in "
        "tests/test_access_matrix.py with who may use it and how to build its URL."
    )
    stale = sorted(set(ROUTES) - {endpoint for endpoint, _ in _routes_of(app)})
    assert not stale, f"Matrix entries for routes that no longer exist: {stale}"


# --- the world every request is made in ------------------------------------------------

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def _camera_photo() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "green").save(buffer, "JPEG")
    return buffer.getvalue()


def build_world() -> SimpleNamespace:
    agencies = {
        "standing": AgencyFactory(name="Sở Văn hóa, Thể thao và Du lịch", short_name="Sở VHTTDL"),
        "lead": AgencyFactory(name="Công an tỉnh Lạng Sơn", short_name="Công an tỉnh"),
        "coordinating": AgencyFactory(name="Bộ Chỉ huy Bộ đội Biên phòng tỉnh",
                                      short_name="BĐBP tỉnh"),
        "other": AgencyFactory(name="UBND huyện Cao Lộc", short_name="UBND Cao Lộc"),
    }
    committee = CommitteeFactory(standing_agency=agencies["standing"])
    committee.member_agencies = list(agencies.values())
    meeting = MeetingFactory(committee=committee)
    resolution = ResolutionFactory(committee=committee, meeting=meeting)

    def task(state, **fields):
        return TaskFactory(resolution=resolution, committee=committee,
                           lead_agency=agencies["lead"],
                           coordinating_agencies=[agencies["coordinating"]], state=state,
                           **fields)

    tasks = {
        "open": task("open"),
        "submitted": task("submitted", submitted_on=resolution.issued_on),
        "done": task("done", submitted_on=resolution.issued_on,
                     completed_on=resolution.issued_on, progress=100),
        "cancelled": task("cancelled", cancel_reason="Không còn phù hợp"),
    }
    users = {
        "admin": UserFactory(is_admin=True, agency=None),
        "chair": member_of(committee, "chair", agency=agencies["standing"]),
        "vice_chair": member_of(committee, "vice_chair", agency=agencies["standing"]),
        "secretary": member_of(committee, "secretary", agency=agencies["standing"]),
        "lead agency member": member_of(committee, "member", agency=agencies["lead"]),
        "coordinating agency member": member_of(committee, "member",
                                                agency=agencies["coordinating"]),
        "other agency member": member_of(committee, "member", agency=agencies["other"]),
        "viewer": member_of(committee, "viewer", agency=agencies["lead"]),
        "member of another committee": member_of(CommitteeFactory(), "chair",
                                                 agency=agencies["lead"]),
    }
    holiday = Holiday(on=date(2031, 9, 2), name="Quốc khánh", kind="fixed")
    failed_digest = MailDigest(recipient_email="sovhttdl@langson.gov.vn",
                               digest_on=date(2026, 11, 22), status="failed",
                               last_error="550 mailbox unavailable")
    # A failed summary (its page shows the progress view; managers may compile it again)
    # and a ready one whose file is on disk (readers may download it).
    summary = Summary(committee=committee, period_kind="month", starts_on=date(2026, 10, 15),
                      ends_on=date(2026, 11, 14), status="failed", error="timeout")
    ready_summary = Summary(committee=committee, period_kind="month",
                            starts_on=date(2026, 9, 15), ends_on=date(2026, 10, 14),
                            status="ready", progress=100, figures={})
    db.session.add_all([holiday, failed_digest, summary, ready_summary])
    # An unread notification for everybody (so "mark all read" changes something).
    notices = {role: Notification(user=user, kind="summary_ready")
               for role, user in users.items()}
    db.session.add_all(notices.values())
    db.session.flush()
    summary_file = summary_file_path(ready_summary, "xlsx")
    summary_file.parent.mkdir(parents=True, exist_ok=True)
    summary_file.write_bytes(b"PK placeholder: the matrix tests access, not the workbook")
    report = task_services.report_progress(
        tasks["open"], actor=users["lead agency member"], text="Đã triển khai kế hoạch.",
        progress=30, files=[("bien-ban.png", PNG)], photo=("hien-truong.jpg", _camera_photo()))
    db.session.flush()
    return SimpleNamespace(
        committee=committee, meeting=meeting, resolution=resolution, tasks=tasks,
        agencies=agencies, users=users, attachment=report.attachments[0],
        photo=next(file for file in report.attachments if file.thumbnail_name),
        spare_user=UserFactory(agency=agencies["other"]),
        inactive_user=UserFactory(agency=agencies["other"], is_active_account=False),
        holiday=holiday, failed_digest=failed_digest, summary=summary,
        ready_summary=ready_summary, notification=notices["lead agency member"],
    )


def snapshot() -> dict[str, list[tuple]]:
    """Every row of every table, in primary-key order."""
    db.session.flush()
    db.session.expire_all()
    rows = {}
    for table in db.metadata.sorted_tables:
        order = list(table.primary_key.columns) or list(table.columns)
        rows[table.name] = [tuple(r) for r in db.session.execute(
            sa.select(table).order_by(*order)).all()]
    return rows


def sign_in(app, client, user) -> None:
    """Put ``user`` in the client's session as Flask-Login does after a successful login.

    The real login verifies an argon2 hash (about half a second by design); hundreds of
    matrix cases skip that. Login itself is tested in tests/auth.
    """
    with app.test_request_context(environ_base=client.environ_base):
        identifier = app.login_manager._session_identifier_generator()
        stored_id = user.get_id()  # "<id>:<session token>:<signed-in at>" (auth.sessions)
    with client.session_transaction() as session:
        session.update({"_user_id": stored_id, "_fresh": True, "_id": identifier})


def _status_matches(expected, response, method: str, post_answers=frozenset({302})) -> bool:
    if expected == ALLOWED:
        allowed = {200, 302} if method == "GET" else post_answers
        return response.status_code in allowed and not (
            response.status_code == 302 and "/login" in response.headers.get("Location", ""))
    if expected in (TO_LOGIN, SIGNED_OUT):
        return response.status_code == 302 and "/login" in response.headers["Location"]
    return response.status_code == expected


def exercise(app, client, world, endpoint: str, method: str, role: str,
             url_values: dict, form: dict, expected, writes: bool = True,
             post_answers=frozenset({302})) -> None:
    """Make the request as ``role`` and check its answer, and for a POST what it changed."""
    url = url_for(endpoint, _external=False, **url_values)
    if role != "anonymous":
        sign_in(app, client, world.users[role])

    if method == "GET":
        response = client.get(url)
        assert _status_matches(expected, response, method), (
            f"GET {url} as {role}: expected {expected}, got {response.status_code}")
        return

    data = dict(form)
    data["csrf_token"] = _csrf_token(client, "/login" if role == "anonymous" else "/profile")
    before = snapshot()
    response = client.post(url, data=data)
    assert _status_matches(expected, response, method, post_answers), (
        f"POST {url} as {role}: expected {expected}, got {response.status_code}")
    if expected in (ALLOWED, SIGNED_OUT) and writes:
        # The entry's form is valid, so "denied → nothing changed" means something.
        assert snapshot() != before, f"allowed POST {url} as {role} changed nothing"
    else:
        assert snapshot() == before, f"denied POST {url} as {role} changed the database"


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("endpoint", "method"),
                         [pytest.param(e, m, id=f"{m} {e}") for e, m in ALL_ROUTES])
def test_route_answers_each_role_as_the_rules_say(app, client, endpoint, method, role):
    route = ROUTES.get(endpoint)
    if route is None:
        pytest.fail(f"{endpoint} has no entry in ROUTES (see test_every_route_has_a_matrix_entry)")
    world = build_world()
    expected = route.methods.get(method, route.expected)[role]
    exercise(app, client, world, endpoint, method, role, route.url_values(world),
             route.form(world), expected, route.writes, route.post_answers)


# A task's verbs only apply in some states: in any other, nobody may use them. The state
# is looked at before the role (tracker.tasks.workflow.check), so everyone who can see the
# task gets the same answer, 409 with the reason, as from the API (issue 11; it was 403
# here); still 404 for those who cannot see the committee.
STATE_CONFLICT = 409
NOBODY = {**policy(()), **{role: STATE_CONFLICT for role in IN_COMMITTEE}}
WRONG_STATE = [
    *[("tasks.report", "POST", s) for s in ("submitted", "done", "cancelled")],
    *[("tasks.submit", "POST", s) for s in ("submitted", "done", "cancelled")],
    *[("tasks.part_done", "POST", s) for s in ("submitted", "done", "cancelled")],
    *[("extensions.request_extension", "POST", s) for s in ("submitted", "done", "cancelled")],
    *[(e, "POST", s) for e in ("tasks.accept", "tasks.return_completion")
      for s in ("open", "done", "cancelled")],
    *[(e, m, s) for e in ("resolutions.edit_task", "resolutions.cancel_task")
      for m in ("GET", "POST") for s in ("done", "cancelled")],
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("endpoint", "method", "state"),
                         [pytest.param(*case, id=f"{case[1]} {case[0]} on {case[2]} task")
                          for case in WRONG_STATE])
def test_task_verbs_are_refused_in_the_wrong_state(app, client, endpoint, method, state, role):
    world = build_world()
    task = world.tasks[state]
    exercise(app, client, world, endpoint, method, role, {"task_id": task.id},
             ROUTES[endpoint].form(world), NOBODY[role])


@pytest.mark.parametrize("role", ROLES)
def test_calendar_feed_opens_by_its_token_alone_and_a_wrong_token_is_not_found(
        app, client, role):
    world = build_world()
    _feed, token = _chairs_feed(world)
    if role != "anonymous":
        sign_in(app, client, world.users[role])
    assert client.get(url_for("calendars.feed", token=token)).status_code == 200
    wrong = token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB")
    assert client.get(url_for("calendars.feed", token=wrong)).status_code == 404
    assert client.get(url_for("calendars.feed", token="x")).status_code == 404
