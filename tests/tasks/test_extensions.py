"""Deadline extensions: the lead agency asks, the chair or a vice-chair decides; the
deadline in force moves only when granted, the original stays, reminders follow."""

from __future__ import annotations

import io
from datetime import timedelta
from pathlib import Path

import pytest
from flask import current_app
from flask_babel import force_locale
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from tests.conftest import Browser, _csrf_token
from tests.factories import TEST_PASSWORD, UserFactory
from tests.reminders.builders import NOW, ladder
from tests.tasks.scenes import PDF_BYTES, PNG_BYTES, in_days, lang_son_scene, person
from tracker.clock import utcnow
from tracker.domain import DomainError
from tracker.extensions import db
from tracker.history.models import HistoryEntry
from tracker.notifications.models import Notification
from tracker.reminders.models import Reminder
from tracker.reminders.sweep import sweep_reminders
from tracker.reports.queries import agency_scorecard
from tracker.summaries.document import document_context
from tracker.summaries.figures import extensions_granted, original_deadline_rates
from tracker.summaries.periods import Period
from tracker.summaries.services import compile_summary, request_summary
from tracker.tasks import uploads
from tracker.tasks.extensions import services as extensions
from tracker.tasks.extensions.services import ExtensionError
from tracker.tasks.models import Attachment, TaskExtension


@pytest.fixture(autouse=True)
def _english_messages(db_session):
    """Service messages below are asserted in English; outside a request the default is vi."""
    with force_locale("en"):
        yield



def task_history(task) -> list[HistoryEntry]:
    return list(db.session.scalars(
        select(HistoryEntry).where(HistoryEntry.subject_type == "task",
                                   HistoryEntry.subject_id == task.id)
        .order_by(HistoryEntry.id)))


def extension_rows(task) -> list[TaskExtension]:
    return list(db.session.scalars(
        select(TaskExtension).where(TaskExtension.task_id == task.id).order_by(TaskExtension.id)))


@pytest.fixture
def sign_in(app):
    """``sign_in(user)``: a Browser of its own per user, so several people can take turns."""

    def _sign_in(user):
        browser = Browser(app.test_client(), user)
        response = browser.post("/login", {"email": user.email, "password": TEST_PASSWORD},
                                form_url="/login")
        assert response.status_code == 302
        return browser

    return _sign_in


def ask(scene, task, days: int, reason="Chờ ý kiến thẩm định của Bộ VHTTDL."):
    return extensions.request_extension(task, actor=scene.lead_member,
                                        requested_deadline=task.deadline + timedelta(days=days),
                                        reason=reason)


# --- the rules, through the services -----------------------------------------------------


def test_granting_moves_the_deadline_in_force_and_leaves_the_original():
    scene = lang_son_scene()
    task = scene.add_task(title="Lập hồ sơ khoa học di tích", deadline=in_days(10))
    original = task.deadline

    extension = ask(scene, task, 20)
    assert task.deadline == original  # asking changes nothing yet
    assert (extension.status, extension.previous_deadline) == ("pending", original)

    extensions.grant_extension(extension, actor=scene.chair, comment="Đồng ý.")
    assert task.deadline == original + timedelta(days=20)
    assert task.original_deadline == original
    assert (extension.status, extension.decided_by_id, extension.decision_comment) == (
        "granted", scene.chair.id, "Đồng ý.")
    assert extension.decided_at is not None

    entries = task_history(task)
    assert [e.action for e in entries] == ["extension_requested", "extension_granted"]
    assert entries[0].comment == "Chờ ý kiến thẩm định của Bộ VHTTDL."
    assert entries[1].changes == {"deadline": [original.isoformat(),
                                               task.deadline.isoformat()]}
    assert entries[1].comment == "Đồng ý."
    assert entries[1].actor_id == scene.chair.id


def test_refusing_needs_a_comment_and_keeps_the_deadline():
    scene = lang_son_scene()
    task = scene.add_task(deadline=in_days(10))
    original = task.deadline
    extension = ask(scene, task, 15)

    with pytest.raises(ExtensionError) as refused:
        extensions.refuse_extension(extension, actor=scene.chair, comment="   ")
    assert refused.value.field == "comment"

    extensions.refuse_extension(extension, actor=scene.chair, comment="Không đủ căn cứ.")
    assert task.deadline == original == task.original_deadline
    assert extension.status == "refused"
    assert task_history(task)[-1].action == "extension_refused"
    assert task_history(task)[-1].comment == "Không đủ căn cứ."

    # Decided once: neither a second refusal nor a late grant.
    with pytest.raises(ExtensionError, match="already been decided"):
        extensions.grant_extension(extension, actor=scene.chair)


def test_only_one_pending_request_at_a_time():
    scene = lang_son_scene()
    task = scene.add_task(deadline=in_days(10))
    first = ask(scene, task, 10)
    with pytest.raises(ExtensionError, match="already waiting"):
        ask(scene, task, 30)
    extensions.refuse_extension(first, actor=scene.chair, comment="Chưa hợp lý.")
    second = ask(scene, task, 30)  # once decided, the agency may ask again
    assert [e.status for e in extension_rows(task)] == ["refused", "pending"]
    assert second.status == "pending"


@pytest.mark.parametrize("days", [0, -3])
def test_the_requested_date_must_be_after_the_deadline_in_force(days):
    scene = lang_son_scene()
    task = scene.add_task(deadline=in_days(10))
    with pytest.raises(ExtensionError) as error:
        ask(scene, task, days)
    assert error.value.field == "requested_deadline"
    assert extension_rows(task) == []


def test_a_reason_is_required_and_standing_duties_have_nothing_to_extend():
    scene = lang_son_scene()
    task = scene.add_task(deadline=in_days(10))
    with pytest.raises(ExtensionError) as error:
        ask(scene, task, 5, reason="  ")
    assert error.value.field == "reason"

    standing = scene.add_task(deadline=None)
    with pytest.raises(ExtensionError, match="standing duty"):
        extensions.request_extension(standing, actor=scene.lead_member,
                                     requested_deadline=in_days(90), reason="Xin thêm thời gian.")
    assert extension_rows(task) == extension_rows(standing) == []


def test_the_committee_caps_the_number_of_granted_extensions():
    scene = lang_son_scene()
    scene.committee.max_extensions = 2
    task = scene.add_task(deadline=in_days(10))
    refused = ask(scene, task, 3)
    extensions.refuse_extension(refused, actor=scene.chair, comment="Chưa hợp lý.")
    for _ in range(2):  # refusals do not count towards the cap
        extensions.grant_extension(ask(scene, task, 7), actor=scene.chair)
    assert task.deadline == task.original_deadline + timedelta(days=14)

    with pytest.raises(ExtensionError, match="already been granted 2 extension"):
        ask(scene, task, 7)
    assert len(extension_rows(task)) == 3


def test_lowering_the_cap_blocks_granting_a_request_already_pending():
    scene = lang_son_scene()
    task = scene.add_task(deadline=in_days(10))
    extensions.grant_extension(ask(scene, task, 5), actor=scene.chair)
    pending = ask(scene, task, 5)
    scene.committee.max_extensions = 1
    with pytest.raises(ExtensionError, match="already been granted 1 extension"):
        extensions.grant_extension(pending, actor=scene.chair)
    extensions.refuse_extension(pending, actor=scene.chair, comment="Đã hết số lần gia hạn.")
    assert pending.status == "refused"


def test_a_finished_task_can_no_longer_be_extended():
    scene = lang_son_scene()
    task = scene.add_task(deadline=in_days(10))
    pending = ask(scene, task, 5)
    task.state = "cancelled"
    db.session.flush()
    with pytest.raises(ExtensionError, match="finished or cancelled"):
        extensions.grant_extension(pending, actor=scene.chair)
    with pytest.raises(ExtensionError, match="in progress"):
        ask(scene, task, 10)


# --- reminders follow the deadline in force ------------------------------------------------


def test_reminders_follow_the_granted_deadline_not_the_old_one_nor_a_pending_request():
    org = ladder()
    asker = person(org.committee, "member", org.lead)
    today = org.today

    def extended(days_left, new_days_left, grant=True):
        task = org.task(days_left)
        extension = extensions.request_extension(
            task, actor=asker, requested_deadline=today + timedelta(days=new_days_left),
            reason="Chờ kết quả khảo sát.")
        if grant:
            extensions.grant_extension(extension, actor=org.chair)
        return task

    moved_into_reminder = extended(3, 7)  # old deadline: no reminder today; new one: 7 days
    moved_out = extended(7, 30)  # old deadline would be reminded today; the new one not
    still_pending = extended(7, 30, grant=False)  # not granted: the old deadline rules
    db.session.flush()

    sweep_reminders(NOW)

    def due_before(task):
        return set(db.session.execute(
            select(Reminder.due_on).where(Reminder.task_id == task.id,
                                          Reminder.kind == "due_before")).scalars())

    assert due_before(moved_into_reminder) == {today}
    assert due_before(moved_out) == set()
    assert due_before(still_pending) == {today}
    assert moved_into_reminder.original_deadline == today + timedelta(days=3)


# --- the screens ---------------------------------------------------------------------------


def test_lead_member_asks_and_chair_grants_from_the_task_page(sign_in):
    scene = lang_son_scene()
    task = scene.add_task(title="Tu bổ di tích Đền Mẫu Đồng Đăng", deadline=in_days(10))
    old = task.deadline
    url = f"/tasks/{task.id}"
    wanted = (old + timedelta(days=31)).isoformat()

    lead = sign_in(scene.lead_member)
    page = lead.get(url).get_data(as_text=True)
    assert "Ask for a new deadline" in page
    response = lead.post(f"/tasks/{task.id}/extensions",
                         {"requested_deadline": wanted, "reason": "Chờ vốn trung ương."},
                         form_url=url)
    assert response.status_code == 302
    page = lead.get(url).get_data(as_text=True)
    assert "Waiting for a decision" in page and "Chờ vốn trung ương." in page
    assert "Ask for a new deadline" not in page  # one pending request at a time
    assert task.deadline == old

    chair = sign_in(scene.chair)
    page = chair.get(url).get_data(as_text=True)
    assert "Grant the extension" in page and "Refuse it" in page
    pending = extension_rows(task)[0]
    response = chair.post(f"/extensions/{pending.id}/grant", {"comment": "Đồng ý gia hạn."},
                          form_url=url)
    assert response.status_code == 302
    db.session.expire_all()
    assert task.deadline.isoformat() == wanted and task.original_deadline == old
    page = chair.get(url).get_data(as_text=True)
    assert "Granted" in page and "Đồng ý gia hạn." in page and "Dương Xuân Huyên" in page
    assert "granted a deadline extension" in page  # the history


def test_a_bad_request_is_shown_next_to_its_field_and_nothing_is_written(sign_in):
    scene = lang_son_scene()
    task = scene.add_task(deadline=in_days(10))
    lead = sign_in(scene.lead_member)
    url = f"/tasks/{task.id}"
    for data, message in [
        ({"requested_deadline": task.deadline.isoformat(), "reason": "Lý do."},
         "must be after the deadline in force"),
        ({"requested_deadline": "31/02/2030", "reason": "Lý do."}, "valid date"),
        ({"requested_deadline": (task.deadline + timedelta(days=9)).isoformat(), "reason": ""},
         "explain why"),
    ]:
        response = lead.post(f"/tasks/{task.id}/extensions", data, form_url=url)
        assert response.status_code == 422
        html = response.get_data(as_text=True)
        assert message in html and 'aria-invalid="true"' in html
    assert extension_rows(task) == []


def test_refusing_without_a_comment_is_422_and_the_request_stays_pending(sign_in):
    scene = lang_son_scene()
    task = scene.add_task(deadline=in_days(10))
    pending = ask(scene, task, 10)
    chair = sign_in(scene.chair)
    response = chair.post(f"/extensions/{pending.id}/refuse", {"comment": ""},
                          form_url=f"/tasks/{task.id}")
    assert response.status_code == 422
    assert "Please say why the request is refused." in response.get_data(as_text=True)
    db.session.expire_all()
    assert pending.status == "pending"


def test_who_may_ask_and_who_may_decide(sign_in):
    scene = lang_son_scene()
    task = scene.add_task(deadline=in_days(10), coordinating_agencies=[scene.coordinating])
    pending = ask(scene, scene.add_task(deadline=in_days(10)), 10)
    vice_chair = person(scene.committee, "vice_chair", name="Đoàn Thu Hà")
    data = {"requested_deadline": in_days(40).isoformat(), "reason": "Xin gia hạn."}

    def post(user, url, form):
        browser = sign_in(user)
        return browser.client.post(url, data=form | {"csrf_token": _token(browser)}).status_code

    # Asking: the lead agency's members only; a viewer of the lead agency only reads.
    for user, status in [(scene.coordinating_member, 403), (scene.viewer, 403),
                         (scene.secretary, 403), (scene.chair, 403), (scene.outsider, 404)]:
        assert post(user, f"/tasks/{task.id}/extensions", data) == status, user.name
    assert extension_rows(task) == []

    # Deciding: the chair or a vice-chair (and admins), nobody else.
    for user, status in [(scene.lead_member, 403), (scene.coordinating_member, 403),
                         (scene.secretary, 403), (scene.viewer, 403), (scene.outsider, 404)]:
        assert post(user, f"/extensions/{pending.id}/grant", {}) == status, user.name
    db.session.expire_all()
    assert pending.status == "pending"

    assert post(vice_chair, f"/extensions/{pending.id}/refuse",
                {"comment": "Không đồng ý."}) == 302
    db.session.expire_all()
    assert pending.status == "refused"
    assert post(scene.chair, "/extensions/999999/grant", {}) == 404


def _token(browser) -> str:
    return _csrf_token(browser.client, "/profile")


def test_dashboard_lists_pending_requests_and_the_chair_grants_from_it(sign_in):
    scene = lang_son_scene()
    task = scene.add_task(title="Quảng bá du lịch Mẫu Sơn", deadline=in_days(10))
    decided = scene.add_task(title="Khảo sát tuyến du lịch biên giới", deadline=in_days(10))
    extensions.refuse_extension(ask(scene, decided, 5), actor=scene.chair, comment="Không.")
    pending = ask(scene, task, 12, reason="Thời tiết xấu kéo dài.")
    dashboard = f"/committees/{scene.committee.id}/dashboard"

    chair = sign_in(scene.chair)
    page = chair.get(dashboard).get_data(as_text=True)
    section = page[page.index("Requests for a new deadline"):]
    assert "Quảng bá du lịch Mẫu Sơn" in section and "Thời tiết xấu kéo dài." in section
    assert "Khảo sát tuyến du lịch biên giới" not in section
    assert f'action="/extensions/{pending.id}/grant"' in section

    response = chair.post(f"/extensions/{pending.id}/grant",
                          {"comment": "", "next": dashboard}, form_url=dashboard)
    assert response.status_code == 302 and response.headers["Location"].endswith(dashboard)
    page = chair.get(dashboard).get_data(as_text=True)
    assert "No requests for a new deadline are waiting." in page

    viewer_page = sign_in(scene.viewer).get(dashboard).get_data(as_text=True)
    assert "Grant the extension" not in viewer_page


# --- summaries: extensions granted in the period, and both on-time rates -----------------


def test_summary_counts_extensions_granted_in_the_period_and_rates_against_either_deadline():
    scene = lang_son_scene()  # its task is 5 days overdue: rated, late, either way
    extended = scene.add_task(title="Chỉnh trang khu di tích", deadline=in_days(-3))
    extensions.grant_extension(
        extensions.request_extension(extended, actor=scene.lead_member,
                                     requested_deadline=in_days(10), reason="Mưa lũ."),
        actor=scene.chair)
    extensions.refuse_extension(ask(scene, scene.add_task(deadline=in_days(5)), 5),
                                actor=scene.chair, comment="Không.")
    scene.add_task(deadline=in_days(-1), state="done", completed_on=in_days(-2), progress=100)
    db.session.flush()

    this_week = Period("custom", in_days(-6), in_days(0))
    granted = extensions_granted(scene.committee, this_week)
    assert granted["granted"] == 1
    assert granted["items"][0] | {"task_id": None} == {
        "task_id": None, "title": "Chỉnh trang khu di tích", "agency_id": scene.lead.id,
        "previous_deadline": in_days(-3).isoformat(), "deadline": in_days(10).isoformat(),
        "decided_on": in_days(0).isoformat()}
    assert extensions_granted(scene.committee, Period("custom", in_days(-30), in_days(-7))) == {
        "granted": 0, "items": []}

    # In force: the extended task is in time, so 1 on time of 2 rated (the done one and
    # the overdue one). Against the original deadlines it is overdue too: 1 of 3.
    rates = original_deadline_rates(scene.committee.id, utcnow())
    assert rates["on_time_rate"] == pytest.approx(1 / 3)
    assert rates["by_agency"] == {scene.lead.id: pytest.approx(1 / 3)}
    (score,) = agency_scorecard(scene.committee.id)
    assert score.on_time_rate == pytest.approx(1 / 2)


def test_admin_sets_the_committees_cap_on_its_edit_form(sign_in):
    scene = lang_son_scene()
    admin = sign_in(UserFactory(is_admin=True, agency=None, language="en"))
    url = f"/admin/committees/{scene.committee.id}/edit"
    page = admin.get(url).get_data(as_text=True)
    assert "Extensions a task may be granted" in page and 'value="2"' in page
    form = {"name": scene.committee.name, "timezone": scene.committee.timezone,
            "due_soon_days": "3", "standing_agency_id": str(scene.committee.standing_agency_id),
            "member_agency_ids": [str(a.id) for a in scene.committee.member_agencies]}

    response = admin.post(url, form | {"max_extensions": "99"})
    assert response.status_code == 422
    assert "Enter a number from 0 to 20." in response.get_data(as_text=True)

    assert admin.post(url, form | {"max_extensions": "1"}).status_code == 302
    db.session.expire_all()
    assert scene.committee.max_extensions == 1
    entry = db.session.scalars(select(HistoryEntry).where(
        HistoryEntry.subject_type == "committee").order_by(HistoryEntry.id.desc())).first()
    assert entry.changes["max_extensions"] == [2, 1]


def test_the_lead_agency_is_told_of_the_decision_in_the_bell(sign_in):
    scene = lang_son_scene()
    task = scene.add_task(deadline=in_days(10))
    granted = ask(scene, task, 20)
    extensions.grant_extension(granted, actor=scene.chair, comment="Đồng ý.")
    extensions.refuse_extension(ask(scene, task, 30), actor=scene.chair, comment="Không.")
    db.session.flush()

    def told(user):
        return [(n.kind, n.payload["decision"]) for n in db.session.scalars(
            select(Notification).where(Notification.user_id == user.id,
                                       Notification.kind == "extension_decided")
            .order_by(Notification.id))]

    assert told(scene.lead_member) == [("extension_decided", "granted"),
                                       ("extension_decided", "refused")]
    assert told(scene.chair) == [] and told(scene.coordinating_member) == []
    # The chair was told of each request instead (issue 13), nobody else of the requests.
    assert [n.kind for n in db.session.scalars(select(Notification).where(
        Notification.user_id == scene.chair.id))] == ["extension_requested"] * 2
    assert db.session.scalars(select(Notification).where(
        Notification.user_id == scene.coordinating_member.id)).all() == []
    page = sign_in(scene.lead_member).get("/notifications").get_data(as_text=True)
    assert "Granted: the deadline in force is now" in page
    assert "Refused: the new deadline" in page and "Không." in page


def test_a_compiled_summary_states_both_rates_and_the_extensions_granted(sign_in):
    scene = lang_son_scene()
    extended = scene.add_task(deadline=in_days(-3))
    extensions.grant_extension(
        extensions.request_extension(extended, actor=scene.lead_member,
                                     requested_deadline=in_days(10), reason="Mưa lũ."),
        actor=scene.chair)
    scene.add_task(deadline=in_days(-1), state="done", completed_on=in_days(-2), progress=100)
    db.session.flush()
    summary = request_summary(scene.committee, Period("custom", in_days(-6), in_days(0)),
                              scene.chair, "en")
    summary = compile_summary(summary.id, utcnow())
    assert summary.figures["extensions"]["granted"] == 1
    # In force: 1 on time of 2 rated; against the original deadlines the extended task is
    # overdue too: 1 of 3.
    assert summary.figures["on_time_rate"] == pytest.approx(1 / 2)
    assert summary.figures["on_time_rate_original"] == pytest.approx(1 / 3)
    assert "against the original deadlines" in document_context(summary)["original_rate_line"]
    page = sign_in(scene.chair).get(f"/summaries/{summary.id}").get_data(as_text=True)
    assert "against the original deadlines" in page


# --- supporting files on a request ---------------------------------------------------------


def stored_files() -> set:
    return set(Path(current_app.config["UPLOAD_DIR"]).iterdir())


def test_a_request_keeps_its_files_like_a_reports_evidence():
    scene = lang_son_scene()
    task = scene.add_task(deadline=in_days(10))
    pending = extensions.request_extension(
        task, actor=scene.lead_member, requested_deadline=task.deadline + timedelta(days=30),
        reason="Chờ thẩm định.",
        files=[("../Công văn 12.pdf", PDF_BYTES), ("Ảnh hiện trạng.png", PNG_BYTES)])
    db.session.expire_all()
    files = pending.attachments
    assert [(f.filename, f.content_type) for f in files] == [
        ("Công văn 12.pdf", "application/pdf"), ("Ảnh hiện trạng.png", "image/png")]
    assert all(f.report_id is None and f.task is task for f in files)
    assert uploads.path_of(files[0].stored_name).read_bytes() == PDF_BYTES
    assert pending in extensions.pending_in_committee(task.committee_id)


def test_one_bad_file_refuses_the_request_and_writes_nothing():
    scene = lang_son_scene()
    task = scene.add_task(deadline=in_days(10))
    before = stored_files()
    for files in ([("ok.pdf", PDF_BYTES), ("virus.pdf", b"MZ\x90\x00" + b"\x00" * 60)],
                  [(f"phu-luc-{i}.pdf", PDF_BYTES) for i in range(6)]):
        with pytest.raises(DomainError) as error:
            extensions.request_extension(
                task, actor=scene.lead_member,
                requested_deadline=task.deadline + timedelta(days=30), reason="Lý do.",
                files=files)
        assert error.value.field == "files"
    assert extension_rows(task) == [] and stored_files() == before
    assert db.session.scalar(select(func.count(Attachment.id))) == 0


def test_an_attachment_belongs_to_exactly_one_owner():
    scene = lang_son_scene()
    task = scene.add_task(deadline=in_days(10))
    pending = ask(scene, task, 10)
    db.session.add(Attachment(filename="x.pdf", stored_name="0" * 32,
                              content_type="application/pdf", size=1))
    with pytest.raises(IntegrityError):  # neither a report nor a request
        db.session.flush()
    db.session.rollback()
    assert pending.id is not None


def post_request(browser, task, files, days=30, reason="Chờ vốn trung ương."):
    data = {"requested_deadline": (task.deadline + timedelta(days=days)).isoformat(),
            "reason": reason,
            "files": [(io.BytesIO(content), name) for name, content in files]}
    return browser.post(f"/tasks/{task.id}/extensions", data, form_url=f"/tasks/{task.id}",
                        content_type="multipart/form-data")


def test_files_sent_with_a_request_show_on_the_task_and_the_dashboard(sign_in):
    scene = lang_son_scene()
    task = scene.add_task(title="Tu bổ di tích Đền Mẫu Đồng Đăng", deadline=in_days(10))
    lead = sign_in(scene.lead_member)
    assert 'enctype="multipart/form-data"' in lead.get(f"/tasks/{task.id}").get_data(as_text=True)
    response = post_request(lead, task, [("Tờ trình gia hạn.pdf", PDF_BYTES)])
    assert response.status_code == 302
    file = extension_rows(task)[0].attachments[0]
    link = f'href="/attachments/{file.id}"'

    page = lead.get(f"/tasks/{task.id}").get_data(as_text=True)
    assert "Supporting files" in page and link in page and "Tờ trình gia hạn.pdf" in page
    chair = sign_in(scene.chair)
    dashboard = chair.get(f"/committees/{task.committee_id}/dashboard").get_data(as_text=True)
    assert link in dashboard and "Tờ trình gia hạn.pdf" in dashboard
    response = chair.get(f"/attachments/{file.id}")
    assert response.status_code == 200 and response.data == PDF_BYTES
    assert response.headers["Content-Disposition"].startswith("attachment;")

    chair.post(f"/extensions/{file.extension_id}/grant", {"comment": ""},
               form_url=f"/tasks/{task.id}")
    page = chair.get(f"/tasks/{task.id}").get_data(as_text=True)
    assert "Granted" in page and link in page  # the history keeps the files


def test_a_bad_file_type_is_shown_next_to_the_files_field_and_nothing_is_written(sign_in):
    scene = lang_son_scene()
    task = scene.add_task(deadline=in_days(10))
    before = stored_files()
    response = post_request(sign_in(scene.lead_member), task,
                            [("ok.pdf", PDF_BYTES), ("bao-cao.pdf", b"<html>hi</html>")])
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert 'id="extension-files-error"' in html
    assert "bao-cao.pdf is not an allowed type" in html
    assert extension_rows(task) == [] and stored_files() == before


def test_only_those_who_see_the_task_may_download_a_requests_file(sign_in, client):
    scene = lang_son_scene()
    task = scene.add_task(deadline=in_days(10))
    pending = extensions.request_extension(
        task, actor=scene.lead_member, requested_deadline=task.deadline + timedelta(days=30),
        reason="Chờ thẩm định.", files=[("Công văn.pdf", PDF_BYTES)])
    url = f"/attachments/{pending.attachments[0].id}"
    assert sign_in(scene.viewer).get(url).status_code == 200
    assert sign_in(scene.outsider).get(url).status_code == 404
    assert sign_in(UserFactory()).get(url).status_code == 404
    response = client.get(url)
    assert response.status_code == 302 and "/login" in response.headers["Location"]
