"""The README's workflow section is generated from the table the code enforces."""

from __future__ import annotations

from pathlib import Path

import pytest

from tracker.tasks import workflow_doc

README = Path(__file__).resolve().parent.parent / "README.md"


@pytest.fixture(autouse=True)
def db_session():
    """Reads files only: no app, no database (replaces conftest's fixture)."""
    yield


def test_the_readme_shows_the_workflow_table_of_the_code():
    text = README.read_text(encoding="utf-8")
    assert workflow_doc.START in text and workflow_doc.END in text, (
        f"README.md needs a {workflow_doc.START} … {workflow_doc.END} section; "
        f"fill it with: {workflow_doc.REGENERATE}")
    assert workflow_doc.replace_section(text) == text, (
        f"README.md's workflow section is out of date; regenerate it: {workflow_doc.REGENERATE}")


def test_every_verb_has_a_row():
    table = workflow_doc.markdown_table()
    for name in workflow_doc.VERBS:
        assert f"| `{name}`" in table
    assert table.count("\n") == len(workflow_doc.VERBS) + 1  # header, rule, one row per verb


def test_the_section_is_replaced_in_place():
    text = f"intro\n{workflow_doc.START}\nold\n{workflow_doc.END}\noutro\n"
    replaced = workflow_doc.replace_section(text)
    assert replaced == f"intro\n{workflow_doc.section()}\noutro\n"
    assert workflow_doc.replace_section(replaced) == replaced
