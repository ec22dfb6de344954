"""The digest's hand-written MIME serialisation is byte for byte the email package's."""

from __future__ import annotations

import email
import email.policy

import pytest

from tracker.reminders.transport import SerializedMessage, serialize

BOUNDARY = "===============1234567890123456789=="
HEADERS = {
    "Subject": "[Nhắc việc] 3 nhiệm vụ cần lưu ý, 1 thông báo mới — Ban Chỉ đạo Phát triển "
               "du lịch tỉnh Lạng Sơn — 22/11/2026",
    "From": "Theo dõi nhiệm vụ BCĐ <no-reply@langson.gov.vn>",
    "To": "dinh.thi.hoa@langson.gov.vn",
    "Date": "Sun, 22 Nov 2026 01:00:00 +0000",
    "Message-ID": "<digest.20261122.0123456789abcdef0123@nhiemvu.langson.gov.vn>",
    "Content-Language": "vi",
    "Auto-Submitted": "auto-generated",
}
TEXT = "Kính gửi anh/chị,\n\n== Ban Chỉ đạo ==\n\n- Lễ hội Hoa Đào\n  .dot first\n\n--\nx\n"
HTML = '<p>Kính gửi anh/chị,</p>\n<table><tr><td><a href="https://x/tasks/1">Đào</a></td>' \
       "</tr></table>\n"


@pytest.mark.parametrize("text, html", [
    (TEXT, HTML),
    ("Hello,\n\nplain ASCII only\n", "<p>Hello</p>\n"),  # 7bit parts
    ("no final newline", "<p>x</p>"),
    ("", ""),
    ("windows\r\nline\rends\n", "<p>\r\n</p>"),
])
def test_the_fast_path_writes_the_email_packages_bytes(text, html):
    fast = serialize(HEADERS, text, html, boundary=BOUNDARY)
    slow = serialize(HEADERS, text, html, boundary=BOUNDARY, fast=False)
    assert isinstance(fast, SerializedMessage) and not isinstance(slow, SerializedMessage)
    assert fast.as_bytes() == slow.as_bytes()
    assert fast.sender == "no-reply@langson.gov.vn" and fast.recipients == [HEADERS["To"]]
    assert fast["Message-ID"] == HEADERS["Message-ID"]
    received = email.message_from_bytes(fast.as_bytes(), policy=email.policy.default)
    assert received["Subject"] == HEADERS["Subject"]
    assert received["Content-Language"] == "vi"  # on the message, not inside a part
    assert received.get_body(("plain",))["Content-Language"] is None


@pytest.mark.parametrize("header, value", [
    ("To", "Nguyen.Van-A_01+tag@so-noi-vu.langson.gov.vn"),
    ("To", "Đinh Thị Hoa <dinh.thi.hoa@langson.gov.vn>"),  # a name: through the package
    ("To", "hoa@langson.gov.vn, an@langson.gov.vn"),
    ("Message-ID", "<digest.20261122.0123456789abcdef0123@localhost>"),
    ("Message-ID", "<x@y> (comment)"),
])
def test_headers_written_directly_are_the_email_packages_bytes(header, value):
    headers = {**HEADERS, header: value}
    fast = serialize(headers, TEXT, HTML, boundary=BOUNDARY)
    slow = serialize(headers, TEXT, HTML, boundary=BOUNDARY, fast=False)
    assert fast.as_bytes() == slow.as_bytes()


def test_a_line_too_long_for_8bit_goes_through_the_email_package():
    long_title = "Đề án " * 300  # > 998 bytes on one line
    message = serialize(HEADERS, f"- {long_title}\n", f"<p>{long_title}</p>\n",
                        boundary=BOUNDARY)
    assert not isinstance(message, SerializedMessage)
    raw = message.as_bytes()
    assert max(len(line) for line in raw.split(b"\r\n")) <= 998
    received = email.message_from_bytes(raw, policy=email.policy.default)
    assert received.get_body(("plain",)).get_content().strip() == f"- {long_title}".strip()


def test_a_header_with_a_line_break_is_refused():
    with pytest.raises(ValueError):
        serialize({**HEADERS, "Subject": "a\r\nBcc: someone@example.com"}, TEXT, HTML)
