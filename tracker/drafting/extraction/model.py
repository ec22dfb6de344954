"""The values the extraction proposes: plain frozen dataclasses, nothing saved."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class AgencyRef:
    """One agency the text may name (built from the committee's member agencies)."""

    id: int
    name: str  # "Sở Văn hóa, Thể thao và Du lịch"
    short_name: str | None  # "Sở VHTTDL"
    kind: str  # tracker.committees.models.AgencyKind value


@dataclass(frozen=True)
class AgencyCandidate:
    agency_id: int
    name: str
    score: float  # 0..1, higher is closer


@dataclass(frozen=True)
class AgencyMention:
    text: str  # as written ("UBND các huyện, thành phố")
    agency_ids: tuple[int, ...]  # matched: one, or several for a group phrase
    group: bool  # a group phrase expanded: shown for confirmation
    candidates: tuple[AgencyCandidate, ...] = ()  # the closest ones when nothing matched


@dataclass(frozen=True)
class DraftDeadline:
    kind: str  # "date" | "standing" | "recurring" | "none"
    on: date | None = None  # the deadline ("date"; for "recurring": the first one)
    text: str | None = None  # the words it came from ("trước ngày 30/6/2024")
    # "recurring" only: "monthly:<day>" ("trước ngày 15 hằng tháng"), "monthly", "quarterly",
    # "half_yearly", "yearly" or "weekly".
    recurrence: str | None = None


NO_DEADLINE = DraftDeadline(kind="none")


@dataclass(frozen=True)
class DraftTask:
    clause: str  # the clause's number as written: "2.1", "a)", "-" …
    title: str  # short: the action, ≤ 255 characters
    description: str  # the clause's full text
    lead: AgencyMention | None
    coordinating: tuple[AgencyMention, ...]
    deadline: DraftDeadline


@dataclass(frozen=True)
class DraftRecord:
    kind: str | None  # tracker.resolutions.models.ResolutionKind value
    number: str | None  # "12/TB-BCĐ"
    issued_on: date | None
    signer: str | None
    title: str | None


@dataclass(frozen=True)
class Draft:
    record: DraftRecord
    tasks: tuple[DraftTask, ...]
