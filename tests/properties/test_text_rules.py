"""The pure rules under the forms and services: stored text and uploaded file names."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from tests.properties.strategies import texts
from tracker.domain import clean_text
from tracker.tasks import uploads


@given(texts(surrogates=True))
def test_clean_text_is_storable_nfc_trimmed_and_idempotent(text):
    cleaned = clean_text(text)
    cleaned.encode("utf-8")  # no lone surrogate
    assert "\x00" not in cleaned
    # C0 controls but tab and line breaks, and DEL, are gone (C1 controls are valid XML).
    assert not any((ch < " " and ch not in "\t\n\r") or ch == "\x7f" for ch in cleaned)
    assert cleaned == unicodedata.normalize("NFC", cleaned) == cleaned.strip()
    assert clean_text(cleaned) == cleaned


def test_clean_text_keeps_vietnamese_and_line_breaks():
    text = "Báo cáo\r\nquý I:\tđạt 80%"
    assert clean_text(unicodedata.normalize("NFD", f"  {text}\x00 ")) == text


NAME_PARTS = st.one_of(
    st.text(st.characters(codec="utf-8"), max_size=40),
    st.sampled_from(["..", "/", "\\", ".", " ", "\x00", "\u202e", "CON", "nul", "COM1", "lpt¹",
                     "Biên bản", unicodedata.normalize("NFD", "Biên bản"), "ệ" * 150, ".pdf",
                     ".PNG", ".docx", "😀"]),
)


@given(st.lists(NAME_PARTS, max_size=8).map("".join))
def test_a_safe_filename_is_a_plain_short_portable_name(name):
    safe = uploads.safe_filename(name)
    assert safe and safe == safe.strip(" .")
    assert len(safe.encode("utf-8")) <= uploads.MAX_FILENAME_BYTES
    assert not any(ch in safe for ch in '/\\:*?"<>|')
    assert all(ch.isalnum() or ch in " ._-()" for ch in safe)
    assert safe == unicodedata.normalize("NFC", safe)
    assert safe.split(".", 1)[0].rstrip().upper() not in uploads._WINDOWS_RESERVED
    assert uploads.safe_filename(safe) == safe


@given(st.text(st.characters(codec="utf-8"), min_size=1, max_size=300),
       st.sampled_from(["pdf", "docx", "png", "xlsx"]))
def test_a_safe_filename_keeps_an_allowed_extension(stem, extension):
    assert uploads.safe_filename(f"{stem}.{extension}").endswith(f".{extension}")
