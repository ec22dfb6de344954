"""The task lists' filter options, cached per process under a token the writers renew.

A second asking in the same transaction runs no statement, and a later transaction one (the
token); every write of what the options show (an agency renamed, a member seated, a role
given, a resolution recorded) is seen at once; so is a change another web worker
committed (the token and the rows changed behind this process's back); a change rolled
back with its savepoint is not shown; users of the same committees share the answers.
"""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa
from sqlalchemy import update

from tests.factories import AgencyFactory, CommitteeFactory, ResolutionFactory, member_of
from tracker.committees import services as committees
from tracker.committees.models import Agency, ChoicesVersion
from tracker.domain import DomainError
from tracker.extensions import db
from tracker.resolutions import services as resolutions
from tracker.tasks import list_options
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
    db.session.info.pop(list_options.CHOICES_INFO_KEY, None)


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
