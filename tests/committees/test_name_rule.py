"""One rule for every stored one-line name: no line breaks, tabs or other control characters,
and no invisible characters (direction controls, zero-width spaces). A committee's name with
CR/LF was accepted, and its weekly summary mail then failed silently."""

from __future__ import annotations

import pytest
from flask_babel import force_locale

from tests.committees.conftest import count
from tests.committees.test_committee_admin import _committee_form
from tests.committees.test_user_admin import _new_user_form
from tests.factories import AgencyFactory
from tracker.auth.models import User
from tracker.committees.models import Agency, Committee
from tracker.domain import DomainError, checked_name, checked_text
from tracker.history.models import HistoryEntry

ONE_LINE = "Please write this on one line, without tabs or control characters."
INVISIBLE = ("Please remove the invisible characters (direction controls, zero-width spaces) "
             "from this text.")
# (a name as typed, the message it gets)
BAD_NAMES = [
    ("Ban Chỉ đạo\r\nBcc: ai@example.com", ONE_LINE),
    ("Ban Chỉ đạo\nDu lịch", ONE_LINE),
    ("Ban\tChỉ đạo", ONE_LINE),
    ("Ban Chỉ đạo\x85Du lịch", ONE_LINE),  # NEL, a C1 control
    ("Ban Chỉ đạo\u2028Du lịch", ONE_LINE),  # the line separator
    ("Ban Chỉ đạo \u202efdp.exe", INVISIBLE),  # right-to-left override
    ("Ban Chỉ đạo \u2067x\u2069", INVISIBLE),  # isolates
    ("Ban\u200bChỉ đạo", INVISIBLE),  # zero-width space
    ("Ban\u200dChỉ đạo", INVISIBLE),
    ("Ban\u2060Chỉ đạo", INVISIBLE),  # word joiner
    ("Ban\ufeffChỉ đạo", INVISIBLE),  # BOM
    ("Ban\u200fChỉ đạo", INVISIBLE),  # right-to-left mark
]


@pytest.mark.parametrize(("name", "message"), BAD_NAMES)
def test_the_rule(name, message):
    with pytest.raises(DomainError) as refused:
        checked_name("name", name, max_length=255)
    with force_locale("en"):
        assert (refused.value.field, str(refused.value.message)) == ("name", message)


def test_a_name_keeps_what_is_only_around_it_or_dropped_from_every_text():
    assert checked_name("name", "  Ban Chỉ đạo\r\n", max_length=255) == "Ban Chỉ đạo"
    assert checked_name("name", "Ban\x00 Chỉ đạo", max_length=255) == "Ban Chỉ đạo"
    assert checked_name("name", "Sở VH\u2013TT & DL (Lạng Sơn) 😀", max_length=255) \
        == "Sở VH\u2013TT & DL (Lạng Sơn) 😀"
    assert checked_name("name", "", max_length=255) is None


def test_multi_line_texts_keep_line_breaks_and_zero_width_but_refuse_direction_controls():
    text = "Báo cáo quý I:\r\n\t- đạt 80%\u200b 👨\u200d👩\u200d👧"
    assert checked_text("text", text, max_length=1000) == text
    for control in ("\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2069"):
        with pytest.raises(DomainError) as refused:
            checked_text("text", f"Báo cáo{control} quý I", max_length=1000)
        with force_locale("en"):
            assert str(refused.value.message) == INVISIBLE


@pytest.mark.parametrize(("name", "message"), BAD_NAMES[:1] + BAD_NAMES[5:6])
def test_committee_names_follow_the_rule_on_the_site(as_admin, name, message):
    standing = AgencyFactory()
    before = (count(Committee), count(HistoryEntry))
    for field in ("name", "parent_body"):
        response = as_admin.post("/admin/committees/new",
                                 _committee_form(standing, **{field: name}))
        assert response.status_code == 422
        assert message in _error_of(response, field)
    assert (count(Committee), count(HistoryEntry)) == before


@pytest.mark.parametrize(("name", "message"), BAD_NAMES[:1] + BAD_NAMES[5:6])
def test_agency_names_follow_the_rule_on_the_site(as_admin, name, message):
    before = (count(Agency), count(HistoryEntry))
    for field in ("name", "short_name"):
        data = {"name": "Sở Y tế", "short_name": "SYT", "kind": "department"} | {field: name}
        response = as_admin.post("/admin/agencies/new", data)
        assert response.status_code == 422
        assert message in _error_of(response, field)
    assert (count(Agency), count(HistoryEntry)) == before


@pytest.mark.parametrize(("name", "message"), BAD_NAMES[:1] + BAD_NAMES[5:6])
def test_user_names_follow_the_rule_on_the_site(as_admin, admin, name, message):
    before = (count(User), count(HistoryEntry))
    response = as_admin.post("/admin/users/new", _new_user_form(AgencyFactory(), name=name))
    assert response.status_code == 422
    assert message in _error_of(response, "name")
    assert (count(User), count(HistoryEntry)) == before
    response = as_admin.post("/profile", {"which": "profile", "profile-name": name,
                                          "profile-language": "en"})
    assert response.status_code == 422
    assert message in _error_of(response, "name")
    assert admin.name == "Quản trị hệ thống"


def _error_of(response, field: str) -> str:
    import re
    from html import unescape

    html = response.get_data(as_text=True)
    match = re.search(rf'<p class="error" id="(?:[a-z]+-)?{field}-error">(.*?)</p>', html, re.S)
    assert match, f"no error next to {field}"
    return unescape(match.group(1))
