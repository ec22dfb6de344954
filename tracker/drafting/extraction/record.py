"""The record of the document: kind, number (``123/TB-UBND``), issue date (``Lạng Sơn, ngày 5
tháng 3 năm 2024``), signer (from the signature block) and title."""

from __future__ import annotations

import re
from datetime import date

from .folding import LOWER, UPPER, fold
from .model import DraftRecord

# The kind's heading word (folded, at the start of a line) and the number's code.
_KIND_HEADINGS = (
    (re.compile(r"^thong bao\b.*\bket luan|^ket luan cua\b.*\b(?:tai|ve)\b"), "conclusion_notice"),
    (re.compile(r"^ket luan\b"), "conclusion"),
    (re.compile(r"^ke hoach\b"), "plan"),
    (re.compile(r"^nghi quyet\b"), "resolution"),
    (re.compile(r"^quyet dinh\b"), "decision"),
    (re.compile(r"^quy che\b"), "regulation"),
    (re.compile(r"^(?:thong bao|chi thi|cong van|chuong trinh)\b"), "other"),
)
_KIND_CODES = {"tb": "conclusion_notice", "kl": "conclusion", "kh": "plan", "nq": "resolution",
               "qd": "decision", "qc": "regulation", "ct": "other", "ctr": "other"}
# The document's own number opens a line of the header ("Số: 12/TB-BCĐ"); "… số 17/2020/NQ-HĐND"
# inside a sentence cites another document.
# "12/TB-BCĐ", "17/2020/NQ-HĐND", and the Party's "05-KL/TU".
_NUMBER = re.compile(r"(?:^|\|)[ \t]*(?:Số|SỐ)[ \t]*:?\s*(\d+[a-z]?(?:/\d{4})?"
                     r"(?:-[A-ZĐa-zđ]+)?/[A-ZĐa-zđ]+(?:[-–][\wĐđ&.]+)*)", re.MULTILINE)
# The place-date line: "Lạng Sơn, ngày 5 tháng 3 năm 2024", a place opening the line (a
# citation's "… ngày 14/12/2020" follows no place); it may be wrapped.
_PLACE = r"(?:^|\|)[ \t]*[" + UPPER + r"][^,|\d]{1,40}?,\s*[Nn]gày\s+"
_PLACE_DATE = re.compile(_PLACE + r"(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})", re.MULTILINE)
_NUMERIC_DATE = re.compile(_PLACE + r"(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})",
                           re.MULTILINE)
_SIGN_TITLES = re.compile(r"^(?:kt\.?|tm\.?|tl\.?|q\.?)?\s*(?:chu tich|pho chu tich|truong ban|"
                          r"pho truong ban|giam doc|pho giam doc|chanh van phong|bi thu|"
                          r"pho bi thu|thu truong|bo truong|truong doan|to truong|"
                          r"ban chi dao|uy ban nhan dan|ubnd|van phong|nguoi ky)\b")
# A person's name: two to five words, each capitalised (or all in capitals).
_WORD = f"(?:[{UPPER}][{LOWER}]*|[{UPPER}]+)"
_NAME = re.compile(rf"^{_WORD}(?:\s+{_WORD}){{1,4}}$")
_NOT_NAMES = re.compile(r"^(?:noi nhan|nhu tren|luu|van phong|ban chi dao|uy ban|ubnd|so |"
                        r"cong hoa|doc lap|thong bao|ke hoach|ket luan|truong ban|chu tich|"
                        r"pho chu tich|giam doc|kt|tm|da ky)")


def _kind(lines: list[str], number: str | None) -> str | None:
    head = [line for line in lines[:30] if line.strip()]
    for i, line in enumerate(head):
        # "THÔNG BÁO" on its line, "Kết luận của …" on the next.
        folded = (fold(line).strip() + " " + fold(" ".join(head[i + 1:i + 2]))).strip()
        for pattern, kind in _KIND_HEADINGS:
            if pattern.search(folded):
                return kind
    if number and "/" in number:
        head, _, tail = number.partition("/")
        code = head.split("-", 1)[1] if "-" in head else tail.rsplit("/", 1)[-1].split("-")[0]
        return _KIND_CODES.get(fold(code))
    return None


def _issued_on(lines: list[str]) -> date | None:
    head = "\n".join(lines[:25])
    for pattern in (_PLACE_DATE, _NUMERIC_DATE):
        for m in pattern.finditer(head):
            try:
                return date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
            except ValueError:
                continue
    return None


def _signer(lines: list[str]) -> str | None:
    tail = lines[-25:]
    seen_title = False
    found = None
    for line in tail:
        folded = fold(line).strip()
        if _SIGN_TITLES.search(folded):
            seen_title = True
            continue
        if seen_title and _NAME.match(line.strip()) and not _NOT_NAMES.search(folded):
            found = line.strip()
    if found and found.isupper():
        found = " ".join(w.capitalize() for w in found.split())
    return found


def _title(lines: list[str], kind: str | None) -> str | None:
    for i, line in enumerate(lines[:30]):
        folded = fold(line).strip()
        if re.match(r"^(?:thong bao|ket luan|ke hoach|nghi quyet|quyet dinh|quy che|chi thi)$",
                    folded):
            parts = []
            for nxt in lines[i + 1:i + 5]:
                if not nxt.strip() or re.match(r"^[-_=*]{3,}$", nxt.strip()) or \
                        re.match(r"^(?:can cu|ngay \d|thuc hien|theo)", fold(nxt).strip()):
                    break
                parts.append(nxt.strip())
            body = " ".join(parts)
            return (line.strip().capitalize() + (" " + body if body else ""))[:255] or None
        if kind is None and i == 0 and 10 < len(line) < 255 and len(lines) > 1 \
                and not lines[1].strip():
            return line.strip()  # a headline, on a line of its own
    return None


def read_record(text: str) -> DraftRecord:
    """The document's record, whatever of it the text shows (None for the rest)."""
    lines = text.split("\n")
    head = "\n".join(lines[:25])
    number_match = _NUMBER.search(head)
    number = number_match.group(1).rstrip(".-") if number_match else None
    kind = _kind(lines, number)
    return DraftRecord(kind=kind, number=number, issued_on=_issued_on(lines),
                       signer=_signer(lines), title=_title(lines, kind))
