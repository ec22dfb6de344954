"""The task lists' filter options and the committees' zones, kept per process under a
token the writers renew (``committees.choices``).

A second asking in the same transaction runs no statement, and a later transaction one (the
token); every write of what the options show (an agency renamed, a member seated, a role
given, a resolution recorded) is seen at once; so is a change another web worker
committed (the token and the rows changed behind this process's back); a change rolled
back with its savepoint is not shown, even when the question's own statement flushed it;
users of the same committees share the answers. The committees' zones (which decide each
committee's "today") follow the same rules.
"""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa
from sqlalchemy import update

from tests.factories import AgencyFactory, CommitteeFactory, ResolutionFactory, member_of
from tracker.committees import services as committees
from tracker.committees.choices import CHOICES_INFO_KEY
from tracker.committees.models import Agency, ChoicesVersion
from tracker.domain import DomainError
from tracker.extensions import db
from tracker.resolutions import services as resolutions
from tracker.tasks import list_options
from tracker.tasks.categories import committee_zones, local_dates
from tracker.unit_of_work import attempt


@pytest.fixture
def statements():
    seen: list[str] = []

    def count(_conn, _cursor, statement, *_args):
        seen.append(statement)

    sa.event.listen(db.engine, "before_cursor_execute", count)
    yield seen
    sa.event.remove(db.engine, "before_cursor_execute", count)


@pytest.fixture
def world():
    committee = CommitteeFactory(name="Ban Chỉ đạo phát triển du lịch")
    tourism = AgencyFactory(name="Sở Du lịch", short_name="SDL")
    police = AgencyFactory(name="Công an tỉnh", short_name="CAT")
    committee.member_agencies = [committee.standing_agency, tourism, police]
    ResolutionFactory(committee=committee, number="12/TB-BCĐ")
    member = member_of(committee, "member", tourism)
    db.session.flush()
    return type("World", (), dict(committee=committee, tourism=tourism, police=police,
                                  member=member))


def names(user, committee_id=None) -> set[str]:
    return {label for _, label in list_options.agency_choices(user, committee_id)}


def end_transaction() -> None:
    """As the next request would begin: a new transaction reads the token again."""
    with db.session.begin_nested():
        pass
    db.session.info.pop(CHOICES_INFO_KEY, None)


def test_asked_again_the_options_cost_one_statement_then_none(world, statements):
    user = world.member
    first = (list_options.committee_choices(user), names(user),
             list_options.resolution_choices(user, world.committee.id))
    end_transaction()
    statements.clear()
    again = (list_options.committee_choices(user), names(user),
             list_options.resolution_choices(user, world.committee.id))
    assert again == first
    assert len(statements) == 1 and "choices_version" in statements[0]
    statements.clear()
    list_options.committee_choices(user)
    assert statements == []  # the token is read once per transaction


def test_every_write_of_what_they_show_is_seen_at_once(world):
    user = world.member
    assert names(user) == {"SDL", "CAT", world.committee.standing_agency.short_name}

    committees.update_agency(world.tourism, name="Sở Văn hóa và Du lịch", short_name="SVHDL",
                             kind="department", email=None)
    assert "SVHDL" in names(user) and "SDL" not in names(user)

    finance = AgencyFactory(name="Sở Tài chính", short_name="STC")
    committees.add_member_agency(world.committee, finance)
    assert "STC" in names(user)

    resolutions.create_resolution(world.committee, actor=user, kind="conclusion",
                                  number="15/TB-BCĐ", issued_on=date(2025, 3, 1),
                                  title="Kết luận phiên họp quý I")
    assert "15/TB-BCĐ" in {n for _, n in list_options.resolution_choices(user)}

    other = CommitteeFactory(name="Ban Chỉ đạo chuyển đổi số")
    assert "Ban Chỉ đạo chuyển đổi số" not in dict(list_options.committee_choices(user)).values()
    committees.set_committee_role(other, user, "viewer")
    db.session.refresh(user)
    assert "Ban Chỉ đạo chuyển đổi số" in dict(list_options.committee_choices(user)).values()


def test_a_change_committed_by_another_worker_is_seen(world):
    user = world.member
    assert "CAT" in names(user)
    end_transaction()
    # Another process renamed the agency and renewed the token: nothing here was told.
    db.session.execute(update(Agency.__table__).where(Agency.id == world.police.id)
                       .values(short_name="CA tỉnh"))
    db.session.execute(update(ChoicesVersion.__table__).values(token="from-another-worker"))
    end_transaction()
    assert "CA tỉnh" in names(user) and "CAT" not in names(user)


def test_a_change_rolled_back_is_not_shown(world):
    user = world.member
    assert "CAT" in names(user)
    with attempt() as saved:
        committees.update_agency(world.police, name="Công an tỉnh Lạng Sơn", short_name="CALS",
                                 kind="security", email=None)
        assert "CALS" in names(user)  # inside the transaction that renamed it
        raise DomainError("name", "refused")
    assert not saved
    assert "CAT" in names(user) and "CALS" not in names(user)


def test_users_of_the_same_committees_share_the_answers(world, statements):
    colleague = member_of(world.committee, "member", world.police)
    db.session.flush()
    names(world.member)
    assert colleague.committee_roles  # loaded with the user, as every list page does
    statements.clear()
    assert names(colleague) == names(world.member)
    assert statements == []


def test_a_change_not_yet_flushed_is_seen_and_not_kept_past_its_rollback(world):
    """The token was read before the rename: asking again flushes the rename (as a statement
    would) and renews the token, so the kept answer is not given; the answer with the rename
    is kept under the new token, which the rollback makes worthless."""
    user = world.member
    with attempt() as saved:
        assert "CAT" in names(user)  # the token is now read in this transaction
        world.police.short_name = "CALS"  # pending: nothing flushed it yet
        assert "CALS" in names(user) and "CAT" not in names(user)
        raise DomainError("name", "refused")
    assert not saved
    assert "CAT" in names(user) and "CALS" not in names(user)


# --- The committees' zones ---------------------------------------------------------------


def test_the_zones_are_read_once_per_change_of_the_committees(world, statements):
    first = committee_zones()
    assert world.committee.timezone in first
    end_transaction()
    statements.clear()
    assert committee_zones() == first
    assert len(statements) == 1 and "choices_version" in statements[0]  # the token only


def test_a_committee_moved_to_another_zone_is_seen_at_once(world):
    committee = world.committee
    assert committee_zones() == ("Asia/Ho_Chi_Minh",)
    committees.update_committee(
        committee, name=committee.name, parent_body=committee.parent_body,
        timezone="Europe/London", standing_agency_id=committee.standing_agency_id,
        due_soon_days=committee.due_soon_days,
        member_agency_ids=[a.id for a in committee.member_agencies])
    assert committee_zones() == ("Europe/London",)
    assert local_dates().by_zone == ()  # one zone: every committee's today is London's


def test_a_zone_changed_by_another_worker_is_seen(world):
    assert committee_zones() == ("Asia/Ho_Chi_Minh",)
    end_transaction()
    db.session.execute(update(world.committee.__table__).values(timezone="Asia/Tokyo"))
    db.session.execute(update(ChoicesVersion.__table__).values(token="from-another-worker"))
    end_transaction()
    assert committee_zones() == ("Asia/Tokyo",)


def test_a_zone_not_yet_flushed_is_seen_and_not_kept_past_its_rollback(world):
    with attempt() as saved:
        assert committee_zones() == ("Asia/Ho_Chi_Minh",)  # the token is read
        world.committee.timezone = "Europe/London"  # pending: nothing flushed it yet
        assert committee_zones() == ("Europe/London",)
        raise DomainError("timezone", "refused")
    assert not saved
    assert committee_zones() == ("Asia/Ho_Chi_Minh",)


def test_without_a_token_the_zones_are_read_every_time(world, statements):
    """Before any write through the services made the token's row, a change could not be
    told: nothing is kept."""
    db.session.execute(sa.delete(ChoicesVersion))
    end_transaction()
    committee_zones()
    end_transaction()
    statements.clear()
    assert committee_zones() == ("Asia/Ho_Chi_Minh",)
    assert any("committee.timezone" in statement for statement in statements), statements
