"""In demo mode (no SMTP server) admins read the e-mails the local sink wrote."""

from __future__ import annotations

from email.message import EmailMessage
from email.policy import SMTP

import pytest

from tests.factories import CommitteeFactory, UserFactory, member_of


@pytest.fixture
def sink(app, tmp_path):
    """A demo-mode app whose sink folder holds one Vietnamese digest."""
    folder = tmp_path / "mail-sink"
    folder.mkdir()
    message = EmailMessage(policy=SMTP)
    message["Subject"] = "[Nhắc việc] 3 nhiệm vụ cần chú ý — 22/11/2026"
    message["From"] = "Theo dõi nhiệm vụ BCĐ <no-reply@localhost>"
    message["To"] = "sovhttdl@langson.gov.vn"
    message["Message-ID"] = "<digest.20261122.abc@localhost>"
    message.set_content("Kính gửi Sở Văn hóa, Thể thao và Du lịch,\nQuá hạn 5 ngày.")
    message.add_alternative("<p>Quá hạn</p><script>alert('x')</script>", subtype="html")
    (folder / "digest.20261122.abc@localhost.eml").write_bytes(message.as_bytes())
    old = {key: app.config.get(key) for key in ("DEMO_MODE", "MAIL_SINK_DIR")}
    app.config.update(DEMO_MODE=True, MAIL_SINK_DIR=str(folder))
    yield folder
    app.config.update(old)


@pytest.fixture
def as_admin(login):
    return login(UserFactory(is_admin=True, agency=None, language="en"))


def test_admin_lists_and_reads_a_sink_message_with_its_subject_decoded(sink, as_admin):
    html = as_admin.get("/admin/mail-sink").get_data(as_text=True)
    assert "[Nhắc việc] 3 nhiệm vụ cần chú ý — 22/11/2026" in html
    assert "sovhttdl@langson.gov.vn" in html
    response = as_admin.get("/admin/mail-sink/digest.20261122.abc@localhost.eml")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Kính gửi Sở Văn hóa, Thể thao và Du lịch," in html
    # The HTML part is only ever shown in a sandbox that runs no script.
    assert 'sandbox=""' in html
    assert "<script>alert" not in html


def test_the_raw_message_downloads_as_an_attachment(sink, as_admin):
    response = as_admin.get("/admin/mail-sink/digest.20261122.abc@localhost.eml/raw")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment")
    assert b"Subject: =?utf-8?" in response.data


@pytest.mark.parametrize("name", ["nothing.eml", "..%2F..%2Fconfig.py", "..", "x.txt"])
def test_only_files_in_the_sink_are_served(sink, as_admin, name):
    assert as_admin.get(f"/admin/mail-sink/{name}").status_code == 404
    assert as_admin.get(f"/admin/mail-sink/{name}/raw").status_code == 404


def test_an_empty_sink_says_so(sink, as_admin):
    for path in sink.iterdir():
        path.unlink()
    assert "No e-mail has been written" in as_admin.get("/admin/mail-sink").get_data(
        as_text=True)


def test_nav_links_the_sink_only_in_demo_mode(app, as_admin):
    assert "/admin/mail-sink" not in as_admin.get("/admin/outbox").get_data(as_text=True)
    app.config["DEMO_MODE"] = True
    try:
        assert "/admin/mail-sink" in as_admin.get("/admin/outbox").get_data(as_text=True)
    finally:
        app.config["DEMO_MODE"] = False


def test_non_admins_may_not_read_the_sink(sink, login):
    chair = member_of(CommitteeFactory(), "chair")
    assert login(chair).get("/admin/mail-sink").status_code == 403


def test_the_sink_does_not_exist_outside_demo_mode(app, as_admin):
    assert app.config["DEMO_MODE"] is False
    assert as_admin.get("/admin/mail-sink").status_code == 404
    assert as_admin.get("/admin/mail-sink/anything.eml").status_code == 404
