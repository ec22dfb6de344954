"""The body of a document as lines of whole sentences.

Text copied from a PDF or a web page is often hard-wrapped (a sentence broken over lines,
the header's two columns interleaved). ``unwrap`` joins a line to the one before it unless
that one ends a sentence, either is a heading in capitals or a separator, or the line opens
a numbered clause. ``body`` drops the header (the two columns, number, date, kind and title)
and everything from the recipients ("Nơi nhận") or the signature block on.
"""

from __future__ import annotations

import re

from .folding import UPPER, fold

_SEPARATOR = re.compile(r"^[-_=*|.\s]+$")
_ENDS_SENTENCE = re.compile(r"[.;:!?…]['\")]*$")
# A clause marker followed by a capital (a wrapped "- 2020" or "1. 000 ha" is no clause).
_OPENS_CLAUSE = re.compile(r"^(?:(?:[IVX]{1,4}|\d{1,2}(?:\.\d{1,2})*|[a-zđ])[.)]|[-+*]|"
                           r"\((?:\d{1,2}|[a-zđ])\)|Điều\s+\d+\.?|Phần\s+[IVX\d]+)\s*"
                           r"[\"“(]?[" + UPPER + "]"
                           # A sentence that assigns starts afresh, even after no full stop.
                           r"|^(?:Giao|Đề nghị|Yêu cầu|Đồng ý|Thống nhất)\s")
_KIND_LINE = re.compile(r"^(?:thong bao|ket luan|ke hoach|quyet dinh|chi thi|nghi quyet|"
                        r"cong van|quy che|cong dien|chuong trinh|bao cao)\b")
_END = re.compile(r"^(?:noi nhan\b|kt\.\s|tm\.\s|tl\.\s|q\.\s)")


def is_caps(line: str) -> bool:
    """A heading written in capitals ("KẾ HOẠCH", "I. MỤC TIÊU")."""
    letters = [c for c in line if c.isalpha()]
    return len(letters) >= 2 and not any(c.islower() for c in letters)


def _joins(previous: str, line: str) -> bool:
    if _ENDS_SENTENCE.search(previous) or _SEPARATOR.match(previous) or _SEPARATOR.match(line):
        return False
    return not (is_caps(previous) or is_caps(line) or _OPENS_CLAUSE.match(line))


def unwrap(lines: list[str]) -> list[str]:
    """Hard-wrapped lines joined back into sentences; blank lines kept as breaks."""
    out: list[str] = []
    for line in lines:
        line = line.strip()
        if line and out and out[-1] and _joins(out[-1], line):
            out[-1] += " " + line
        else:
            out.append(line)
    return out


def _header_end(lines: list[str]) -> int:
    """The index of the first line after the header and title, 0 when there is none."""
    for i, line in enumerate(lines[:40]):
        if is_caps(line) and _KIND_LINE.match(fold(line)):
            end = i + 1
            while end < len(lines) and (not lines[end] or is_caps(lines[end])
                                        or _SEPARATOR.match(lines[end])):
                end += 1
            return end
    return 0


def body(text: str) -> list[str]:
    """The document's body: unwrapped lines between the header and the recipients."""
    lines = text.split("\n")
    lines = lines[_header_end(lines):]
    for i, line in enumerate(lines):
        if _END.match(fold(line).strip()):
            lines = lines[:i]
            break
    return unwrap(lines)
