"""Input a real user, a pasted document or a hostile client may send."""

from __future__ import annotations

import unicodedata
from datetime import date

from hypothesis import strategies as st

PHRASES = [
    "Ban Chỉ đạo phát triển du lịch tỉnh Lạng Sơn",
    "Sở Văn hóa, Thể thao và Du lịch chủ trì, phối hợp Công an tỉnh",
    "Nghị quyết số 15/NQ-BCĐ ngày 29/02/2024",
    "Đồng Đăng – Hữu Nghị: ưu tiên hạ tầng cửa khẩu",
    "Thông báo kết luận 12/TB-BCĐ",
]
# Characters that have broken text handling somewhere: NUL and other controls, combining
# marks, zero-width and direction marks, right-to-left letters, emoji sequences, the BOM,
# line and paragraph separators, HTML and SQL LIKE metacharacters.
ODD = [
    "\x00", "\x01", "\x08", "\x0b", "\x1f", "\x7f", "\t", "\n", "\r\n", "\u0085",
    "\u0300", "\u0301", "\u0303", "\u0309", "\u0323", "\u200b", "\u200c", "\u200d", "\u200e",
    "\u202e", "\u2066", "\u2028", "\u2029", "\ufeff", "\ufffd", "\u00a0", "\u3000",
    "\u05e9\u05dc\u05d5\u05dd", "\u0645\u0631\u062d\u0628\u0627", "\U0001f600",
    "\U0001f468\u200d\U0001f469\u200d\U0001f467", "\U0001f1fb\U0001f1f3", "\U00010348",
    "<script>", "</textarea>", "&amp;", "'", '"', "%", "_", "\\", "{{ 7*7 }}",
]
LONG = [10_000, 999, 1000, 1001, 4999, 5000, 5001, 19_999, 20_000, 20_001]


def _nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def texts(*, surrogates: bool = False) -> st.SearchStrategy[str]:
    """Short odd text, Vietnamese in NFC or NFD, mixtures, and long runs near the limits."""
    pieces = st.one_of(st.sampled_from(ODD), st.sampled_from(PHRASES),
                       st.sampled_from(PHRASES).map(_nfd))
    if surrogates:
        pieces = st.one_of(pieces, st.sampled_from(["\ud800", "\udfff", "a\udc80b"]))
    alphabet = st.characters(codec="utf-8") if not surrogates else st.characters()
    return st.one_of(
        st.text(alphabet, max_size=60),
        st.sampled_from(PHRASES),
        st.sampled_from(PHRASES).map(_nfd),
        st.lists(pieces, min_size=1, max_size=12).map("".join),
        st.tuples(st.sampled_from(["ệ", "a", "\u0065\u0323\u0302", " ", "😀"]),
                  st.sampled_from(LONG)).map(lambda pair: pair[0] * pair[1]),
    )


def dates() -> st.SearchStrategy[date]:
    """Any date Python has, with the edges and leap days drawn often."""
    return st.one_of(
        st.dates(),
        st.sampled_from([date.min, date.max, date(1900, 1, 1), date(1970, 1, 1),
                         date(2024, 2, 29), date(2000, 2, 29), date(2100, 12, 31)]),
    )


def date_strings() -> st.SearchStrategy[str]:
    """What a date box may post: ISO dates and everything else."""
    return st.one_of(
        dates().map(date.isoformat),
        st.sampled_from(["", " ", "2025-02-29", "2023-02-29", "2024-02-30", "0000-01-01",
                         "10000-01-01", "2025-13-01", "2025-00-10", "29/02/2024",
                         "2024-2-29", "2024-02-29T00:00", "２０２４-０２-２９", "-2024-01-01",
                         "2024-02-29\x00", "９９９９-12-31", "NaN", "9" * 500]),
        st.text(st.characters(codec="utf-8"), max_size=20),
    )


def number_strings() -> st.SearchStrategy[str]:
    """What a number box may post."""
    return st.one_of(
        st.integers(-5, 105).map(str),
        st.sampled_from(["", " ", "-0", "+50", " 42 ", "4_2", "1e2", "50.0", "50.5", "0x10",
                         "١٠٠", "５０", "NaN", "inf", "-inf", "9" * 5000, str(2**63),
                         str(-(2**63)), "100\x00", "½", "²"]),
        st.integers().map(str),
        st.floats(allow_nan=True, allow_infinity=True).map(repr),
        st.text(st.characters(codec="utf-8"), max_size=10),
    )


def numbers() -> st.SearchStrategy:
    """What a service may be handed for a number (the API's JSON, an import's cell)."""
    return st.one_of(
        st.integers(-5, 105),
        st.integers(),
        st.floats(allow_nan=True, allow_infinity=True),
        st.booleans(),
        st.none(),
        number_strings(),
    )
