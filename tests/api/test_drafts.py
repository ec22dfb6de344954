"""Drafts through the API: a conclusion's text (pasted or a file) → the proposed record and
tasks, matched to the committee's agencies; nothing saved; bad input named by field."""

from __future__ import annotations

import io

import docx
from pypdf import PdfWriter
from sqlalchemy import func, select

from tracker import rules
from tracker.extensions import db
from tracker.resolutions.models import Resolution
from tracker.tasks.models import Task

TEXT = """UBND TỈNH LẠNG SƠN
BAN CHỈ ĐẠO PHÁT TRIỂN DU LỊCH
Số: 45/TB-BCĐ
Lạng Sơn, ngày 08 tháng 3 năm 2024
THÔNG BÁO
Kết luận của Trưởng Ban Chỉ đạo về Lễ hội Hoa Đào Xứ Lạng

1. Năm 2023, Lễ hội đã đạt nhiều kết quả; Ban Chỉ đạo đánh giá cao các đơn vị.
2. Giao Sở VHTTDL chủ trì, phối hợp với Công an tỉnh, BĐBP tỉnh tổ chức Lễ hội, hoàn thành
trước ngày 30/4/2024.
3. Đề nghị UBND huyện Cao Lộc báo cáo kết quả trước ngày 15 hằng tháng.
4. Giao Sở Tài chính bố trí kinh phí.
KT. TRƯỞNG BAN
PHÓ TRƯỞNG BAN
Dương Xuân Huyên
"""


def _url(scene):
    return f"committees/{scene.committee.id}/resolutions/draft"


def _named(scene):
    standing = scene.committee.standing_agency
    standing.name, standing.short_name = "Sở Văn hóa, Thể thao và Du lịch", "Sở VHTTDL"
    db.session.flush()
    return standing


def _saved():
    return (db.session.scalar(select(func.count(Resolution.id))),
            db.session.scalar(select(func.count(Task.id))))


def test_the_secretary_pastes_a_notice_and_gets_its_record_and_tasks(api, scene):
    standing = _named(scene)
    before = _saved()
    response = api(scene.secretary).post(_url(scene), json={"text": TEXT})
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert body["record"] == {"kind": "conclusion_notice", "number": "45/TB-BCĐ",
                              "issued_on": "2024-03-08", "signer": "Dương Xuân Huyên",
                              "title": "Thông báo Kết luận của Trưởng Ban Chỉ đạo về Lễ hội "
                                       "Hoa Đào Xứ Lạng"}
    festival, report, funds = body["tasks"]
    assert festival["clause"] == "2." and festival["title"] == "Tổ chức Lễ hội"
    assert festival["lead"] == {"text": "Sở VHTTDL", "agency_ids": [standing.id],
                                "group": False, "candidates": []}
    assert [c["agency_ids"] for c in festival["coordinating"]] == [[scene.coordinating.id],
                                                                   [scene.other.id]]
    assert festival["deadline"] == {"kind": "date", "on": "2024-04-30",
                                    "text": "hoàn thành trước ngày 30/4/2024",
                                    "recurrence": None}
    assert report["lead"]["agency_ids"] == [scene.lead.id]
    assert report["deadline"]["recurrence"] == "monthly:15"
    assert funds["lead"]["agency_ids"] == [] and funds["lead"]["text"] == "Sở Tài chính"
    assert funds["lead"]["candidates"], "closest agencies offered for an unknown name"
    assert _saved() == before, "a draft saves nothing"


def test_a_word_file_is_read_like_pasted_text(api, scene):
    _named(scene)
    document = docx.Document()
    for line in TEXT.splitlines():
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    response = api(scene.chair).post(_url(scene), data={
        "file": (io.BytesIO(out.getvalue()), "thong-bao-45.docx")},
        content_type="multipart/form-data")
    assert response.status_code == 200, response.get_json()
    assert [t["clause"] for t in response.get_json()["tasks"]] == ["2.", "3.", "4."]


def test_empty_text_and_unreadable_files_are_refused_naming_the_field(api, scene):
    client = api(scene.secretary)
    for body in ({"text": "   "}, {}):
        response = client.post(_url(scene), json=body)
        assert response.status_code == 422
        assert set(response.get_json()["error"]["fields"]) == {"text"}
    too_long = client.post(_url(scene), json={"text": "a" * (rules.DRAFT_TEXT.max_length + 1)})
    assert too_long.status_code == 422 and "text" in too_long.get_json()["error"]["fields"]
    blank = io.BytesIO()
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.write(blank)
    for name, data in (("anh.jpg", b"\xff\xd8\xff\xe0" + b"0" * 20),
                       ("scan.pdf", blank.getvalue())):
        response = client.post(_url(scene), data={"file": (io.BytesIO(data), name)},
                               content_type="multipart/form-data")
        assert response.status_code == 422, name
        assert set(response.get_json()["error"]["fields"]) == {"file"}
    scanned = response.get_json()["error"]["fields"]["file"]
    assert "no text layer" in scanned


def test_only_those_who_record_documents_may_ask_for_a_draft(api, scene):
    for user in (scene.lead_member, scene.viewer):
        assert api(user).post(_url(scene), json={"text": TEXT}).status_code == 403
    assert api(scene.outsider).post(_url(scene), json={"text": TEXT}).status_code == 404
    assert api(scene.chair).post("committees/2147483647/resolutions/draft",
                                 json={"text": TEXT}).status_code == 404
    assert api(scene.chair).client.post(f"/api/v1/{_url(scene)}",
                                        json={"text": TEXT}).status_code == 401


def test_the_operation_is_documented_with_both_bodies(app):
    from tracker.api import api as tracker_api

    with app.test_request_context():
        spec = tracker_api.spec.to_dict()
    operation = spec["paths"]["/api/v1/committees/{committee_id}/resolutions/draft"]["post"]
    assert set(operation["requestBody"]["content"]) == {"application/json",
                                                        "multipart/form-data"}
    assert {"200", "403", "404", "422"} <= set(operation["responses"])
