"""The draft conclusion notice (Thông báo kết luận) of a meeting: what it says.

After a meeting the secretariat issues the chair's conclusions as a notice laid out per
Decree 30/2020/NĐ-CP, Appendix I (the summaries' layout): the issuing body beside the
national title and motto, the number and the place and date, "THÔNG BÁO" and its title,
an opening paragraph (when, where, who chaired, who attended), one numbered clause per task
of the documents the meeting issued ("Giao … chủ trì, phối hợp với …; thời hạn …"), the
recipients ("Nơi nhận") and the signature block. It is a proposal the secretary edits in
Word or LibreOffice before it is signed.

The document is an official one and always Vietnamese, whatever the reader's language:
its wording is the administrative register's prescribed phrasing, written here, not
interface text from the translation catalog (as the summaries' ``FORMULAS``). This module
computes the text once; ``notice_files`` lays it out as DOCX and PDF.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import not_, select
from sqlalchemy.orm import selectinload

from tracker.auth.models import User
from tracker.clock import local_today
from tracker.committees.models import Committee, CommitteeRole, RoleName
from tracker.extensions import db
from tracker.resolutions.models import Meeting, Resolution, ResolutionKind
from tracker.summaries.document import FORMULAS, place_and_date, place_of
from tracker.tasks.models import Task
from tracker.text import fold

STATE, MOTTO = FORMULAS["vi"]["state"], FORMULAS["vi"]["motto"]
KIND = "THÔNG BÁO"
ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII",
         "XIV", "XV", "XVI", "XVII", "XVIII", "XIX", "XX")
# The collective that signs ("TM. BAN CHỈ ĐẠO") and its code in the number ("TB-BCĐ"), from
# how the committee's name begins; a steering committee when nothing matches.
COLLECTIVES = (("ban chi dao", "BAN CHỈ ĐẠO", "BCĐ", "Ban Chỉ đạo"),
               ("ban quan ly", "BAN QUẢN LÝ", "BQL", "Ban Quản lý"))
# What the secretary fills in where the meeting gave nothing (a notice with no task yet).
PLACEHOLDER_CLAUSE = ("Giao … chủ trì, phối hợp với … thực hiện …; thời hạn hoàn thành "
                      "trước ngày …/…/….")
_HONORIFIC = re.compile(r"^(đồng chí|đ/c|ông|bà)\s+", re.IGNORECASE)
# How a meeting's title may begin, and how the notice then refers to it ("chủ trì Hội nghị").
_MEETING_NOUNS = (("hội nghị", "Hội nghị"), ("cuộc họp", "cuộc họp"), ("phiên họp", "phiên họp"),
                  ("hội thảo", "hội thảo"), ("buổi làm việc", "buổi làm việc"),
                  ("họp", "cuộc họp"))


@dataclass
class Clause:
    text: str
    task_id: int | None = None


@dataclass
class Section:
    """The clauses of one document the meeting issued; ``heading`` only when there are
    several documents (then each is a Roman-numbered part)."""

    heading: str
    clauses: list[Clause] = field(default_factory=list)


@dataclass
class Notice:
    issuer_parent: str
    issuer: str
    number: str
    place_date: str
    title: str
    opening: list[str]
    sections: list[Section]
    closing: str
    recipients: list[str]
    signer_titles: list[str]
    signer_name: str
    state: str = STATE
    motto: str = MOTTO
    kind: str = KIND
    recipients_label: str = "Nơi nhận:"
    file_stem: str = "thong-bao-ket-luan"


def _collective(committee: Committee) -> tuple[str, str, str]:
    """("BAN CHỈ ĐẠO", "BCĐ", "Ban Chỉ đạo") for a "Ban Chỉ đạo …" committee."""
    name = fold(committee.name)
    for prefix, *collective in COLLECTIVES:
        if name.startswith(prefix):
            return tuple(collective)
    return tuple(COLLECTIVES[0][1:])


def join_vi(names: list[str]) -> str:
    """"A, B và C" — the Vietnamese list."""
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} và {names[-1]}"


def lower_first(text: str) -> str:
    """"Xây dựng Đề án …" → "xây dựng Đề án …" inside a sentence; "UBND …", "OCOP" kept."""
    text = text.strip()
    if len(text) > 1 and text[0].isupper() and text[1].islower():
        return text[0].lower() + text[1:]
    return text


def _sentence(text: str | None) -> str:
    """One line without its final punctuation, to go inside a clause."""
    return " ".join((text or "").split()).rstrip(" .;:,")


def day(value: date) -> str:
    return value.strftime("%d/%m/%Y")


def clause_text(task: Task) -> str:
    """"Giao Sở … chủ trì, phối hợp với … <task>; thời hạn hoàn thành trước ngày …"."""
    coordinators = [a.name for a in task.coordinating_agencies if a.id != task.lead_agency_id]
    text = f"Giao {task.lead_agency.name} chủ trì"
    if coordinators:
        text += f", phối hợp với {join_vi(coordinators)}"
    text += f" {lower_first(_sentence(task.title))}"
    if description := _sentence(task.description):
        text += f": {lower_first(description)}"
    if output := _sentence(task.expected_output):
        text += f"; sản phẩm: {output}"
    deadline = task.original_deadline or task.deadline
    if deadline is None:
        return f"{text}; thực hiện thường xuyên."
    return f"{text}; thời hạn hoàn thành trước ngày {day(deadline)}."


def _documents(meeting: Meeting) -> list[tuple[Resolution, list[Task]]]:
    """The meeting's documents, oldest first, with their tasks in the order they were
    recorded (a cancelled task is no longer concluded), agencies loaded in three statements."""
    resolutions = list(db.session.scalars(
        select(Resolution).where(Resolution.meeting_id == meeting.id)
        .order_by(Resolution.issued_on, Resolution.id)))
    tasks = db.session.scalars(
        select(Task).where(Task.resolution_id.in_([r.id for r in resolutions]),
                           not_(Task.is_cancelled))
        .options(selectinload(Task.lead_agency), selectinload(Task.coordinating_agencies))
        .order_by(Task.id)).all() if resolutions else []
    by_resolution: dict[int, list[Task]] = {r.id: [] for r in resolutions}
    for task in tasks:
        by_resolution[task.resolution_id].append(task)
    return [(r, by_resolution[r.id]) for r in resolutions]


def _sections(documents: list[tuple[Resolution, list[Task]]]) -> list[Section]:
    with_tasks = [(r, tasks) for r, tasks in documents if tasks]
    if not with_tasks:
        return [Section("", [Clause(PLACEHOLDER_CLAUSE)])]
    several = len(with_tasks) > 1
    sections = []
    for index, (resolution, tasks) in enumerate(with_tasks):
        heading = ""
        if several:
            numeral = ROMAN[index] if index < len(ROMAN) else str(index + 1)
            heading = f"{numeral}. {_sentence(resolution.title)}"
        sections.append(Section(heading, [Clause(clause_text(t), t.id) for t in tasks]))
    return sections


def _leaders(committee_id: int) -> list[tuple[str, str]]:
    """(name, role) of the committee's chair and vice-chairs, the chair first."""
    rows = db.session.execute(
        select(User.name, CommitteeRole.role).join(CommitteeRole, CommitteeRole.user_id == User.id)
        .where(CommitteeRole.committee_id == committee_id,
               CommitteeRole.role.in_([RoleName.CHAIR, RoleName.VICE_CHAIR]))
        .order_by(CommitteeRole.id)).all()
    return sorted(((name, role) for name, role in rows), key=lambda r: r[1] != RoleName.CHAIR)


def person_of(chaired_by: str) -> str:
    """"Đồng chí Dương Xuân Huyên – Phó Chủ tịch UBND tỉnh" → "Dương Xuân Huyên"."""
    text = _HONORIFIC.sub("", chaired_by.strip())
    return re.split(r"\s+[–—-]\s+|,", text, maxsplit=1)[0].strip()


def _signer(meeting: Meeting, collective: str) -> tuple[list[str], str, bool]:
    """The signature's title lines, the signer's name, and whether a deputy signs.

    Whoever chaired signs: a chair or vice-chair of the committee named in "chaired by",
    else the office written there ("Phó Trưởng ban"), else the committee's chair."""
    chaired = (meeting.chaired_by or "").strip()
    folded = fold(chaired)
    leaders = _leaders(meeting.committee_id)
    named = next(((name, role) for name, role in leaders if fold(name) and fold(name) in folded),
                 None)
    if named:
        name, deputy = named[0], named[1] == RoleName.VICE_CHAIR
    else:
        deputy = "pho truong ban" in folded
        chair = next((n for n, role in leaders if role == RoleName.CHAIR), "")
        name = person_of(chaired) if chaired and (deputy or "truong ban" in folded) else (
            chair or person_of(chaired))
    titles = ["KT. TRƯỞNG BAN", "PHÓ TRƯỞNG BAN"] if deputy else [f"TM. {collective}",
                                                                   "TRƯỞNG BAN"]
    return titles, name, deputy


def _meeting_phrase(title: str) -> tuple[str, str]:
    """The meeting as named in a sentence ("Hội nghị tổng kết …") and its noun ("Hội nghị")."""
    title = _sentence(title)
    folded = title.casefold()
    for prefix, noun in _MEETING_NOUNS:
        if folded.startswith(prefix):
            # "Hội nghị" named is a proper noun and keeps its capital; "phiên họp" does not.
            return (title if noun == "Hội nghị" else lower_first(title)), noun
    return f"cuộc họp {lower_first(title)}", "cuộc họp"


def _chaired_phrase(meeting: Meeting, signer: str, office: str) -> str:
    chaired = _sentence(meeting.chaired_by)
    if chaired:
        return chaired if _HONORIFIC.match(chaired) else f"đồng chí {chaired}"
    return f"đồng chí {signer}, {office}" if signer else ""


def _recipients(meeting: Meeting, documents, collective: str) -> list[str]:
    """Members of the committee, then every agency that attended or was assigned a task (by
    name, once), then the archive ("Lưu: VT" and the standing agency, which drafts)."""
    agencies = {a.id: a for a in meeting.attending_agencies}
    for _resolution, tasks in documents:
        for task in tasks:
            agencies.setdefault(task.lead_agency_id, task.lead_agency)
            for agency in task.coordinating_agencies:
                agencies.setdefault(agency.id, agency)
    lines = ["- Trưởng ban, các Phó Trưởng ban;", f"- Các thành viên {collective};"]
    lines += [f"- {a.name};" for a in sorted(agencies.values(), key=lambda a: fold(a.name))]
    standing = meeting.committee.standing_agency
    lines.append(f"- Lưu: VT, {standing.label}." if standing else "- Lưu: VT.")
    return lines


def _number_and_date(meeting: Meeting, documents, code: str, place: str) -> tuple[str, str]:
    """The linked conclusion notice's number and date, else blanks to fill in at issue."""
    notice = next((r for r, _tasks in documents
                   if r.kind == ResolutionKind.CONCLUSION_NOTICE), None)
    if notice is not None:
        return f"Số: {notice.number}", place_and_date(place, notice.issued_on, "vi")
    year = local_today(meeting.committee.timezone).year
    blank_date = f"ngày      tháng      năm {year}"
    return f"Số:        /TB-{code}", f"{place}, {blank_date}" if place else blank_date


def notice_of(meeting: Meeting) -> Notice:
    """Everything the notice says, in Vietnamese, from the meeting and its documents' tasks."""
    committee = meeting.committee
    collective, code, members = _collective(committee)
    documents = _documents(meeting)
    parent = committee.parent_body or ""
    number, place_date = _number_and_date(meeting, documents, code, place_of(parent))
    titles, signer, deputy = _signer(meeting, collective)
    office = f"{'Phó Trưởng' if deputy else 'Trưởng'} {committee.name}"
    who = f"đồng chí {signer}, {office}" if signer else office
    phrase, noun = _meeting_phrase(meeting.title)
    place = f", tại {_sentence(meeting.place)}" if _sentence(meeting.place) else ""
    opening = [f"Ngày {meeting.held_on.day:02d} tháng {meeting.held_on.month:02d} năm "
               f"{meeting.held_on.year}{place}, {committee.name} tổ chức {phrase}."]
    if chaired := _chaired_phrase(meeting, signer, office):
        opening[0] += f" {chaired[0].upper()}{chaired[1:]} chủ trì {noun}."
    if attending := [a.name for a in meeting.attending_agencies]:
        opening[0] += f" Tham dự {noun} có đại diện lãnh đạo: {join_vi(attending)}."
    opening.append(f"Sau khi nghe báo cáo và ý kiến phát biểu của các đại biểu dự {noun}, "
                   f"{who} kết luận và giao nhiệm vụ như sau:")
    return Notice(
        issuer_parent=parent.upper(), issuer=committee.name.upper(), number=number,
        place_date=place_date, title=f"Kết luận của {who} tại {phrase}", opening=opening,
        sections=_sections(documents),
        closing=f"{committee.name} thông báo để các cơ quan, đơn vị liên quan biết, "
                "thực hiện./.",
        recipients=_recipients(meeting, documents, members), signer_titles=titles,
        signer_name=signer,
        file_stem=f"thong-bao-ket-luan-{meeting.id}-{meeting.held_on:%Y%m%d}")
