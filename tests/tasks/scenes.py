"""The people and tasks of the Lạng Sơn tourism committee that the task tests act out."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from tests.factories import (
    AgencyFactory,
    CommitteeFactory,
    ResolutionFactory,
    TaskFactory,
    member_of,
)
from tracker.clock import local_today

# Minimal files that ``filetype`` recognises by their first bytes.
PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG_BYTES = bytes.fromhex("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
                          "0000000d4944415478da63f8ffff3f0005fe02fea7d6a4d80000000049454e44ae"
                          "426082")


def today() -> date:
    return local_today("Asia/Ho_Chi_Minh")


def in_days(days: int) -> date:
    return today() + timedelta(days=days)


@dataclass
class Scene:
    committee: object
    resolution: object
    lead: object  # UBND huyện Cao Lộc: leads the task
    coordinating: object  # Công an tỉnh: coordinates it
    other: object  # Bộ đội Biên phòng tỉnh: a member agency with nothing to do on it
    lead_member: object
    coordinating_member: object
    other_member: object
    secretary: object
    chair: object
    viewer: object
    outsider: object  # a member of the Cao Bằng geopark network only
    task: object  # overdue by 5 days

    def add_task(self, **fields):
        fields.setdefault("lead_agency", self.lead)
        deadline = fields.setdefault("deadline", in_days(30))
        fields.setdefault("original_deadline", deadline)
        fields.setdefault("resolution", self.resolution)
        return TaskFactory(committee=self.committee, **fields)


def person(committee, role: str, agency=None, **kw):
    """A user holding ``role`` in ``committee``; English pages, so tests read the English text."""
    kw.setdefault("language", "en")
    return member_of(committee, role, agency, **kw)


def lang_son_scene() -> Scene:
    committee = CommitteeFactory()
    lead = AgencyFactory(name="Ủy ban nhân dân huyện Cao Lộc", short_name="UBND Cao Lộc")
    coordinating = AgencyFactory(name="Công an tỉnh Lạng Sơn", short_name="Công an tỉnh",
                                 kind="security")
    other = AgencyFactory(name="Bộ Chỉ huy Bộ đội Biên phòng tỉnh", short_name="BĐBP tỉnh",
                          kind="security")
    committee.member_agencies = [committee.standing_agency, lead, coordinating, other]
    resolution = ResolutionFactory(committee=committee, number="12/TB-BCĐ")
    geopark = CommitteeFactory(name="Mạng lưới đối tác Công viên địa chất Non nước Cao Bằng")
    scene = Scene(
        committee=committee, resolution=resolution, lead=lead, coordinating=coordinating,
        other=other,
        lead_member=person(committee, "member", lead, name="Hoàng Thị Lan"),
        coordinating_member=person(committee, "member", coordinating, name="Lương Văn Hùng"),
        other_member=person(committee, "member", other, name="Vi Văn Thắng"),
        secretary=person(committee, "secretary", committee.standing_agency, name="Nông Thị Hà"),
        chair=person(committee, "chair", name="Dương Xuân Huyên"),
        viewer=person(committee, "viewer", coordinating, name="Lộc Văn Bình"),
        outsider=person(geopark, "member", lead, name="Bế Thị Mai"),
        task=None,
    )
    scene.task = scene.add_task(
        title="Hoàn thiện hồ sơ đề nghị công nhận Công viên địa chất toàn cầu UNESCO",
        deadline=in_days(-5), coordinating_agencies=[coordinating])
    return scene
