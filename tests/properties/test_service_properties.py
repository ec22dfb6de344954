"""The services, called directly (as the API and the import do), with any dates, numbers and
text: a DomainError on the field at fault and nothing written, or the value stored exactly
as our text rule makes it — never a database error."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select

from tests.properties import oracles
from tests.properties.strategies import dates, numbers, texts
from tests.tasks.scenes import lang_son_scene
from tracker.domain import DomainError
from tracker.extensions import db
from tracker.resolutions import services as resolution_services
from tracker.resolutions.models import Resolution
from tracker.tasks import services
from tracker.tasks.models import Priority


@pytest.fixture
def scene():
    return lang_son_scene()


@given(text=texts(surrogates=True), progress=numbers())
def test_a_progress_report_is_stored_clean_or_refused(scene, text, progress):
    before = oracles.counts()
    expected_percent = oracles.percent(progress)
    valid = oracles.fits(text, 20000, required=True) and expected_percent is not None
    try:
        report = services.report_progress(scene.task, actor=scene.lead_member, text=text,
                                          progress=progress)
    except DomainError as error:
        assert not valid, error.message
        assert error.field in {"text", "progress"}
        assert oracles.counts() == before
        return
    assert valid
    db.session.expire_all()  # read back what the database holds
    assert report.text == oracles.stored(text)
    assert report.progress == expected_percent == scene.task.progress


@given(title=texts(surrogates=True), description=texts(surrogates=True),
       expected_output=texts(), deadline=st.one_of(st.none(), dates()),
       priority=st.sampled_from([*Priority, "urgent", ""]))
def test_a_task_is_stored_clean_or_refused(scene, title, description, expected_output,
                                           deadline, priority):
    before = oracles.counts()
    valid = (oracles.name_fits(title, 1000, required=True)
             and oracles.fits(description, 20000, required=False)
             and oracles.fits(expected_output, 1000, required=False)
             and priority in set(Priority) and oracles.in_range(deadline))
    spec = services.TaskSpec(title=title, lead_agency_id=scene.lead.id, deadline=deadline,
                             description=description, expected_output=expected_output,
                             coordinating_agency_ids=[scene.coordinating.id], priority=priority)
    try:
        task = services.assign_task(scene.resolution, spec, actor=scene.secretary)
    except DomainError as error:
        assert not valid, error.message
        assert error.field in {"title", "description", "expected_output", "priority",
                               "deadline"}
        assert oracles.counts() == before
        return
    assert valid
    db.session.expire_all()
    assert task.title == oracles.stored(title)
    assert task.description == (oracles.stored(description) or None)
    assert task.expected_output == (oracles.stored(expected_output) or None)
    assert task.deadline == deadline == task.original_deadline


@given(number=texts(surrogates=True), title=texts(), signer=texts(), text=texts(),
       issued_on=dates())
def test_a_resolution_is_stored_clean_or_refused(scene, number, title, signer, text,
                                                 issued_on):
    before = oracles.counts()
    clash = oracles.stored(number) in set(db.session.scalars(
        select(Resolution.number).where(Resolution.committee_id == scene.committee.id)))
    valid = (oracles.name_fits(number, 60, required=True)
             and oracles.name_fits(title, 1000, required=True)
             and oracles.name_fits(signer, 255, required=False)
             and oracles.fits(text, 200000, required=False) and not clash
             and oracles.in_range(issued_on))
    try:
        resolution = resolution_services.create_resolution(
            scene.committee, actor=scene.secretary, kind="conclusion", number=number,
            issued_on=issued_on, title=title, signer=signer, text=text)
    except DomainError as error:
        assert not valid, error.message
        assert error.field in {"number", "title", "signer", "text", "issued_on"}
        assert oracles.counts() == before
        return
    assert valid
    db.session.expire_all()
    assert resolution.number == oracles.stored(number)
    assert resolution.title == oracles.stored(title)
    assert resolution.signer == (oracles.stored(signer) or None)
    assert resolution.text == (oracles.stored(text) or None)
    assert resolution.issued_on == issued_on


def test_a_number_typed_decomposed_is_the_same_document_number(scene):
    """NFC is the rule so the unique number cannot be doubled by a Mac's decomposed 'Đ'."""
    import unicodedata

    with pytest.raises(DomainError) as error:
        resolution_services.create_resolution(
            scene.committee, actor=scene.secretary, kind="conclusion",
            number=unicodedata.normalize("NFD", scene.resolution.number),
            issued_on=date(2024, 2, 29), title="Thông báo kết luận")
    assert error.value.field == "number"
