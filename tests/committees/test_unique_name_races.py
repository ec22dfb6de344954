"""A unique name written by someone else between the service's own check and its write (two
admins saving at the same moment) is the same field error as the check's, never a 500: the
services flush the name in a savepoint and turn the database's refusal into their message."""

from __future__ import annotations

from tests.committees.test_committee_admin import _committee_form
from tests.committees.test_user_admin import _new_user_form
from tests.factories import AgencyFactory, CommitteeFactory, UserFactory
from tracker.auth import services as account_services
from tracker.committees import services as committee_services


def race_after(monkeypatch, module, check: str, write) -> list:
    """Run ``write`` once, right after ``module.check`` passed: the other request's save."""
    raced = []
    original = getattr(module, check)

    def check_then_someone_else_writes(*args, **kwargs):
        result = original(*args, **kwargs)
        if not raced:
            raced.append(write())
        return result

    monkeypatch.setattr(module, check, check_then_someone_else_writes)
    return raced


def test_an_agency_named_meanwhile_is_a_field_error_on_the_site(as_admin, monkeypatch):
    name = "Sở Văn hóa, Thể thao và Du lịch"
    raced = race_after(monkeypatch, committee_services, "_agency_fields",
                       lambda: AgencyFactory(name=name))
    response = as_admin.post("/admin/agencies/new", {"name": name, "kind": "department"})
    assert raced and response.status_code == 422
    html = response.get_data(as_text=True)
    assert 'id="name-error"' in html and "Another agency already has this name." in html


def test_an_agency_renamed_to_a_name_taken_meanwhile_is_a_field_error(as_admin, monkeypatch):
    agency = AgencyFactory(name="Sở Du lịch")
    raced = race_after(monkeypatch, committee_services, "_agency_fields",
                       lambda: AgencyFactory(name="Sở Du lịch tỉnh Lạng Sơn"))
    response = as_admin.post(f"/admin/agencies/{agency.id}/edit", {
        "name": "Sở Du lịch tỉnh Lạng Sơn", "kind": "department"})
    assert raced and response.status_code == 422
    assert "Another agency already has this name." in response.get_data(as_text=True)
    assert agency.name == "Sở Du lịch"


def test_a_committee_named_meanwhile_is_a_field_error_on_the_site(as_admin, monkeypatch):
    standing = AgencyFactory()
    form = _committee_form(standing)
    raced = race_after(monkeypatch, committee_services, "_committee_fields",
                       lambda: CommitteeFactory(name=form["name"]))
    response = as_admin.post("/admin/committees/new", form)
    assert raced and response.status_code == 422
    html = response.get_data(as_text=True)
    assert 'id="name-error"' in html and "Another committee already has this name." in html


def test_an_account_created_meanwhile_is_a_field_error_on_the_site(as_admin, monkeypatch):
    agency = AgencyFactory()
    form = _new_user_form(agency)
    raced = race_after(monkeypatch, account_services, "_check_fields",
                       lambda: UserFactory(email=form["email"]))
    response = as_admin.post("/admin/users/new", form)
    assert raced and response.status_code == 422
    html = response.get_data(as_text=True)
    assert 'id="email-error"' in html
    assert "An account with this e-mail already exists." in html
