"""Folding and normalising text so that rules match whatever the typist's keyboard did.

The engine works on two strings of the same length: the text as written (NFC, whitespace
tidied) and its folded twin (lower case, no diacritics, đ → d, one character for one), so a
pattern found in the folded text slices the written words back out at the same offsets.
Folding agrees with ``tracker.text.fold`` (the search's), without importing the database layer.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u3000]+")
_DASHES = str.maketrans({"\u2013": "-", "\u2014": "-", "\u2012": "-", "\u2212": "-",
                         "\u2022": "-", "\u25cf": "-", "\uf0b7": "-", "\u00b7": "-",
                         "\u201c": '"', "\u201d": '"', "\u2018": "'", "\u2019": "'",
                         "\u2026": "…"})


# Character classes of Vietnamese capitals and small letters for the rules' patterns (a
# range such as "À-Ỹ" holds small letters too: "đ" is U+0111).
UPPER = "A-Z" + "".join(chr(c) for c in range(0xC0, 0x1EFA) if chr(c).isupper())
LOWER = "a-z" + "".join(chr(c) for c in range(0xC0, 0x1EFA) if chr(c).islower())


@lru_cache(maxsize=8192)
def fold_char(char: str) -> str:
    """One character folded to one character (so offsets survive)."""
    if char in "đĐ":
        return "d"
    base = "".join(c for c in unicodedata.normalize("NFD", char) if not unicodedata.combining(c))
    lowered = base.lower()
    return lowered if len(lowered) == 1 else char


def fold(text: str | None) -> str:
    """Lower case without diacritics, character for character: ``len(fold(t)) == len(t)``
    for NFC text."""
    return "".join(fold_char(c) for c in (text or ""))


def normalise(text: str) -> str:
    """NFC, one kind of dash and quote, runs of spaces made one, trailing spaces cut, line
    ends unified, and at most one blank line in a row."""
    text = unicodedata.normalize("NFC", text or "").replace("\r\n", "\n").replace("\r", "\n")
    text = text.translate(_DASHES)
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip()


def words(text: str) -> list[str]:
    """The folded words of ``text`` (letters and digits), e.g. for initials."""
    return re.findall(r"[a-z0-9&]+", fold(text))


_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8, "ix": 9,
          "x": 10, "xi": 11, "xii": 12}


def roman(numeral: str) -> int | None:
    """I … XII as a number (quarters, clause headings), else None."""
    return _ROMAN.get(numeral.lower())
