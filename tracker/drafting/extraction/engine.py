"""From a document's text to a draft: its record and one task per assigning clause."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

from . import assigning
from .agencies import AgencyIndex
from .clauses import Clause, is_heading, split_clauses
from .deadlines import find_deadline
from .folding import UPPER, fold, normalise
from .layout import body
from .mentions import find_mentions, mention_of
from .model import NO_DEADLINE, AgencyMention, AgencyRef, Draft, DraftDeadline, DraftTask
from .record import read_record

TITLE_MAX = 255
# Headings whose items are tasks even without an assigning phrase of their own.
_TASK_HEADING = re.compile(r"\b(?:nhiem vu|giai phap|ket luan|chi dao|y kien|trong tam|"
                           r"thoi gian toi|can tap trung|to chuc thuc hien|de nghi|yeu cau|"
                           r"giao|phan cong)\b")


_HEADING_PREFIX = re.compile(r"^\s*(?:đối với|về phía|riêng|giao cho|giao|đề nghị)\s+",
                             re.IGNORECASE)
# Where a paragraph's sentences part: a stop before a capital.
_SENTENCE_END = re.compile(r"(?<=[.;!?])\s+(?=[\"“(]?[" + UPPER + "])")


@dataclass(frozen=True)
class _Context:
    """What a clause inherits from the headings above it."""

    lead: AgencyMention | None = None
    coordinating: tuple[AgencyMention, ...] = ()
    deadline: DraftDeadline = NO_DEADLINE
    assigning: bool = False  # under a heading that hands out tasks
    negative: bool = False  # under a heading of aims, scope or results: no weak tasks


class _Reader:
    """Walks the clauses, handing each heading's context down, and collects the tasks."""

    def __init__(self, index: AgencyIndex, issued: date):
        self.index = index
        self.issued = issued
        self.tasks: list[DraftTask] = []
        self._found: dict[str, list] = {}

    def _mentions(self, text: str) -> list:
        """The agencies ``text`` names (a clause is read several times: once is enough)."""
        if text not in self._found:
            self._found[text] = find_mentions(text, self.index)
        return self._found[text]

    def _heading_agency(self, clause: Clause) -> tuple[AgencyMention, str] | None:
        """"Sở Y tế: …" → the agency and the text after the colon."""
        head, colon, rest = clause.text.partition(":")
        if not colon or len(head) > 160:
            return None
        head = _HEADING_PREFIX.sub("", head)  # "Đối với Sở Y tế:", "Về phía UBND các huyện:"
        mention = mention_of(head, self.index)
        return (mention, rest.strip()) if mention else None

    def _is_task(self, clause: Clause, ctx: _Context) -> bool:
        folded = fold(clause.text)
        found = self._mentions(clause.text)
        if assigning.is_excluded(folded, found):
            return False
        if assigning.assigns(folded, found) or assigning.subject_acts(folded, found):
            return True
        return ctx.assigning and not ctx.negative and assigning.is_action(folded)

    def _context_of(self, text: str, ctx: _Context) -> _Context:
        """What a heading hands down to the clauses under it."""
        folded = fold(text)
        if assigning.is_negative_heading(folded):
            return replace(ctx, negative=True, assigning=False)
        found = self._mentions(text)
        lead = assigning.lead_of(folded, found)
        deadline = find_deadline(text, issued_on=self.issued)
        coordinating = assigning.coordinating_of(folded, found, lead)
        return _Context(
            lead=lead.mention if lead else ctx.lead,
            coordinating=tuple(f.mention for f in coordinating) or ctx.coordinating,
            deadline=deadline if deadline.kind != "none" else ctx.deadline,
            assigning=ctx.assigning or lead is not None or bool(_TASK_HEADING.search(folded)),
            negative=False)

    def _task(self, clause: Clause, ctx: _Context) -> DraftTask:
        text = clause.text
        folded = fold(text)
        found = self._mentions(text)
        lead = assigning.lead_of(folded, found)
        coordinating = assigning.coordinating_of(folded, found, lead)
        deadline = find_deadline(clause.full_text(), issued_on=self.issued)
        if deadline.kind == "none" and deadline.text is None:
            deadline = ctx.deadline
        cut = max([f.end for f in ([lead] if lead else []) + coordinating if f.start < 120]
                  or [0])
        if lead is not None:
            # "Công an tỉnh, Bộ CHQS tỉnh bảo đảm …": the agencies written with the lead share
            # the work; they are proposed as coordinating, for the secretary to confirm.
            end = assigning.subject_end(folded, found, lead)
            partners = [f for f in found if lead.end <= f.start < end]
            coordinating = partners + [f for f in coordinating if f not in partners]
            cut = max(cut, end)
        return DraftTask(
            clause=clause.marker,
            title=_title(text, cut, deadline.text),
            description=clause.full_text(),
            lead=lead.mention if lead else ctx.lead,
            coordinating=tuple(f.mention for f in coordinating) if lead or coordinating
            else ctx.coordinating,
            deadline=deadline)

    def _parts(self, clause: Clause) -> list[Clause]:
        """The clause, or one part per sentence that assigns to another lead ("Giao Sở A …
        . Đề nghị UBND các huyện …"); the sentences in between stay with the part before."""
        if clause.children:
            return [clause]
        parts: list[list[str]] = []
        leads: list[tuple[int, ...] | None] = []
        for sentence in _SENTENCE_END.split(clause.text):
            folded = fold(sentence)
            found = self._mentions(sentence)
            lead = assigning.lead_of(folded, found) if assigning.assigns(folded, found) else None
            key = (lead.mention.agency_ids or (lead.mention.text,)) if lead else None
            if parts and (key is None or key in leads or leads[-1] is None):
                parts[-1].append(sentence)
                if leads[-1] is None:
                    leads[-1] = key
            else:
                parts.append([sentence])
                leads.append(key)
        if len(parts) < 2:
            return [clause]
        return [Clause(clause.marker, clause.style, " ".join(part), parent=clause.parent)
                for part in parts]

    def visit(self, clause: Clause, ctx: _Context) -> None:
        heading = self._heading_agency(clause)
        if heading is not None:
            mention, rest = heading
            inner = _Context(lead=mention, deadline=ctx.deadline, assigning=True)
            if clause.children:
                if rest:
                    inner = replace(self._context_of(rest, inner), lead=mention)
                for child in clause.children:
                    self.visit(child, inner)
            elif rest and not assigning.is_excluded(fold(rest)):
                self.tasks.append(self._task(clause, inner))
            return
        if clause.children and is_heading(clause):
            inner = self._context_of(clause.text, ctx)
        elif self._is_task(clause, ctx):
            self.tasks.extend(self._task(part, ctx) for part in self._parts(clause))
            return
        else:
            inner = self._context_of(clause.text, ctx) if clause.children else ctx
        for child in clause.children:
            self.visit(child, inner)


def _title(text: str, cut: int, deadline: str | None = None) -> str:
    """The action: the clause's first sentence without its "Giao X chủ trì …" preamble and
    its deadline (which has a field of its own)."""
    action = text[cut:]
    if deadline and len(deadline) > 4:
        action = action.replace(deadline, " ")
    action = re.sub(r"^[\s,:;)-]*(?:(?:chủ trì|chịu trách nhiệm|có trách nhiệm|là cơ quan "
                    r"(?:thường trực|đầu mối)|làm đầu mối|phối hợp(?: với)?|và|các đơn vị "
                    r"liên quan|các cơ quan liên quan|khẩn trương|theo chức năng, nhiệm vụ"
                    r"(?: được giao)?)[\s,:;]*)*", "", action, flags=re.IGNORECASE)
    if len(action.strip(" ,.;:")) < 12:
        action = text.replace(deadline, " ") if deadline else text
    sentence = re.split(r"(?<=[.;!?])\s", action.strip(), maxsplit=1)[0].strip(" .;:/")
    sentence = re.sub(r"[\s,;]+(?:và\s+)?(?:hoàn thành|xong)?[\s,;./]*$", "",
                      sentence) or sentence
    if len(sentence) > TITLE_MAX:
        sentence = sentence[:TITLE_MAX - 1].rsplit(" ", 1)[0] + "…"
    return sentence[:1].upper() + sentence[1:]


def extract_draft(text: str, agencies: Sequence[AgencyRef], *, today: date) -> Draft:
    """The record and the draft tasks of a conclusion notice, plan or directive.

    Deterministic and pure: the same text and agencies give the same draft. ``today``
    stands in for the issue date when the text shows none (a year left out, the first
    occurrence of a recurring duty)."""
    text = normalise(text)
    record = read_record(text)
    reader = _Reader(AgencyIndex(agencies), record.issued_on or today)
    for clause in split_clauses(body(text)):
        reader.visit(clause, _Context())
    return Draft(record=record, tasks=tuple(reader.tasks))
