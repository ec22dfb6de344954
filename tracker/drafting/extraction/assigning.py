"""Which clauses assign work, and to whom: the lead agency and the coordinating ones.

A clause assigns when it uses an assigning phrase (``giao … chủ trì, phối hợp với …``, ``đề
nghị …``, ``yêu cầu …``, ``… chịu trách nhiệm …``, ``… có trách nhiệm …``, ``… tham mưu …``,
``… khẩn trương …``), or when it sits under a heading that assigns (``Sở Y tế:``, ``Giao các
sở thực hiện các nhiệm vụ sau:``) and says what to do. Sentences that assess or state facts
(``đã đạt``, ``cơ bản hoàn thành``, ``Ban Chỉ đạo đánh giá cao``) are not tasks.
"""

from __future__ import annotations

import re

from .folding import fold
from .mentions import Found

STRONG = re.compile(
    r"\bgiao(?! thong| luu| dich| ban| nhan| duc| tiep| thuong| hang| dat| khoan| ket| ve)\b|"
    r"\bde nghi\b|\byeu cau\b|\bchiu trach nhiem\b|\bco trach nhiem\b|\btham muu\b|"
    r"\bkhan truong\b|\bchu tri\b|\blam dau moi\b|\bla co quan (?:thuong truc|dau moi)\b|"
    r"\bphu trach\b|\bcan tap trung\b|\bcan (?:chu dong|tiep tuc|khan truong)\b|"
    r"\bchu dong\b|\bnghiem tuc (?:thuc hien|trien khai)\b")
# Verbs that open a task under an assigning heading ("- Tổ chức …", "b) Xây dựng …").
ACTION = re.compile(
    r"^(?:tiep tuc |chu dong |khan truong |tap trung |kip thoi |thuong xuyen |can )*"
    r"(?:to chuc|trien khai|thuc hien|xay dung|hoan thanh|tang cuong|day manh|nghien cuu|"
    r"ra soat|bao cao|phoi hop|huong dan|kiem tra|don doc|tuyen truyen|chuan bi|tong hop|"
    r"de xuat|dam bao|nang cao|quan ly|tham muu|chi dao|cung co|hoan thien|ban hanh|"
    r"lap|trinh|theo doi|giam sat|xu ly|thanh tra|dieu chinh|bo sung|cap nhat|van dong|"
    r"khuyen khich|ho tro|uu tien|day nhanh|thuc day|phat trien|bao ve|bao ton|quang ba|"
    r"xuc tien|ung dung|dau tu|soan thao|tiep thu|sua doi|lua chon|phan cong|bo tri|"
    r"giao|thanh lap|kien toan|trien khai|phan dau|quan tam|tiep nhan|gui|cung cap|"
    r"khai thac|giai quyet|tao dieu kien|duy tri|mo rong|lam|tham gia|lien he|du thao|"
    r"rut kinh nghiem|to chuc thuc hien)\b")
FACT = re.compile(
    r"\bda dat\b|\bco ban hoan thanh\b|\bdanh gia cao\b|\bghi nhan\b|\bbieu duong\b|"
    r"\bdat duoc\b|\bket qua dat\b|\bcon (?:mot so )?(?:han che|ton tai|kho khan)\b|"
    r"\bnhat tri\b|\bthong nhat danh gia\b|\bchu tri (?:cuoc hop|hoi nghi|buoi)|"
    r"\btham du\b|\bdu va chi dao\b|\bsau khi nghe\b|\bket luan nhu sau\b|\bnhu sau\s*:?$")
_PAST = re.compile(r"\bda (?:\w+ ){0,2}$")
_LEAD_AFTER = re.compile(r"^[\s,]*(?:\(.*?\)\s*)?(?::|la co quan|chu tri|chiu trach nhiem|"
                         r"co trach nhiem|tham muu|khan truong|lam dau moi|phu trach|thuc hien|"
                         r"trien khai|to chuc|xay dung|nghien cuu|phoi hop|tiep tuc|chu dong|"
                         r"tap trung|can|huong dan|chi dao|ra soat|hoan thanh|bao cao|"
                         r"tong hop|kiem tra|day manh|tang cuong|quan ly|theo doi|"
                         r"nam chac|thuong xuyen|xem xet|co van ban|khan|moi)\b")
_LEAD_BEFORE = re.compile(r"(?:\bgiao(?: cho)?|\bde nghi|\byeu cau|\bdong y)\s*$")
_OBJECT_BEFORE = re.compile(r"(?:\btham muu(?: cho)?|\btrinh|\bbao cao|\bde xuat(?: voi)?|"
                            r"\bxin y kien|\bgui(?: ve)?|\bcua|\bvoi|\bcung|\bgiup)\s*$")
_COORD_START = re.compile(r"\bphoi hop(?: chat che)?(?: voi| cung)?\b|\bcung voi\b")
# What may stand between two coordinating agencies ("với Sở Y tế, Sở Tài chính và các huyện").
_COORD_GAP = re.compile(r"^[\s,;(]*(?:(?:va|cung|voi|cac|hoac|nhu|gom|la)\b[\s,]*)*$")


def is_fact(folded: str) -> bool:
    """The clause assesses or states what was done, assigning nothing."""
    strong = STRONG.search(folded)
    if FACT.search(folded) and not (strong and strong.start() < (FACT.search(folded).start())):
        return True
    return bool(strong and _PAST.search(folded[:strong.start()][-25:]))


def assigns(folded: str) -> bool:
    """The clause uses one of the assigning phrases (and is not a statement of fact)."""
    return bool(STRONG.search(folded)) and not is_fact(folded)


def is_action(folded: str) -> bool:
    """The clause opens with what to do ("Tổ chức …", "Tiếp tục triển khai …")."""
    return bool(ACTION.search(folded.lstrip(" -+*:"))) and not is_fact(folded)


def lead_of(text: str, found: list[Found]) -> Found | None:
    """The mention that the clause makes responsible, if it names one."""
    folded = fold(text)
    coordinating = coordinating_spans(folded, found)
    best = None
    for f in found:
        before = folded[max(0, f.start - 20):f.start]
        if any(s <= f.start < e for s, e in coordinating):
            continue
        if _LEAD_BEFORE.search(before):
            return f
        if _OBJECT_BEFORE.search(before):
            continue
        if best is None and (_LEAD_AFTER.match(folded[f.end:f.end + 30])
                             or not folded[:f.start].strip(" -+*.:;,0123456789abcdđ)")):
            best = f
    return best


def coordinating_spans(folded: str, found: list[Found]) -> list[tuple[int, int]]:
    """Where the clause lists the coordinating agencies: after "phối hợp với", one agency
    after the other."""
    spans = []
    for m in _COORD_START.finditer(folded):
        end = m.end()
        for f in found:
            if f.start >= end and _COORD_GAP.match(folded[end:f.start]):
                end = f.end
            elif f.start >= end:
                break
        spans.append((m.end(), end))
    return spans


def coordinating_of(text: str, found: list[Found], lead: Found | None) -> list[Found]:
    spans = coordinating_spans(fold(text), found)
    return [f for f in found if f is not lead and any(s <= f.start < e for s, e in spans)]
