"""The JSON answers, written by orjson (tracker/json_input.py), are what the standard
library wrote: the same bytes but for text outside ASCII, now UTF-8 rather than escaped."""

from __future__ import annotations

import dataclasses
import json
import uuid
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal

import pytest
from flask_babel import lazy_gettext
from markupsafe import Markup

from tests.tasks.scenes import lang_son_scene
from tracker.auth import tokens
from tracker.json_input import JsonProvider, fast_dumps

INDOCHINA = timezone(timedelta(hours=7))


@dataclasses.dataclass
class Ref:
    id: int
    name: str


def stdlib(value, ensure_ascii: bool) -> bytes:
    """What Flask's standard provider writes for an answer (compact, sorted keys)."""
    return json.dumps(value, default=JsonProvider.default, sort_keys=True,
                      separators=(",", ":"), ensure_ascii=ensure_ascii).encode()


TASK = {
    "id": 17, "title": "Hoàn thiện hồ sơ đề nghị công nhận Công viên địa chất toàn cầu UNESCO",
    "state": "in_progress", "progress": 40, "deadline": "2026-12-01", "version": 3,
    "category": "overdue", "days_late": 5, "signer": None, "archived": False,
    "lead_agency": {"id": 2, "name": "Ủy ban nhân dân huyện Cao Lộc", "short_name": "UBND Cao Lộc"},
    "coordinating_agencies": [{"id": 3, "name": "Công an tỉnh Lạng Sơn"}, {"id": 4, "name": "Bộ "
                              "Chỉ huy Bộ đội Biên phòng tỉnh"}],
    "created_at": "2026-11-02T03:04:05.123456+00:00", "updated_at": "2026-11-03T08:00:00Z",
}

BODIES = {
    "a page of tasks": {"items": [TASK, {**TASK, "id": 18, "deadline": None}],
                        "page": 1, "per_page": 25, "total": 2, "pages": 1},
    "an empty page": {"items": [], "page": 3, "per_page": 200, "total": 0, "pages": 0},
    "an error": {"error": {"code": "invalid_input", "message": "Tiêu đề không được để trống.",
                           "fields": {"title": "Tiêu đề không được để trống.",
                                      "_schema": "Phiên bản đã cũ"}}},
    "nested lists and nulls": [[1, [2, [None, "ă", []]]], {}, [{"b": None, "a": [True, False]}]],
    "control characters and quotes": {"text": "a\x00\x1f\x7f\b\f\n\r\t\"\\/ <>&'\u2028"},
    "emoji and combining marks": {"name": "Lạng Sơn 🌸", "nfd": "Le\u0302\u0323 ho\u0302\u0323i"},
    "numbers": {"int": -(2**63), "big": 2**64 - 1, "float": 0.25, "rate": 1 / 3, "zero": 0.0},
    "raw dates and datetimes": {"day": date(2026, 2, 28),
                                "utc": datetime(2026, 1, 2, 3, 4, 5, 123456, tzinfo=UTC),
                                "local": datetime(2026, 1, 2, 10, 4, 5, tzinfo=INDOCHINA),
                                "naive": datetime(2026, 1, 2, 3, 4, 5, 999999)},
    "what Flask's default knows": {"amount": Decimal("1234.50"), "markup": Markup("<b>đ</b>"),
                                   "uuid": uuid.UUID(int=7), "ref": Ref(1, "Sở Du lịch")},
    "keys sorted by code point": {"z": 1, "đ": 2, "a": 3, "Z": 4, "á": 5, "_": 6, "🌸": 7},
}


@pytest.mark.parametrize("name", BODIES)
def test_the_same_json_as_the_standard_library_with_text_as_utf8(app, name):
    body = BODIES[name]
    with app.test_request_context():
        written = fast_dumps(body)
        assert written == stdlib(body, ensure_ascii=False)
        # The answer read back is what was read before: the same values, keys in the same order.
        before = stdlib(body, ensure_ascii=True)
        assert json.loads(written) == json.loads(before)
        if isinstance(body, dict):
            assert list(json.loads(written)) == list(json.loads(before))
        if written.isascii():
            assert written == before


def test_lazy_translations_are_written_in_the_request_language(app):
    with app.test_request_context(headers={"Accept-Language": "vi"}):
        body = {"message": lazy_gettext("Search")}
        assert fast_dumps(body) == stdlib(body, ensure_ascii=False)


@pytest.mark.parametrize("body", [
    {1: "a", 10: "b", 2: "c"},  # keys that are not text: sorted as numbers, as before
    {"n": 2**64},  # beyond 64 bits
    {"title": "\ud800"},  # a lone surrogate: escaped, as before
])
def test_what_orjson_writes_differently_is_left_to_the_standard_library(app, body):
    with app.test_request_context():
        assert fast_dumps(body) is None
        response = app.json.response(body)
        assert response.get_data() == stdlib(body, ensure_ascii=True) + b"\n"


def test_what_json_cannot_write_is_still_a_type_error(app):
    with app.test_request_context(), pytest.raises(TypeError):
        app.json.response({"set": {1, 2}})


def test_the_response_is_the_compact_body_and_a_newline(app):
    body = BODIES["a page of tasks"]
    with app.test_request_context():
        response = app.json.response(body)
        assert response.mimetype == "application/json"
        assert response.get_data() == stdlib(body, ensure_ascii=False) + b"\n"
        compact = app.json.dumps(body, separators=(",", ":"))
        assert compact == stdlib(body, ensure_ascii=False).decode()


def test_other_forms_stay_with_the_standard_library(app):
    body = BODIES["an error"]
    with app.test_request_context():
        assert app.json.dumps(body) == json.dumps(body, sort_keys=True)
        assert app.json.dumps(body, indent=2) == json.dumps(body, sort_keys=True, indent=2)
        app.debug = True
        try:
            indented = app.json.response(body).get_data(as_text=True)
        finally:
            app.debug = False
        assert indented == json.dumps(body, sort_keys=True, indent=2) + "\n"


def test_the_session_cookie_round_trips_vietnamese_text(app):
    with app.test_request_context():
        serializer = app.session_interface.get_signing_serializer(app)
        session = {"_flashes": [("success", "Đã lưu báo cáo tiến độ.")], "_fresh": True}
        assert serializer.loads(serializer.dumps(session)) == session


def test_an_api_list_reads_as_it_did(app):
    scene = lang_son_scene()
    _, secret = tokens.create_token(scene.lead_member, "tests")
    response = app.test_client(use_cookies=False).get(
        "/api/v1/tasks", headers={"Authorization": f"Bearer {secret}"})
    assert response.status_code == 200 and response.mimetype == "application/json"
    body = json.loads(response.get_data())
    assert body["items"][0]["title"] == scene.task.title
    assert "Công viên địa chất".encode() in response.get_data()
    assert response.get_data() == stdlib(body, ensure_ascii=False) + b"\n"
