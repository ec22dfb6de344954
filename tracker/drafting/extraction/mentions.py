"""The agencies a stretch of text names: matched ones, group phrases, and agency-like names
that match none of the committee's (kept, with the closest candidates, never dropped)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .agencies import AgencyIndex
from .folding import LOWER, UPPER, fold
from .model import AgencyMention

_ALL = None  # every member agency
# Group phrases (folded) and the kinds of agency they stand for.
_GROUPS: tuple[tuple[re.Pattern, tuple[str, ...] | None], ...] = (
    (re.compile(r"\b(?:ubnd|uy ban nhan dan) (?:cac|cap) (?:huyen|quan)(?:,? (?:va )?(?:thi xa|"
                r"thanh pho|quan|huyen|thi tran))*(?: thuoc tinh| tren dia ban(?: tinh)?)?"),
     ("peoples_committee",)),
    (re.compile(r"\bcac (?:huyen|quan)(?:,? (?:va )?(?:thi xa|thanh pho|thi tran))+\b"
                r"|\bcac dia phuong\b"),
     ("peoples_committee",)),
    (re.compile(r"\b(?:cac|cac co quan|cac don vi) so,? (?:ban,? )?nganh(?:,? (?:doan the|"
                r"dia phuong))?(?: lien quan)?"
                r"|\b(?:cac )?so,? ban,? nganh\b|\bcac so,? nganh\b"),
     ("department", "management_board")),
    (re.compile(r"\bcac (?:co quan|don vi)(?:,? (?:co quan|don vi))*,? thanh vien"
                r"(?: ban chi dao(?: tinh)?)?|\bcac thanh vien ban chi dao(?: tinh)?"
                r"|\bthanh vien ban chi dao\b"), _ALL),
    (re.compile(r"\bcac (?:co quan|don vi)(?:,? (?:co quan|don vi|dia phuong|to chuc))*"
                r",? (?:co )?lien quan\b"), ()),
)
_HEADS = (r"Sở|Ban|Bộ|Cục|Chi cục|Văn phòng|Công an|UBND|Ủy ban nhân dân|Uỷ ban nhân dân|"
          r"Trung tâm|Đài|Báo|Hội|Liên minh|Liên đoàn|Tỉnh đoàn|Kho bạc|Ngân hàng|Thanh tra|"
          r"Bộ Chỉ huy|Trường|Quỹ|Viện|Công ty|Hợp tác xã|Mặt trận")
_CAP = r"[" + UPPER + r"][^\s,.;:()]*"
# Lower-case words that end an agency's name: the verbs and links that follow one. One
# lower-case word may complete a name ("Sở Tài chính", "Sở Y tế"), not two.
_STOP = (r"chủ|phối|thực|triển|tổ|xây|hoàn|báo|tham|khẩn|có|chịu|là|làm|tiếp|nghiên|rà|"
         r"kiểm|hướng|đôn|tuyên|cần|phải|sẽ|để|trong|trước|tại|theo|của|cho|với|các|tập|"
         r"đẩy|tăng|quản|và|đã|được|thì|về|nhằm|khi|sau|từ|đến|trên|chỉ|giao|đề|yêu|"
         r"bảo|đảm|gửi|lập|trình|ban|tiến|kịp|thường|hằng|hàng|định|chậm|xong")
_AGENCY_LIKE = re.compile(
    r"\b(?:" + _HEADS + r")(?:\s+(?:" + _CAP + r"|&|tỉnh|huyện|quận|thành phố|thị xã|xã|"
    r"phường|thị trấn|cấp \w+)){1,8}(?:\s+(?!(?:" + _STOP + r")\b)[" + LOWER + "]+)?")


@dataclass(frozen=True)
class Found:
    start: int
    end: int
    mention: AgencyMention


class _Taken:
    """The characters already claimed by a mention (a group phrase before its words)."""

    def __init__(self, length: int):
        self.marks = bytearray(length)

    def overlaps(self, start: int, end: int) -> bool:
        return self.marks.find(1, start, end) != -1

    def take(self, start: int, end: int) -> None:
        self.marks[start:end] = b"\x01" * (end - start)


def find_mentions(text: str, index: AgencyIndex, start: int = 0,
                  end: int | None = None) -> list[Found]:
    """Every agency ``text[start:end]`` names, in order of appearance."""
    end = len(text) if end is None else end
    folded = fold(text)
    found: list[Found] = []
    taken = _Taken(len(text))
    for pattern, kinds in _GROUPS:
        for m in pattern.finditer(folded, start, end):
            if taken.overlaps(*m.span()):
                continue
            ids = index.of_kinds(kinds) if kinds != () else ()
            found.append(Found(m.start(), m.end(), AgencyMention(
                text=text[m.start():m.end()], agency_ids=ids, group=True)))
            taken.take(*m.span())
    for s, e, agency in index.find(text, start, end):
        if not taken.overlaps(s, e):
            found.append(Found(s, e, AgencyMention(text=text[s:e], agency_ids=(agency.id,),
                                                   group=False)))
            taken.take(s, e)
    for m in _AGENCY_LIKE.finditer(text, start, end):
        written = m.group().rstrip()
        span = (m.start(), m.start() + len(written))
        if taken.overlaps(*span) or len(written.split()) < 2:
            continue
        found.append(Found(span[0], span[1], AgencyMention(
            text=written, agency_ids=(), group=False, candidates=index.candidates(written))))
        taken.take(*span)
    return sorted(found, key=lambda f: f.start)


def mention_of(text: str, index: AgencyIndex) -> AgencyMention | None:
    """The one agency (or group) ``text`` names as a whole, e.g. a clause's heading."""
    stripped = text.strip(" -+:.;,")
    if not stripped:
        return None
    for f in find_mentions(stripped, index):
        if f.start == 0 and len(stripped[f.end:].strip(" ,.;:()")) <= 2:
            return f.mention
    return None
