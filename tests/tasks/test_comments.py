"""Comments on a task, and @mentions that reach only people who can see it."""

from __future__ import annotations

from sqlalchemy import select

from tests.factories import UserFactory
from tests.tasks.scenes import lang_son_scene
from tracker.extensions import db
from tracker.notifications.models import Notification
from tracker.tasks.comments import add_comment, mention_tokens
from tracker.tasks.models import TaskComment


def mentions_of(user) -> list[Notification]:
    return list(db.session.scalars(select(Notification).where(
        Notification.user_id == user.id, Notification.kind == "mentioned")))


def local(user) -> str:
    return user.email.split("@")[0]


def test_secretary_comments_and_mentions_the_lead_member_by_email_name(login):
    scene = lang_son_scene()
    browser = login(scene.secretary)
    body = f"@{local(scene.lead_member)}, đề nghị bổ sung biên bản nghiệm thu."
    response = browser.post(f"/tasks/{scene.task.id}/comments", {"body": body},
                            form_url=f"/tasks/{scene.task.id}")
    assert response.status_code == 302
    assert "#comment-" in response.headers["Location"]
    comment = db.session.scalars(select(TaskComment)).one()
    assert (comment.task_id, comment.author_id, comment.body) == (
        scene.task.id, scene.secretary.id, body)
    [notice] = mentions_of(scene.lead_member)
    assert (notice.task_id, notice.actor_id) == (scene.task.id, scene.secretary.id)
    assert notice.payload["comment_id"] == comment.id

    browser.post("/logout", form_url="/profile")
    page = login(scene.viewer).get(f"/tasks/{scene.task.id}").get_data(as_text=True)
    assert "đề nghị bổ sung biên bản nghiệm thu" in page  # the comments section
    assert "commented" in page  # and the history


def test_quoted_name_mentions_and_outsiders_are_ignored():
    scene = lang_son_scene()
    stranger = UserFactory(name="Người Ngoài")  # no role anywhere
    body = (f'Nhờ @"{scene.chair.name}" xem; @{local(scene.outsider)} '
            f'và @"Người Ngoài" không thấy nhiệm vụ này; @khongtontai cũng vậy.')
    add_comment(scene.task, body, actor=scene.coordinating_member)
    assert len(mentions_of(scene.chair)) == 1
    assert mentions_of(scene.outsider) == []  # other committee: cannot see the task
    assert mentions_of(stranger) == []


def test_admins_and_viewers_of_the_committee_can_be_mentioned_but_not_oneself():
    scene = lang_son_scene()
    admin = UserFactory(is_admin=True, agency=None)
    body = f"@{local(admin)} @{local(scene.viewer)} @{local(scene.secretary)}."
    add_comment(scene.task, body, actor=scene.secretary)
    assert len(mentions_of(admin)) == 1
    assert len(mentions_of(scene.viewer)) == 1
    assert mentions_of(scene.secretary) == []


def test_mention_tokens_read_email_names_and_quoted_names():
    assert mention_tokens('Gửi @Hoang.Lan. và @"Dương  Xuân Huyên", email a@b.vn') == (
        {"hoang.lan"}, {"dương xuân huyên"})


def test_viewer_cannot_comment_and_an_empty_comment_is_refused(login):
    scene = lang_son_scene()
    viewer = login(scene.viewer)
    assert 'id="comment-body"' not in viewer.get(f"/tasks/{scene.task.id}").get_data(
        as_text=True)
    assert viewer.post(f"/tasks/{scene.task.id}/comments", {"body": "Ý kiến"},
                       form_url=f"/tasks/{scene.task.id}").status_code == 403
    viewer.post("/logout", form_url="/profile")
    outsider = login(scene.outsider)
    assert outsider.post(f"/tasks/{scene.task.id}/comments", {"body": "Ý kiến"},
                         form_url="/profile").status_code == 404
    outsider.post("/logout", form_url="/profile")
    member = login(scene.other_member)
    response = member.post(f"/tasks/{scene.task.id}/comments", {"body": "   "},
                           form_url=f"/tasks/{scene.task.id}")
    assert response.status_code == 422
    assert "Please write your comment." in response.get_data(as_text=True)
    assert db.session.scalars(select(TaskComment)).all() == []
