"""Every string a user sees is translated, and the app really serves the compiled catalogs.

Workflow: ``make translations`` extracts the strings (babel.cfg) into
tracker/translations/messages.pot and updates the vi and en catalogs; the
Vietnamese msgstr are filled in by hand; ``make install`` compiles them.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po
from markupsafe import escape

from tests.factories import UserFactory

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "tracker" / "translations"
TEMPLATE = TRANSLATIONS / "messages.pot"
LANGUAGES = ("vi", "en")


def _po_path(language: str) -> Path:
    return TRANSLATIONS / language / "LC_MESSAGES" / "messages.po"


def _read_catalog(path: Path):
    with path.open("rb") as f:
        return read_po(f)


def _singular(msgid):
    return msgid[0] if isinstance(msgid, (tuple, list)) else msgid


@pytest.fixture(scope="module")
def extracted() -> set[tuple[str | None, str]]:
    """(context, msgid) of every string in the code, extracted as `make translations` does."""
    with (ROOT / "babel.cfg").open() as f:
        method_map, options_map = parse_mapping_cfg(f, "babel.cfg")
    return {
        (context, _singular(message))
        for _file, _line, message, _comments, context in extract_from_dir(
            str(ROOT), method_map, options_map, keywords=DEFAULT_KEYWORDS
        )
        if _singular(message)
    }


@pytest.fixture(scope="module")
def vietnamese():
    return _read_catalog(_po_path("vi"))


def _msgids(catalog) -> set[tuple[str | None, str]]:
    return {(m.context, _singular(m.id)) for m in catalog if m.id}


@pytest.mark.parametrize(
    "path", [TEMPLATE, *map(_po_path, LANGUAGES)],
    ids=lambda p: p.name if p == TEMPLATE else p.parts[-3],
)
def test_the_catalogs_hold_every_string_in_the_code(extracted, path):
    missing = sorted(msgid for _context, msgid in extracted - _msgids(_read_catalog(path)))
    assert not missing, (
        f"{len(missing)} strings are missing from {path.relative_to(ROOT)}; "
        "run `make translations`:\n"
        + "\n".join(missing[:40])
    )


def test_every_string_shown_to_users_has_a_vietnamese_translation(extracted, vietnamese):
    def translated(message) -> bool:
        if message is None:
            return False
        strings = message.string if isinstance(message.string, (tuple, list)) else [message.string]
        return all(s.strip() for s in strings)

    untranslated = sorted(
        msgid for context, msgid in extracted
        if not translated(vietnamese.get(msgid, context=context))
    )
    assert not untranslated, (
        f"{len(untranslated)} strings have no Vietnamese translation in "
        f"tracker/translations/vi/LC_MESSAGES/messages.po:\n" + "\n".join(untranslated[:40])
    )


def test_no_vietnamese_translation_is_fuzzy_or_broken(vietnamese):
    fuzzy = [_singular(m.id) for m in vietnamese if m.id and m.fuzzy]
    assert not fuzzy, "fuzzy (unreviewed) translations:\n" + "\n".join(fuzzy[:40])
    # Babel's checkers: same %(placeholders)s as the English, right number of plural forms.
    broken = [
        f"{_singular(m.id)!r}: {error}" for m, errors in vietnamese.check() for error in errors
    ]
    assert not broken, "\n".join(broken)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_catalogs_are_compiled(language):
    po, mo = _po_path(language), _po_path(language).with_suffix(".mo")
    assert mo.exists(), f"{mo.relative_to(ROOT)} is missing; run `make install`"
    assert mo.stat().st_mtime >= po.stat().st_mtime, (
        f"{mo.relative_to(ROOT)} is older than its .po; run `make install`"
    )


def test_a_visitor_sees_the_sign_in_page_in_vietnamese_by_default(client):
    html = client.get("/login").get_data(as_text=True)
    assert "<h1>Đăng nhập</h1>" in html
    assert "Sign in" not in html


def test_a_visitor_whose_browser_prefers_english_sees_english(client):
    html = client.get("/login", headers={"Accept-Language": "en-GB,en;q=0.9"}).get_data(
        as_text=True
    )
    assert "<h1>Sign in</h1>" in html


def test_a_user_who_chose_english_sees_pages_in_english(login):
    browser = login(UserFactory(language="en"))
    html = browser.get("/profile").get_data(as_text=True)
    assert "<h1>Your profile</h1>" in html


def test_a_user_who_chose_vietnamese_sees_pages_in_vietnamese(login, vietnamese):
    translation = vietnamese.get("Your profile").string
    assert translation, "'Your profile' has no Vietnamese translation"
    browser = login(UserFactory(language="vi"))
    html = browser.get("/profile", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert f"<h1>{escape(translation)}</h1>" in html
