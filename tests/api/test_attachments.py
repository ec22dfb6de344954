"""A task's files through the API: a token holder follows the link an answer gives and gets
the file, under the same access rule and with the same headers as on the site."""

from __future__ import annotations

from urllib.parse import urlsplit

from tests.tasks.scenes import PDF_BYTES, PNG_BYTES, in_days
from tracker.extensions import db
from tracker.tasks import services as task_services
from tracker.tasks import uploads
from tracker.tasks.extensions import services as extension_services


def _path(url: str) -> str:
    return urlsplit(url).path


def _reported(scene):
    report = task_services.report_progress(
        scene.task, actor=scene.lead_member, text="Biên bản nghiệm thu kèm theo.", progress=60,
        files=[("Biên bản nghiệm thu.pdf", PDF_BYTES)])
    db.session.flush()
    return report


def test_a_token_holder_downloads_the_file_an_answer_links_to(api, scene):
    _reported(scene)
    reader = api(scene.viewer)
    body = reader.get(f"tasks/{scene.task.id}/updates").get_json()
    [file] = body["items"][0]["attachments"]
    assert file["url"].endswith(f"/api/v1/tasks/{scene.task.id}/attachments/{file['id']}")
    response = reader.get(_path(file["url"]))
    assert response.status_code == 200
    assert response.data == PDF_BYTES
    assert response.mimetype == "application/pdf"
    assert response.headers["Cache-Control"] == "private, no-store"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "Bi%C3%AAn%20b%E1%BA%A3n%20nghi%E1%BB%87m%20thu.pdf" in disposition


def test_a_token_of_someone_who_may_not_see_the_task_gets_not_found(api, scene):
    attachment = _reported(scene).attachments[0]
    url = f"tasks/{scene.task.id}/attachments/{attachment.id}"
    response = api(scene.outsider).get(url)
    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == "not_found"
    assert response.data.find(PDF_BYTES) == -1


def test_the_file_must_belong_to_the_task_named_in_the_path(api, scene):
    attachment = _reported(scene).attachments[0]
    other = scene.add_task(title="Quảng bá Khu du lịch Mẫu Sơn")
    reader = api(scene.secretary)
    assert reader.get(f"tasks/{other.id}/attachments/{attachment.id}").status_code == 404
    assert reader.get(f"tasks/{scene.task.id}/attachments/987654").status_code == 404


def test_a_file_missing_on_disk_is_not_found(api, scene):
    attachment = _reported(scene).attachments[0]
    uploads.path_of(attachment.stored_name).unlink()
    response = api(scene.secretary).get(f"tasks/{scene.task.id}/attachments/{attachment.id}")
    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == "not_found"


def test_without_a_token_the_api_answers_401(app, scene):
    attachment = _reported(scene).attachments[0]
    client = app.test_client(use_cookies=False)
    response = client.get(f"/api/v1/tasks/{scene.task.id}/attachments/{attachment.id}")
    assert response.status_code == 401


def test_an_extension_requests_files_are_listed_with_api_links(api, scene):
    task = scene.add_task(title="Xây dựng bộ nhận diện du lịch", deadline=in_days(10))
    extension = extension_services.request_extension(
        task, actor=scene.lead_member, requested_deadline=in_days(40), reason="Chờ vốn.",
        files=[("Tờ trình.png", PNG_BYTES)])
    db.session.flush()
    chair = api(scene.chair)
    body = chair.get(f"extensions/{extension.id}").get_json()
    [file] = body["attachments"]
    assert file["filename"] == "Tờ trình.png" and file["content_type"] == "image/png"
    assert file["url"].endswith(f"/api/v1/tasks/{task.id}/attachments/{file['id']}")
    response = chair.get(_path(file["url"]))
    assert response.status_code == 200 and response.data == PNG_BYTES
    listed = chair.get(f"tasks/{task.id}/extensions").get_json()["items"][0]
    assert listed["attachments"] == body["attachments"]


def test_the_site_serves_the_same_file_to_its_signed_in_users(login, scene):
    attachment = _reported(scene).attachments[0]
    browser = login(scene.viewer)
    response = browser.get(f"/attachments/{attachment.id}")
    assert response.status_code == 200 and response.data == PDF_BYTES
    assert response.headers["Cache-Control"] == "private, no-store"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
