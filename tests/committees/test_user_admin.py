"""An admin manages accounts: create, edit, reset a password, deactivate, committee roles."""

from __future__ import annotations

from tests.committees.conftest import count
from tests.factories import TEST_PASSWORD, AgencyFactory, CommitteeFactory, UserFactory, member_of
from tracker.auth.models import User
from tracker.auth.passwords import verify_password
from tracker.committees.models import CommitteeRole
from tracker.history.models import HistoryEntry
from tracker.history.services import entries_for


def _new_user_form(agency, **changes):
    data = {"name": "Nông Văn Hải", "email": "hai.nv@caobang.gov.vn",
            "password": "mật khẩu ban đầu", "agency_id": str(agency.id),
            "language": "vi"}
    data.update(changes)
    return data


def test_admin_creates_an_account_for_an_agency_member(as_admin):
    agency = AgencyFactory(name="Sở Văn hóa, Thể thao và Du lịch tỉnh Cao Bằng")
    response = as_admin.post("/admin/users/new", _new_user_form(agency))
    assert response.status_code == 302
    user = User.query.filter_by(email="hai.nv@caobang.gov.vn").one()
    assert user.agency_id == agency.id and not user.is_admin
    assert user.password_hash.startswith("$argon2id$")
    entry = entries_for("user", user.id)[0]
    assert entry.actor_id == as_admin.user.id
    assert entry.changes["agency_id"] == [None, agency.id]


def test_invalid_new_account_changes_nothing(as_admin):
    agency = AgencyFactory()
    UserFactory(email="taken@langson.gov.vn")
    cases = [
        ({"email": "TAKEN@langson.gov.vn"}, "email"),
        ({"email": "not-an-email"}, "email"),
        ({"password": "short"}, "password"),
        ({"agency_id": "999999"}, "agency_id"),
        ({"agency_id": "abc"}, "agency_id"),
        ({"language": "fr"}, "language"),
        ({"name": ""}, "name"),
    ]
    before = (count(User), count(HistoryEntry))
    for changes, field in cases:
        response = as_admin.post("/admin/users/new", _new_user_form(agency, **changes))
        assert response.status_code == 422, changes
        assert f'id="{field}-error"' in response.get_data(as_text=True), changes
    assert (count(User), count(HistoryEntry)) == before


def test_admin_edits_an_account_and_the_change_is_recorded(as_admin):
    old_agency, new_agency = AgencyFactory(), AgencyFactory()
    user = UserFactory(agency=old_agency, language="vi")
    response = as_admin.post(f"/admin/users/{user.id}", {
        "name": user.name, "email": user.email, "agency_id": str(new_agency.id),
        "language": "en",
    })
    assert response.status_code == 302
    assert user.agency_id == new_agency.id and user.language == "en"
    assert entries_for("user", user.id)[-1].changes == {
        "agency_id": [old_agency.id, new_agency.id], "language": ["vi", "en"],
    }


def test_admin_cannot_take_away_their_own_admin_rights(as_admin):
    admin = as_admin.user
    response = as_admin.post(f"/admin/users/{admin.id}", {
        "name": admin.name, "email": admin.email, "agency_id": "", "language": "en",
    })
    assert response.status_code == 422
    assert 'id="is_admin-error"' in response.get_data(as_text=True)
    assert admin.is_admin


def test_admin_resets_a_password_and_the_person_signs_in_with_it(as_admin, client, login):
    user = UserFactory()
    url = f"/admin/users/{user.id}"
    response = as_admin.post(f"{url}/password", {"new_password": "mật khẩu mới 2024"},
                             form_url=url)
    assert response.status_code == 302
    assert verify_password(user.password_hash, "mật khẩu mới 2024")
    response = as_admin.post(f"{url}/password", {"new_password": "short"}, form_url=url)
    assert response.status_code == 422
    assert 'id="new_password-error"' in response.get_data(as_text=True)
    assert verify_password(user.password_hash, "mật khẩu mới 2024")


def test_admin_deactivates_an_account_which_can_then_not_sign_in(as_admin, client):
    user = UserFactory(email="nghihuu@langson.gov.vn")
    url = f"/admin/users/{user.id}"
    page = as_admin.get(url).get_data(as_text=True)
    assert "data-confirm" in page  # deactivation asks for confirmation
    response = as_admin.post(f"{url}/deactivate", form_url=url)
    assert response.status_code == 302
    assert not user.is_active_account
    assert entries_for("user", user.id)[-1].changes == {"is_active_account": [True, False]}
    as_admin.post("/logout", form_url="/profile")
    from tests.conftest import Browser

    response = Browser(client).post("/login", {"email": user.email, "password": TEST_PASSWORD})
    assert response.status_code == 422


def test_admin_cannot_deactivate_themselves(as_admin):
    admin = as_admin.user
    url = f"/admin/users/{admin.id}"
    response = as_admin.post(f"{url}/deactivate", form_url=url)
    assert response.status_code == 422
    assert admin.is_active_account


def test_admin_reactivates_an_account(as_admin):
    user = UserFactory(is_active_account=False)
    url = f"/admin/users/{user.id}"
    assert as_admin.post(f"{url}/reactivate", form_url=url).status_code == 302
    assert user.is_active_account


def test_admin_manages_roles_from_the_users_page(as_admin):
    tourism = CommitteeFactory(name="Ban Chỉ đạo Phát triển du lịch tỉnh Lạng Sơn")
    user = UserFactory()
    url = f"/admin/users/{user.id}"
    response = as_admin.post(f"{url}/roles", {"committee_id": str(tourism.id), "role": "member"},
                             form_url=url)
    assert response.status_code == 302
    assert user.role_in(tourism.id) == "member"
    html = as_admin.get(url).get_data(as_text=True)
    assert tourism.name in html and "data-confirm" in html
    response = as_admin.post(f"{url}/roles/{tourism.id}/remove", form_url=url)
    assert response.status_code == 302
    assert user.role_in(tourism.id) is None


def test_adding_a_role_in_a_committee_that_does_not_exist_changes_nothing(as_admin):
    user = UserFactory()
    url = f"/admin/users/{user.id}"
    before = (count(CommitteeRole), count(HistoryEntry))
    for committee_id in ("999999", "abc", ""):
        response = as_admin.post(f"{url}/roles", {"committee_id": committee_id, "role": "member"},
                                 form_url=url)
        assert response.status_code == 422
        assert 'id="committee_id-error"' in response.get_data(as_text=True)
    assert (count(CommitteeRole), count(HistoryEntry)) == before


def test_user_list_filters_by_agency_and_sorts(as_admin):
    tourism, police = AgencyFactory(name="Sở VHTTDL Lạng Sơn"), AgencyFactory(name="Công an")
    UserFactory(name="Bế Văn An", agency=tourism)
    UserFactory(name="Vi Thị Yến", agency=tourism)
    UserFactory(name="Lương Văn Cường", agency=police)
    html = as_admin.get(f"/admin/users?agency={tourism.id}&sort=-name").get_data(as_text=True)
    assert "Lương Văn Cường" not in html
    assert html.index("Vi Thị Yến") < html.index("Bế Văn An")
    for query in ("?agency=abc", "?agency=99999999999999999999", "?page=zz", "?sort=x"):
        assert as_admin.get("/admin/users" + query).status_code == 200


def test_unknown_user_pages_are_404(as_admin):
    assert as_admin.get("/admin/users/555555").status_code == 404
    assert as_admin.post("/admin/users/555555/deactivate",
                         form_url="/admin/users").status_code == 404


def test_non_admins_get_403_on_user_screens_and_nothing_changes(login):
    committee = CommitteeFactory()
    chair = member_of(committee, "chair")
    victim = UserFactory()
    browser = login(chair)
    for url in ("/admin/users", "/admin/users/new", f"/admin/users/{victim.id}"):
        assert browser.get(url).status_code == 403
    response = browser.post(f"/admin/users/{victim.id}/deactivate", form_url="/profile")
    assert response.status_code == 403
    assert victim.is_active_account
