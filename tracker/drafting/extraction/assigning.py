"""Which clauses assign work, and to whom: the lead agency and the coordinating ones.

A clause assigns when it uses an assigning phrase: ``giao …``, ``đề nghị …``, ``yêu cầu …``
followed by whom (an agency, or its head: "Giám đốc Sở …"), or ``… chủ trì``, ``… chịu trách
nhiệm``, ``… có trách nhiệm``, ``… tham mưu``, ``… khẩn trương``; or when it opens with an
agency that is to act ("Sở Y tế tiếp tục …"); or when it sits under a heading that assigns
and says what to do. Sentences that assess or state facts (``đã đạt``, ``cơ bản hoàn
thành``, ``Ban Chỉ đạo đánh giá cao``), the legal bases (``Căn cứ …``, ``Xét đề nghị của
…``) and the closing formulas (``… chịu trách nhiệm thi hành Quyết định này``) are not tasks.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

from .mentions import Found

# Phrases that assign by themselves.
_SELF = re.compile(
    r"\bchiu trach nhiem\b(?! thi hanh)|\bco trach nhiem\b(?! thi hanh)|\btham muu\b|"
    r"\bkhan truong\b|\bchu tri\b(?!,? (?:cuoc hop|hoi nghi|phien hop|buoi|le |hop\b))|"
    r"\blam dau moi\b|\bla co quan (?:thuong truc|dau moi|chu tri)\b|\bgiao trach nhiem\b|"
    r"\bgiao nhiem vu\b")
# Verbs that assign to whoever follows them.
_DIRECTED = re.compile(r"\b(?:giao(?! thong| luu| dich| nhan| duc| tiep| thuong| hang| dat| ket|"
                       r" ve| ban| khoan| lien)|de nghi(?! cua| tai)|yeu cau(?! cua| ve| tai)|"
                       r"dong y giao)\b")
# Who may stand between the verb and the agency: "giao cho Giám đốc các Sở …".
_ADDRESSEE = re.compile(r"^[\s,:]*(?:cho\s+|trach nhiem\s+(?:cho\s+)?|nhiem vu\s+(?:cho\s+)?)?"
                        r"(?:(?:giam doc|thu truong|chu tich|chanh van phong|truong ban|"
                        r"chi huy truong|truong|lanh dao|pho chu tich)\s+)?(?:cac\s+)?$")
_TITLES = re.compile(r"^[\s,\-+*]*(?:(?:trong )?(?:nam (?:20\d\d|nay|toi)|thoi gian toi|"
                     r"thang \d{1,2}(?:/20\d\d)?|quy [ivx\d]+(?:/20\d\d)?|sap toi),?\s+)?"
                     r"(?:(?:dong chi\s+)?(?:giam doc|thu truong|chu tich|"
                     r"chanh van phong|truong ban|chi huy truong|lanh dao|truong)\s+)?$")
_FACT = re.compile(
    r"\bda dat\b|\bco ban hoan thanh\b|\bdanh gia cao\b|\bghi nhan\b|\bbieu duong\b|"
    r"\bdat duoc\b|\bket qua dat\b|\bcon (?:mot so )?(?:han che|ton tai|kho khan)\b|"
    r"\bnhat tri\b|\bthong nhat danh gia\b|\bchu tri (?:cuoc hop|hoi nghi|phien hop|buoi)|"
    r"\btham du\b|\bdu va chi dao\b|\bsau khi nghe\b|\bket luan nhu sau\b|"
    r"\bco hieu luc\b|\bthi hanh (?:quyet dinh|chi thi|ke hoach) nay\b|\bcan cu quyet dinh\b")
_PREAMBLE = re.compile(r"^[\s\-+*]*(?:can cu|xet de nghi|theo de nghi|kinh gui|phuc dap|"
                       r"dieu \d+\.?\s*ban hanh kem theo|ban hanh kem theo)\b")
_PAST = re.compile(r"\b(?:da|vua)\s+(?:\w+\s+){0,2}$")
# Headings whose items are not tasks (the plan's aims, its scope, what was achieved).
_NEGATIVE_HEADING = re.compile(
    r"^[\s\-+*]*(?:muc dich|yeu cau|muc tieu|quan diem|doi tuong|pham vi|can cu|ket qua|"
    r"tinh hinh|danh gia (?:chung|ket qua|tinh hinh)|nguyen tac|thanh phan|nhung (?:ket qua|"
    r"han che)|han che|ton tai|nguyen nhan)\b")
# What an agency written first is then told to do ("Sở Y tế tiếp tục …").
_VERBS = (r"(?:la co quan|chu tri|chiu trach nhiem|co trach nhiem|tham muu|"
         r"khan truong|lam dau moi|thuc hien|trien khai|to chuc|xay dung|nghien cuu|phoi hop|"
         r"tiep tuc|chu dong|tap trung|can|phai|se|huong dan|chi dao|ra soat|hoan thanh|"
         r"bao cao|tong hop|kiem tra|day manh|tang cuong|quan ly|theo doi|nam chac|"
         r"thuong xuyen|xem xet|theo chuc nang|moi|dam bao|bao dam|giam sat|don doc|"
         r"cap nhat|tuyen truyen|van dong|uu tien|bo tri|cung cap|gui|lap|trinh|"
         r"de xuat|nang cao|hoan thien|day nhanh|khac phuc|xu ly|dinh ky|hang thang|hang quy|"
         r"hang nam|moi thang|can cu (?:chuc nang|nhiem vu|tinh hinh))\b")
_ACTS = r"(?:\(.*?\)\s*)?" + _VERBS  # "Sở Y tế (cơ quan thường trực) chủ trì …"
# More of the subject after the agencies found: short comma-separated names, no sentence end.
_MORE_SUBJECTS = re.compile(r"^\s*(?:,|-|/|\bva\b)")
_LEAD_AFTER = re.compile(r"^[\s,]*(?::|" + _ACTS + ")")
_ACTION = re.compile(r"^[\s\-+*]*(?:tiep tuc |chu dong |khan truong |tap trung |kip thoi |"
                     r"thuong xuyen |can |phai )*" + _VERBS)
_OBJECT_BEFORE = re.compile(r"(?:\btham muu(?: cho)?|\btrinh|\bbao cao|\bde xuat(?: voi)?|"
                            r"\bxin y kien|\bgui(?: ve)?|\bcua|\bvoi|\bcung|\bgiup|\bqua|"
                            r"\bhuong dan|\bden|\btai|\bcho)\s*$")
_ASSIGNER = re.compile(r"^[\s,]*(?:da |vua )?(?:giao|yeu cau|de nghi|co y kien|"
                       r"ban hanh|thong bao|ket luan|dong y)\b")
_COORD_START = re.compile(r"\bphoi hop(?: chat che)?(?: voi| cung)?\b|\bcung voi\b")
_COORD_GAP = re.compile(r"^[\s,;(]*(?:(?:va|cung|voi|cac|hoac|nhu|gom|la|thu truong)\b[\s,]*)*$")


def is_excluded(folded: str, found: list[Found] = ()) -> bool:
    """A statement of fact, a legal basis or a closing formula: never a task."""
    if _PREAMBLE.search(folded):
        return _first_assigning(folded, list(found)) is None
    fact = _FACT.search(folded)
    if fact is None:
        return False
    first = _first_assigning(folded, list(found))
    return first is None or first > fact.start()


def _next(found: list[Found], position: int) -> Found | None:
    """The first mention starting at or after ``position`` (``found`` is in order)."""
    i = bisect_left([f.start for f in found], position)
    return found[i] if i < len(found) else None


def _first_assigning(folded: str, found: list[Found]) -> int | None:
    for m in sorted([*_SELF.finditer(folded), *_DIRECTED.finditer(folded)],
                    key=lambda m: m.start()):
        if _PAST.search(folded[max(0, m.start() - 30):m.start()]):
            continue
        if m.re is _SELF:
            return m.start()
        whom = _next(found, m.end())
        if whom is not None and _ADDRESSEE.match(folded[m.end():whom.start]):
            return m.start()
    return None


def assigns(folded: str, found: list[Found]) -> bool:
    """The clause uses an assigning phrase, and is not excluded."""
    return not is_excluded(folded, found) and _first_assigning(folded, found) is not None


def subject_acts(folded: str, found: list[Found]) -> bool:
    """The clause opens with an agency (or its head) told what to do: "Sở Y tế tiếp tục …"."""
    if not found or not _TITLES.match(folded[:found[0].start]):
        return False
    end = found[0].end
    for f in found[1:]:  # "Sở Văn hóa, Thể thao và Du lịch, UBND các huyện …"
        if _COORD_GAP.match(folded[end:f.start]):
            end = f.end
    if not (_LEAD_AFTER.match(folded[end:end + 40]) or _more_subjects_then_acts(folded, end)):
        return False
    return not is_excluded(folded, found)


def _more_subjects_then_acts(folded: str, end: int) -> bool:
    """"Sở, ban, ngành, UBND quận-huyện, xã, phường, thị trấn thực hiện …": more of the
    subject (a list of short names, no sentence end) before what it is told to do."""
    rest = folded[end:end + 90]
    if not _MORE_SUBJECTS.match(rest):
        return False
    for m in re.finditer(r"\s", rest):
        if re.search(r"[.;:]", rest[:m.start()]):
            return False
        if _LEAD_AFTER.match(rest[m.start():m.start() + 40]):
            return True
    return False


def subject_end(folded: str, found: list[Found], lead: Found) -> int:
    """Where the agencies written together with ``lead`` end ("Công an tỉnh, Bộ CHQS tỉnh")."""
    end = lead.end
    for f in found[found.index(lead) + 1:]:
        if not _COORD_GAP.match(folded[end:f.start]):
            break
        end = f.end
    return end


def is_action(folded: str) -> bool:
    """The clause opens with what to do ("Tổ chức …", "Tiếp tục triển khai …")."""
    return bool(_ACTION.match(folded)) and not is_excluded(folded)


def is_negative_heading(folded: str) -> bool:
    return bool(_NEGATIVE_HEADING.match(folded)) or bool(_FACT.search(folded))


def coordinating_spans(folded: str, found: list[Found]) -> list[tuple[int, int]]:
    """Where the clause lists the coordinating agencies: after "phối hợp với", one agency
    after the other."""
    spans = []
    starts = [f.start for f in found]
    for m in _COORD_START.finditer(folded):
        end = m.end()
        for f in found[bisect_left(starts, end):]:
            if f.start < end:
                continue
            if not _COORD_GAP.match(folded[end:f.start]):
                break
            end = f.end
        spans.append((m.end(), end))
    return spans


def lead_of(folded: str, found: list[Found]) -> Found | None:
    """The mention that the clause makes responsible, if it names one."""
    inside = _Spans(coordinating_spans(folded, found))
    best = None
    for f in found:
        if f.start in inside:
            continue
        before = folded[max(0, f.start - 45):f.start]
        for m in _DIRECTED.finditer(before):
            if _ADDRESSEE.match(before[m.end():]) and not _PAST.search(before[:m.start()]):
                return f
        if _ASSIGNER.match(folded[f.end:f.end + 20]) or _OBJECT_BEFORE.search(before):
            continue
        if best is None and (_LEAD_AFTER.match(folded[f.end:f.end + 40])
                             or _TITLES.match(folded[:f.start])):
            best = f
    return best


def coordinating_of(folded: str, found: list[Found], lead: Found | None) -> list[Found]:
    inside = _Spans(coordinating_spans(folded, found))
    return [f for f in found if f is not lead and f.start in inside]


class _Spans:
    """``position in spans``: inside one of the (start, end) spans, found by bisection."""

    def __init__(self, spans: list[tuple[int, int]]):
        self.spans = sorted(spans)
        self.starts = [start for start, _ in self.spans]

    def __contains__(self, position: int) -> bool:
        i = bisect_right(self.starts, position)
        # Spans may nest ("phối hợp với … phối hợp cùng …"): look back over those that
        # start before the position.
        return any(start <= position < end for start, end in self.spans[max(0, i - 3):i])
