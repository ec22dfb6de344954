"""The reviewer's day: what waits for their decision, listed and decided from one page."""

from __future__ import annotations

from datetime import timedelta

from tests.tasks.scenes import in_days, lang_son_scene, person, today
from tracker.extensions import db
from tracker.tasks import services
from tracker.tasks.extensions import services as extensions
from tracker.waiting import queries


def _reported(scene, title, days_ago=0):
    task = scene.add_task(title=title)
    services.submit_completion(task, actor=scene.lead_member)
    task.submitted_on = today() - timedelta(days=days_ago)
    db.session.flush()
    return task


def _asked(scene, title):
    task = scene.add_task(title=title, deadline=in_days(10))
    return extensions.request_extension(task, actor=scene.lead_member,
                                        requested_deadline=in_days(40), reason="Chờ kinh phí.")


def _listed(user):
    return [(item.kind, item.task.title) for item in queries.waiting_page(user)[0].items]


def test_completions_and_requests_wait_for_those_who_may_decide_oldest_first():
    scene = lang_son_scene()
    old = _reported(scene, "Báo cáo khảo sát điểm du lịch", days_ago=9)
    _asked(scene, "Lễ hội Kỳ Lừa")
    _reported(scene, "Kế hoạch quảng bá", days_ago=2)
    assert _listed(scene.chair) == [("completion", old.title), ("completion", "Kế hoạch quảng bá"),
                                    ("extension", "Lễ hội Kỳ Lừa")]
    # A secretary accepts completions but does not decide extensions (the workflow table).
    assert _listed(scene.secretary) == [("completion", old.title),
                                        ("completion", "Kế hoạch quảng bá")]
    assert queries.waiting_count(scene.chair) == 3
    assert queries.waiting_count(scene.secretary) == 2
    for nobody in (scene.lead_member, scene.viewer, scene.outsider):
        assert _listed(nobody) == []
        assert queries.waiting_count(nobody) == 0
    assert queries.waiting_page(scene.chair)[0].items[0].days_waiting == 9


def test_a_decided_item_leaves_the_list():
    scene = lang_son_scene()
    task = _reported(scene, "Báo cáo khảo sát")
    extension = _asked(scene, "Lễ hội Kỳ Lừa")
    services.accept_completion(task, actor=scene.chair)
    extensions.refuse_extension(extension, actor=scene.chair, comment="Không đủ căn cứ.")
    assert _listed(scene.chair) == []


def test_four_eyes_keeps_the_one_who_reported_out_of_their_own_queue():
    scene = lang_son_scene()
    scene.committee.four_eyes = True
    lead_secretary = person(scene.committee, "secretary", scene.lead)
    task = scene.add_task(title="Hồ sơ UNESCO")
    services.submit_completion(task, actor=lead_secretary)
    assert _listed(lead_secretary) == []
    assert _listed(scene.secretary) == [("completion", "Hồ sơ UNESCO")]
    scene.committee.four_eyes = False
    db.session.flush()
    assert _listed(lead_secretary) == [("completion", "Hồ sơ UNESCO")]


def test_the_page_pages_and_has_an_empty_state(login):
    scene = lang_son_scene()
    chair = login(scene.chair)
    page = chair.get("/waiting").get_data(as_text=True)
    assert "Nothing is waiting for your decision." in page
    assert "Waiting for me (0)" in page
    for n in range(22):
        _reported(scene, f"Nhiệm vụ số {n:02d}", days_ago=30 - n)
    first = chair.get("/waiting").get_data(as_text=True)
    assert "Waiting for me (22)" in first
    assert "Nhiệm vụ số 00" in first and "Nhiệm vụ số 19" in first
    assert "Nhiệm vụ số 20" not in first
    assert first.index("Nhiệm vụ số 00") < first.index("Nhiệm vụ số 19")
    second = chair.get("/waiting?page=2").get_data(as_text=True)
    assert "Nhiệm vụ số 20" in second and "Nhiệm vụ số 21" in second
    assert "Nhiệm vụ số 00" not in second


def test_accept_and_return_from_the_page_come_back_to_it_with_the_message(login):
    scene = lang_son_scene()
    kept = _reported(scene, "Báo cáo khảo sát")
    sent_back = _reported(scene, "Kế hoạch quảng bá")
    chair = login(scene.chair)
    page = chair.get("/waiting").get_data(as_text=True)
    assert f'action="/tasks/{kept.id}/accept"' in page
    assert f'action="/tasks/{sent_back.id}/return"' in page

    answer = chair.post(f"/tasks/{kept.id}/accept", {"next": "/waiting?page=1", "comment": ""},
                        form_url="/waiting")
    assert answer.status_code == 302 and answer.headers["Location"] == "/waiting?page=1"
    page = chair.get(answer.headers["Location"]).get_data(as_text=True)
    assert "The completion has been accepted." in page
    assert kept.is_done

    refused = chair.post(f"/tasks/{sent_back.id}/return", {"next": "/waiting", "comment": ""},
                         form_url="/waiting")
    assert refused.status_code == 422  # the reason is required, shown next to its field
    assert "Please say why the completion is returned." in refused.get_data(as_text=True)
    answer = chair.post(f"/tasks/{sent_back.id}/return",
                        {"next": "/waiting", "comment": "Thiếu biên bản nghiệm thu."},
                        form_url="/waiting")
    assert answer.headers["Location"] == "/waiting"
    page = chair.get("/waiting").get_data(as_text=True)
    assert "The completion has been returned to the lead agency." in page
    assert "Nothing is waiting for your decision." in page
    assert sent_back.is_open


def test_grant_and_refuse_from_the_page(login):
    scene = lang_son_scene()
    granted = _asked(scene, "Lễ hội Kỳ Lừa")
    refused = _asked(scene, "Chợ đêm Kỳ Lừa")
    chair = login(scene.chair)
    page = chair.get("/waiting").get_data(as_text=True)
    assert f'action="/extensions/{granted.id}/grant"' in page
    assert f'action="/extensions/{refused.id}/refuse"' in page
    answer = chair.post(f"/extensions/{granted.id}/grant", {"next": "/waiting", "comment": ""},
                        form_url="/waiting")
    assert answer.headers["Location"] == "/waiting"
    answer = chair.post(f"/extensions/{refused.id}/refuse",
                        {"next": "/waiting", "comment": "Không đủ căn cứ."}, form_url="/waiting")
    assert answer.headers["Location"] == "/waiting"
    page = chair.get("/waiting").get_data(as_text=True)
    assert "The request is refused; the deadline stays as it was." in page
    assert granted.is_granted and not refused.is_granted
    assert granted.task.deadline == in_days(40)


def test_a_member_cannot_decide_through_the_pages_buttons(login):
    scene = lang_son_scene()
    task = _reported(scene, "Báo cáo khảo sát")
    member = login(scene.lead_member)
    assert "Nothing is waiting for your decision." in member.get("/waiting").get_data(
        as_text=True)
    answer = member.post(f"/tasks/{task.id}/accept", {"next": "/waiting"}, form_url="/waiting")
    assert answer.status_code == 403
    assert task.is_awaiting_review


def test_the_page_in_vietnamese(login):
    scene = lang_son_scene()
    scene.chair.language = "vi"
    _reported(scene, "Báo cáo khảo sát")
    _asked(scene, "Lễ hội Kỳ Lừa")
    page = login(scene.chair).get("/waiting").get_data(as_text=True)
    assert "Chờ tôi xử lý (2)" in page
    assert "Xác nhận hoàn thành" in page and "Trả lại" in page
    assert "Chấp thuận gia hạn" in page
    assert "Báo cáo hoàn thành" in page
    assert "Đề nghị gia hạn" in page
