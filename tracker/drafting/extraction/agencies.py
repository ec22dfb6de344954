"""Matching the agencies a text names to the committee's agencies.

A name matches when the written words spell the agency's full name, its short name, or
either with any run of words replaced by their initials: ``UBND`` = ``Ủy ban nhân dân``,
``Sở VHTTDL`` = ``Sở Văn hóa, Thể thao và Du lịch``, ``BCH BĐBP`` = ``Bộ Chỉ huy Bộ đội Biên
phòng``, ``CA tỉnh`` = ``Công an tỉnh`` (built from the names, not from a table), case- and
diacritic-insensitive. A trailing ``tỉnh …`` may be left out on either side.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache

from .model import AgencyCandidate, AgencyRef
from .tokens import Token, name_words, tokens


@dataclass(frozen=True)
class Match:
    agency: AgencyRef
    end: int  # the index after the last token used


@lru_cache(maxsize=4096)
def _initials(words: tuple[str, ...]) -> str:
    return "".join(w[0] for w in words)


def _initials_match(token: Token, words: tuple[str, ...], at: int) -> int:
    """How many words of ``words`` from ``at`` the capitalised ``token`` stands for (0: none):
    one word per letter, "UBND" for "Ủy ban nhân dân"."""
    if not token.upper:
        return 0
    letters = token.folded
    return len(letters) if _initials(words)[at:at + len(letters)] == letters else 0


def _spell(toks: Sequence[Token], i: int, words: tuple[str, ...]) -> int | None:
    """The index after the tokens from ``i`` that spell ``words`` (None if they do not)."""
    memo: dict[tuple[int, int], int | None] = {}

    def go(ti: int, wi: int) -> int | None:
        if (ti, wi) in memo:
            return memo[ti, wi]
        if wi == len(words):
            return ti
        if wi > 0 and words[wi] == "tinh" and (ti >= len(toks) or toks[ti].folded != "tinh"):
            return ti  # "Công an tỉnh Lạng Sơn" written "Công an"
        if ti >= len(toks):
            return None
        tok = toks[ti]
        best = None
        if tok.folded == words[wi] and (found := go(ti + 1, wi + 1)) is not None:
            best = found
        if (count := _initials_match(tok, words, wi)) and (found := go(ti + 1, wi + count)) \
                is not None and (best is None or found > best):
            best = found
        memo[ti, wi] = best
        return best

    return go(i, 0)


class AgencyIndex:
    """The committee's agencies, ready to be found in a text."""

    def __init__(self, agencies: Sequence[AgencyRef]):
        self.agencies = tuple(agencies)
        # The names by their first word, and by its initial (for "UBND …", "Sở VHTTDL").
        self._by_word: dict[str, list[tuple[AgencyRef, tuple[str, ...]]]] = {}
        self._by_initial: dict[str, list[tuple[AgencyRef, tuple[str, ...]]]] = {}
        for agency in self.agencies:
            for name in (agency.name, agency.short_name):
                if name and (words := name_words(name)):
                    self._by_word.setdefault(words[0], []).append((agency, words))
                    self._by_initial.setdefault(words[0][0], []).append((agency, words))

    def match_at(self, toks: Sequence[Token], i: int) -> Match | None:
        """The longest agency name spelled by the tokens from ``i``."""
        best: Match | None = None
        token = toks[i]
        keys = (self._by_initial.get(token.folded[0], []) if token.upper
                else self._by_word.get(token.folded, []))
        for agency, words in keys:
            end = _spell(toks, i, words)
            if end is not None and (best is None or end > best.end):
                best = Match(agency, end)
        if best is not None:
            # "UBND tỉnh" after the name: the place, not another agency.
            while best.end < len(toks) and toks[best.end].folded in ("tinh",):
                best = Match(best.agency, best.end + 1)
        return best

    def find(self, text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int,
                                                                                 AgencyRef]]:
        """Every agency named in ``text[start:end]``: (start, end, agency), in order."""
        toks = tokens(text, start, end)
        found = []
        i = 0
        while i < len(toks):
            if (m := self.match_at(toks, i)) is not None:
                found.append((toks[i].start, toks[m.end - 1].end, m.agency))
                i = m.end
            else:
                i += 1
        return found

    def exact(self, text: str) -> AgencyRef | None:
        """The agency ``text`` names as a whole (nothing left over), else None."""
        toks = tokens(text)
        if not toks:
            return None
        m = self.match_at(toks, 0)
        return m.agency if m is not None and m.end == len(toks) else None

    def of_kinds(self, kinds: Sequence[str] | None) -> tuple[int, ...]:
        return tuple(a.id for a in self.agencies if kinds is None or a.kind in kinds)

    def candidates(self, text: str, limit: int = 3) -> tuple[AgencyCandidate, ...]:
        """The agencies whose names are closest to ``text`` (for a name that matched none)."""
        written = " ".join(name_words(text))
        scored = []
        for agency in self.agencies:
            score = max(SequenceMatcher(None, written, " ".join(name_words(n))).ratio()
                        for n in (agency.name, agency.short_name) if n)
            scored.append((round(score, 3), agency))
        scored.sort(key=lambda pair: (-pair[0], pair[1].name))
        return tuple(AgencyCandidate(a.id, a.name, s) for s, a in scored[:limit] if s > 0.3)
