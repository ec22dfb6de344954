"""From a document's text to a draft: its record and one task per assigning clause."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from . import assigning
from .agencies import AgencyIndex
from .clauses import Clause, split_clauses
from .deadlines import find_deadline
from .folding import fold, normalise
from .mentions import find_mentions, mention_of
from .model import NO_DEADLINE, AgencyMention, AgencyRef, Draft, DraftDeadline, DraftTask
from .record import read_record

TITLE_MAX = 255
# Where the body ends: the recipients and the signature block.
_BODY_END = re.compile(r"^(?:noi nhan|kt\.|tm\.|tl\.)", re.MULTILINE)
# Where the body starts, after the header: the first line that opens the text proper.
_HEADING_ONLY = re.compile(r"^[^:]{2,120}:$")


@dataclass
class _Context:
    """What a clause inherits from the headings above it."""

    lead: AgencyMention | None = None
    coordinating: tuple[AgencyMention, ...] = ()
    deadline: DraftDeadline = NO_DEADLINE
    assigning: bool = False


def _body(text: str) -> str:
    folded = fold(text)
    m = _BODY_END.search(folded)
    return text[:m.start()] if m else text


def _heading_mention(clause: Clause, index: AgencyIndex) -> tuple[AgencyMention, str] | None:
    """"Sở Y tế: …" → the agency and the text after the colon."""
    head, colon, rest = clause.text.partition(":")
    if not colon or len(head) > 160:
        return None
    mention = mention_of(head, index)
    return (mention, rest.strip()) if mention else None


def _title(text: str, cut: int) -> str:
    """The action: the clause's first sentence without its "Giao X chủ trì …" preamble."""
    action = text[cut:]
    action = re.sub(r"^[\s,:;)-]*(?:(?:chủ trì|chịu trách nhiệm|có trách nhiệm|là cơ quan "
                    r"(?:thường trực|đầu mối)|làm đầu mối|phối hợp(?: với)?|và|các đơn vị "
                    r"liên quan|các cơ quan liên quan|khẩn trương)[\s,:;]*)*", "", action,
                    flags=re.IGNORECASE)
    if len(action) < 12:
        action = text
    sentence = re.split(r"(?<=[.;!?])\s|\n", action.strip(), maxsplit=1)[0].strip(" .;:")
    if len(sentence) > TITLE_MAX:
        sentence = sentence[:TITLE_MAX - 1].rsplit(" ", 1)[0] + "…"
    return sentence[:1].upper() + sentence[1:]


def _task(clause: Clause, text: str, ctx: _Context, index: AgencyIndex,
          issued: date) -> DraftTask:
    found = find_mentions(text, index)
    lead = assigning.lead_of(text, found)
    coordinating = assigning.coordinating_of(text, found, lead)
    deadline = find_deadline(text, issued_on=issued)
    if deadline.kind == "none" and deadline.text is None:
        deadline = ctx.deadline
    cut = max([f.end for f in ([lead] if lead else []) + coordinating
               if f.start < 80] or [0])
    description = clause.full_text() if clause.children else text
    return DraftTask(
        clause=clause.marker or "",
        title=_title(text, cut),
        description=description,
        lead=lead.mention if lead else ctx.lead,
        coordinating=tuple(f.mention for f in coordinating) if (lead or coordinating)
        else ctx.coordinating,
        deadline=deadline,
    )


def _context_of(clause: Clause, text: str, ctx: _Context, index: AgencyIndex,
                issued: date) -> _Context:
    """What the clause hands down to its sub-items."""
    found = find_mentions(text, index)
    lead = assigning.lead_of(text, found)
    deadline = find_deadline(text, issued_on=issued)
    return _Context(
        lead=lead.mention if lead else ctx.lead,
        coordinating=tuple(f.mention for f in assigning.coordinating_of(text, found, lead))
        or ctx.coordinating,
        deadline=deadline if deadline.kind != "none" else ctx.deadline,
        assigning=ctx.assigning or assigning.assigns(fold(text)) or lead is not None
        or bool(re.search(r"\b(?:nhiem vu|giai phap|thoi gian toi|trong tam)\b", fold(text))),
    )


def _visit(clause: Clause, ctx: _Context, index: AgencyIndex, issued: date,
           out: list[DraftTask]) -> None:
    heading = _heading_mention(clause, index)
    text = clause.text
    if heading is not None:
        mention, rest = heading
        ctx = _Context(lead=mention, deadline=ctx.deadline, assigning=True)
        if clause.children:
            if rest:
                ctx = _context_of(clause, rest, ctx, index, issued)
                ctx.lead = mention
        elif rest and not assigning.is_fact(fold(rest)):
            out.append(_task(clause, text, ctx, index, issued))
            return
    elif clause.children and text.endswith(":"):
        ctx = _context_of(clause, text, ctx, index, issued)
    elif _is_task(text, ctx, clause):
        out.append(_task(clause, text, ctx, index, issued))
        return
    elif clause.children:
        ctx = _context_of(clause, text, ctx, index, issued)
    for child in clause.children:
        _visit(child, ctx, index, issued, out)


def _is_task(text: str, ctx: _Context, clause: Clause) -> bool:
    folded = fold(text)
    if assigning.is_fact(folded):
        return False
    if assigning.assigns(folded):
        return True
    return ctx.assigning and (clause.style != "paragraph" or ctx.lead is not None) \
        and assigning.is_action(folded)


def extract_draft(text: str, agencies: Sequence[AgencyRef], *, today: date) -> Draft:
    """The record and the draft tasks of a conclusion notice, plan or directive.

    Deterministic and pure: the same text and agencies give the same draft. ``today``
    stands in for the issue date when the text shows none (a year left out, the first
    occurrence of a recurring duty)."""
    text = normalise(text)
    record = read_record(text)
    issued = record.issued_on or today
    index = AgencyIndex(agencies)
    tasks: list[DraftTask] = []
    for clause in split_clauses(_body(text)):
        _visit(clause, _Context(), index, issued, tasks)
    return Draft(record=record, tasks=tuple(tasks))



