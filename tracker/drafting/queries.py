"""Read-side helpers of the drafts: the agencies a committee's text may name."""

from __future__ import annotations

from tracker.drafting.extraction import AgencyRef


def agency_refs(committee) -> list[AgencyRef]:
    """The committee's member agencies (those not merged into another), by name."""
    return [AgencyRef(id=agency.id, name=agency.name, short_name=agency.short_name,
                      kind=agency.kind)
            for agency in sorted(committee.member_agencies, key=lambda a: a.name)
            if agency.merged_into_id is None]
