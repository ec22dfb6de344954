"""Words of a text with their offsets, folded, and whether they were written as an
abbreviation (``UBND``, ``VHTTDL``, ``KH&ĐT`` → ``KH``, ``ĐT``)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .folding import fold

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
# Words that join the parts of a name but carry no initial: "Kế hoạch và Đầu tư" → KHĐT.
JOINERS = frozenset({"va", "&"})
# A Vietnamese syllable, folded: onset, vowels, final. What is not one ("ubnd", "tnmt") is an
# abbreviation even when typed in lower case.
_SYLLABLE = re.compile(r"^(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnpqrstvx])?[aeiouy]{1,3}"
                       r"(?:ng|nh|ch|[cmnpt])?$")


@dataclass(frozen=True)
class Token:
    start: int
    end: int
    folded: str
    upper: bool  # written in capitals (two letters or more): may stand for initials


def tokens(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    """The words of ``text[start:end]`` (offsets into ``text``), joiners left out."""
    out = []
    for m in _WORD.finditer(text, start, len(text) if end is None else end):
        word = m.group()
        folded = fold(word)
        if folded in JOINERS:
            continue
        letters = [c for c in word if c.isalpha()]
        upper = len(letters) >= 2 and (all(c.isupper() for c in letters)
                                       or not _SYLLABLE.match(folded))
        out.append(Token(m.start(), m.end(), folded, upper))
    return out


def name_words(name: str) -> tuple[str, ...]:
    """A name's folded words without joiners: the key it is matched on."""
    return tuple(t.folded for t in tokens(name))
