"""Template helpers written for speed keep the markup and the language right: the options of
a select (``option_tags``) and the request's catalog (``_translations``)."""

from __future__ import annotations

from types import SimpleNamespace

from flask import render_template_string
from flask_babel import force_locale, lazy_gettext

from tracker.template_helpers import option_tags


def test_options_escape_names_and_mark_the_choice(app):
    with app.test_request_context():
        html = str(option_tags([(1, "Sở <VH> & TT"), (2, 'Ban "A"')], 2))
    assert html == ('<option value="1">Sở &lt;VH&gt; &amp; TT</option>'
                    '<option value="2" selected>Ban &#34;A&#34;</option>')


def test_options_read_records_and_mappings_as_jinja_would(app):
    records = [SimpleNamespace(id=7, name="Ban Chỉ đạo du lịch"),
               SimpleNamespace(id=8, name="Ban Chỉ đạo biên giới")]
    mappings = [{"id": 3, "label": "UBND Cao Lộc"}]
    with app.test_request_context():
        assert str(option_tags(records, 8, "id", "name")) == (
            '<option value="7">Ban Chỉ đạo du lịch</option>'
            '<option value="8" selected>Ban Chỉ đạo biên giới</option>')
        assert str(option_tags(mappings, None, "id", "label")) == (
            '<option value="3">UBND Cao Lộc</option>')
        assert str(option_tags([2025, 2026], 2026, None, None)) == (
            '<option value="2025">2025</option><option value="2026" selected>2026</option>')


def test_kept_options_are_the_same_as_written_ones(app):
    """Plain pairs are kept; asking twice, or with another choice, gives what writing
    them afresh gives."""
    choices = [(1, "Một"), (2, "Hai")]
    with app.test_request_context():
        first, again = option_tags(choices, 1), option_tags(list(choices), 1)
        other = option_tags(choices, 2)
    assert first == again == '<option value="1" selected>Một</option><option value="2">Hai</option>'
    assert other == '<option value="1">Một</option><option value="2" selected>Hai</option>'


def test_translated_names_follow_the_language(app):
    labels = {"overdue": lazy_gettext("Overdue")}
    with app.test_request_context():
        with force_locale("en"):
            english = str(option_tags(["overdue"], None, None, label_map=labels))
        with force_locale("vi"):
            vietnamese = str(option_tags(["overdue"], None, None, label_map=labels))
    assert english == '<option value="overdue">Overdue</option>'
    assert vietnamese != english and "Overdue" not in vietnamese


def test_the_request_catalog_follows_a_forced_language(app):
    """The catalog is kept for the request, per locale: a mail written in its recipient's
    language inside a request (force_locale) is written in that language."""
    template = '{{ _("Lead agency") }}'
    with app.test_request_context(headers={"Accept-Language": "vi"}):
        assert render_template_string(template) == "Cơ quan chủ trì"
        with force_locale("en"):
            assert render_template_string(template) == "Lead agency"
        assert render_template_string(template) == "Cơ quan chủ trì"
