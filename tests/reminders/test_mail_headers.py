"""Long Vietnamese subjects survive the trip through SMTP intact."""

import email
import email.policy
from email.message import EmailMessage

from tracker.reminders.transport import MAIL_POLICY

SUBJECT = ("[Báo cáo tổng hợp hằng tuần] Ban Chỉ đạo Phát triển du lịch tỉnh Lạng Sơn, "
           "tuần 47/2026")


def test_a_long_vietnamese_subject_keeps_every_space_when_decoded():
    message = EmailMessage(policy=MAIL_POLICY)
    message["Subject"] = SUBJECT
    message.set_content("Kính gửi anh/chị,")
    raw = message.as_bytes()
    subject_line = raw.split(b"\r\n", 1)[0]
    assert subject_line.startswith(b"Subject: =?utf-8?") and subject_line.isascii()
    received = email.message_from_bytes(raw, policy=email.policy.default)
    assert received["Subject"] == SUBJECT


def test_pythons_default_folding_is_what_loses_the_space():
    # Why MAIL_POLICY exists: if this starts passing, Python fixed its folding.
    message = EmailMessage(policy=email.policy.SMTP)
    message["Subject"] = SUBJECT
    message.set_content("x")
    received = email.message_from_bytes(message.as_bytes(), policy=email.policy.default)
    assert received["Subject"] != SUBJECT
