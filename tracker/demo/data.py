"""The demo data set: who, which committees, which documents — kept as data in ``seed/``.

Drawn from the two source articles (../shared/seeds): the Lạng Sơn Tourism
Development Steering Committee's conference of 18/01/2024 and the Non nước
Cao Bằng geopark partner network's conference of 04/01/2024. Names of
institutions, the chair and the cited documents are the articles' own; focal-point
addresses, staff names (except the chair, named in the article) and the numbers of
documents the articles do not cite are invented and say so (a document whose number
the articles do not give says "Ghi chú: số hiệu văn bản là số minh họa của dữ liệu
mẫu."). ``seed/people.toml`` holds the agencies, committees and one login per role;
``seed/<committee>.toml`` its meeting and documents, with the tasks' deadlines and
reports as day offsets from the day the demo is loaded.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path

DEMO_PASSWORD = "demo-2024-Langson"  # noqa: S105 — a published demo login, not a secret  # nosec B105

SEED = Path(__file__).with_name("seed")


@cache
def read_seed(name: str) -> dict:
    """One seed file (``people``, ``langson``, ``caobang``), parsed once."""
    with (SEED / f"{name}.toml").open("rb") as file:
        return tomllib.load(file)


def agencies() -> dict[str, dict]:
    """Agency key → name, short_name, kind, email, sample (invented partner: flagged)."""
    return read_seed("people")["agencies"]


def committees() -> dict[str, dict]:
    """Committee key → name, parent_body, standing (agency key), members, four_eyes."""
    return read_seed("people")["committees"]


def users() -> list[dict]:
    """One demo login per role: key, label, email, name, agency, language, admin, roles."""
    return read_seed("people")["users"]


def meeting(committee_key: str) -> dict:
    return read_seed(committee_key)["meeting"]


def next_meeting(committee_key: str) -> dict | None:
    """The committee's next meeting with its agenda, if its seed prepares one."""
    return read_seed(committee_key).get("next_meeting")


def documents(committee_key: str) -> list[DemoDocument]:
    """A committee's documents in loading order, with their tasks."""
    return [DemoDocument.from_seed(entry) for entry in read_seed(committee_key)["documents"]]


# --- shapes of the documents and tasks ------------------------------------------------

@dataclass
class DemoTask:
    """A task as the demo sets it up. Day offsets count from the committee's today."""

    title: str
    lead: str  # agency key
    due: int | None  # deadline = today + due; None = standing duty
    coordinating: list[str] = field(default_factory=list)
    description: str | None = None
    expected_output: str | None = None
    priority: str = "normal"
    assignees: list[str] = field(default_factory=list)  # user keys
    # (day offset, percent, author user key, text); authors belong to an involved agency
    reports: list[tuple[int, int, str, str]] = field(default_factory=list)
    # Where the story ends: "open", "submitted", "done" or "cancelled".
    outcome: str = "open"
    submitted: int | None = None  # day offset of the submission (submitted / done)
    # Who reports it done. Agencies without accounts send a written report that the
    # standing agency's secretary records, so the secretary is the default.
    submitted_by: str | None = None
    cancel_reason: str | None = None

    @classmethod
    def from_seed(cls, entry: dict) -> DemoTask:
        """A task from its seed entry (``standing = true`` instead of ``due``; reports as
        tables of day, percent, author, text)."""
        entry = dict(entry)
        entry.pop("standing", None)
        reports = [(r["day"], r["percent"], r["author"], r["text"])
                   for r in entry.pop("reports", [])]
        return cls(due=entry.pop("due", None), reports=reports, **entry)


@dataclass
class DemoDocument:
    kind: str
    number: str
    issued_on: date
    title: str
    signer: str | None = None
    text: str | None = None
    from_meeting: bool = False
    tasks: list[DemoTask] = field(default_factory=list)

    @classmethod
    def from_seed(cls, entry: dict) -> DemoDocument:
        entry = dict(entry)
        tasks = [DemoTask.from_seed(task) for task in entry.pop("tasks", [])]
        return cls(tasks=tasks, **entry)
