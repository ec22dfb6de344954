"""Forms of drafting: the document to read (pasted or a file), and the review screen.

The review screen is the several-tasks screen's form (``ResolutionFieldsForm`` and its task
rows) with what a draft row adds: the clause it came from, the deadline as written, the
agencies a group phrase stands for (to confirm) and the names that matched no agency (to
choose). Nothing is stored between the requests: every draft row travels in the form, and
``rearranged`` drops or merges rows on the posted values themselves, so each row keeps what
was typed in it.
"""

from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l
from werkzeug.datastructures import MultiDict
from wtforms import FieldList, FileField, FormField, HiddenField, SelectField, TextAreaField
from wtforms.fields.choices import SelectChoice

from tracker import rules
from tracker.domain import is_id
from tracker.drafting.extraction import AgencyMention, Draft, DraftTask
from tracker.forms import (
    CHOICE_MESSAGES,
    CheckboxesField,
    SubForm,
    TrackerForm,
    clean_text,
    db_id,
    select_choices,
    text_field,
)
from tracker.resolutions.forms import MAX_TASK_ROWS, ResolutionFieldsForm, TaskRowsMixin
from tracker.tasks.forms import TaskFields
from tracker.tasks.services import TaskSpec

# The choice "not one of the committee's agencies" for a name that matched none.
LEAVE_OUT = 0
RECURRENCE_LABELS = {
    "weekly": _l("weekly"),
    "monthly": _l("monthly"),
    "quarterly": _l("quarterly"),
    "half_yearly": _l("half-yearly"),
    "yearly": _l("yearly"),
}


class DraftSourceForm(TrackerForm):
    """The document to read: its text pasted, or a file."""

    text = text_field(_l("Text of the document"), rules.DRAFT_TEXT, kind=TextAreaField,
                      optional=True)  # or a file: one of the two is checked by the view
    file = FileField(_l("Or a file (.docx, .pdf with text, .txt)"),
                     render_kw={"accept": ".docx,.pdf,.txt"})


def id_list(value) -> list[int]:
    """A hidden list of agency ids ("3,7,12"); anything that is not an id is dropped."""
    ids = []
    for part in str(value or "").split(","):
        part = part.strip()
        if part.isdigit() and is_id(int(part)) and int(part) not in ids:
            ids.append(int(part))
    return ids


def _pick(value):
    """An unmatched name's select: empty is no answer yet, 0 leaves the name out."""
    if value in ("", None):
        return None
    if str(value) == str(LEAVE_OUT):
        return LEAVE_OUT
    return db_id(value)


def _closest_first(agencies, candidate_ids, closest_label) -> list[SelectChoice]:
    by_id = {a.id: a for a in agencies}
    close = [by_id[i] for i in candidate_ids if i in by_id]
    others = [a for a in agencies if a not in close]
    if not close:
        return select_choices((a.id, a.label) for a in others)
    return [*(SelectChoice(a.id, a.label, optgroup=closest_label) for a in close),
            *(SelectChoice(a.id, a.label, optgroup=str(_l("Other member agencies")))
              for a in others)]


class UnmatchedForm(SubForm):
    """A coordinating agency named in the text that matches none of the committee's: the
    secretary chooses the one meant (the closest first), or leaves the name out."""

    text = HiddenField(filters=[clean_text])
    candidates = HiddenField()
    agency_id = SelectField(_l("Agency meant"), coerce=_pick, **CHOICE_MESSAGES)

    def set_choices(self, agencies) -> None:
        self.agency_id.label.text = _l(
            "“%(name)s” matches no member agency: choose the one meant", name=self.text.data)
        closest = str(_l("Closest to “%(name)s”", name=self.text.data))
        self.agency_id.choices = [
            SelectChoice("", _l("— choose —")),
            *_closest_first(agencies, id_list(self.candidates.data), closest),
            SelectChoice(LEAVE_OUT, _l("Leave it out (not a member of this committee)")),
        ]


class DraftRowForm(SubForm):
    """What a draft row adds to a task row: what the text said."""

    clause = HiddenField(filters=[clean_text])  # the clause's number as written: "2.1", "a)"
    source = HiddenField(filters=[clean_text])  # the clause's text, as read
    deadline_text = HiddenField(filters=[clean_text])  # "trước ngày 30/6/2024"
    recurrence = HiddenField()  # "monthly:15": saved as a recurring duty (services.save_draft)
    lead_text = HiddenField(filters=[clean_text])  # a lead named but matched to no agency
    lead_candidates = HiddenField()  # the closest agencies to it, "3,7"
    group_text = HiddenField(filters=[clean_text])  # "UBND các huyện, thành phố"
    group_offer = HiddenField()  # the agencies the group phrase stands for, "4,5,6"
    group_ids = CheckboxesField(_l("Agencies meant"), coerce=int, **CHOICE_MESSAGES)
    unmatched = FieldList(FormField(UnmatchedForm), max_entries=20)


class DraftTaskRowForm(TaskFields, DraftRowForm):
    """A row of the review screen: the several-tasks screen's task fields (same names,
    checks and spec) and the draft's own."""

    def set_choices(self, agencies, users) -> None:
        super().set_choices(agencies, users)
        by_id = {a.id: a for a in agencies}
        if self.lead_text.data:
            closest = str(_l("Closest to “%(name)s”", name=self.lead_text.data))
            self.lead_agency_id.choices = [
                SelectChoice("", _l("— choose —")),
                *_closest_first(agencies, id_list(self.lead_candidates.data), closest)]
        offered = [by_id[i] for i in id_list(self.group_offer.data) if i in by_id]
        self.group_ids.choices = select_choices((a.id, a.label) for a in offered)
        if self.group_text.data:
            self.group_ids.label.text = _l("To confirm: the agencies meant by “%(phrase)s”",
                                           phrase=self.group_text.data)
        for entry in self.unmatched.entries:
            entry.form.set_choices(agencies)

    @property
    def rhythm(self) -> str | None:
        """A recurring duty's rhythm in words ("monthly"), when the text gave one."""
        if not self.recurrence.data:
            return None
        kind = self.recurrence.data.split(":", 1)[0]
        return str(RECURRENCE_LABELS.get(kind, kind))

    def is_blank(self) -> bool:
        return super().is_blank() and not self.group_ids.data and not any(
            entry.form.agency_id.data for entry in self.unmatched.entries)

    def check_required(self) -> bool:
        ok = super().check_required()
        for entry in self.unmatched.entries:
            pick = entry.form.agency_id
            if pick.data is None and not pick.errors:
                pick.errors.append(_l("Choose the agency meant, or leave the name out."))
                ok = False
        return ok

    def spec(self) -> TaskSpec:
        """The row's task: the confirmed agencies of a group phrase and the agencies chosen
        for unmatched names coordinate, beside those ticked in the list."""
        spec = super().spec()
        extra = [*(self.group_ids.data or []),
                 *(e.form.agency_id.data for e in self.unmatched.entries
                   if e.form.agency_id.data not in (None, LEAVE_OUT))]
        spec.coordinating_agency_ids = list(dict.fromkeys(
            [*spec.coordinating_agency_ids, *extra]))
        return spec


class DraftReviewForm(TaskRowsMixin, ResolutionFieldsForm):
    """The review screen: the proposed document and one row per draft task."""

    tasks = FieldList(FormField(DraftTaskRowForm), min_entries=0, max_entries=MAX_TASK_ROWS)


# --- From a draft to the review form's values ------------------------------------------------


def _mention_names(mention: AgencyMention, names: dict[int, str]) -> str:
    return ", ".join(names[i] for i in mention.agency_ids if i in names)


def _row_values(task: DraftTask) -> list[tuple[str, str]]:
    """One draft task as the posted values of a review row."""
    values = [("title", task.title), ("description", task.description),
              ("clause", task.clause), ("source", task.description), ("priority", "normal")]
    coordinating: list[int] = []
    groups: list[AgencyMention] = []
    unmatched: list[AgencyMention] = []
    lead = task.lead
    if lead is not None and lead.group:
        groups.append(lead)
    elif lead is not None and lead.agency_ids:
        values.append(("lead_agency_id", str(lead.agency_ids[0])))
    elif lead is not None:
        values += [("lead_text", lead.text),
                   ("lead_candidates", ",".join(str(c.agency_id) for c in lead.candidates))]
    for mention in task.coordinating:
        if mention.group:
            groups.append(mention)
        elif mention.agency_ids:
            coordinating += mention.agency_ids
        else:
            unmatched.append(mention)
    values += [("coordinating_agency_ids", str(i)) for i in dict.fromkeys(coordinating)]
    if groups:
        offered = list(dict.fromkeys(i for g in groups for i in g.agency_ids))
        values += [("group_text", "; ".join(g.text for g in groups)),
                   ("group_offer", ",".join(map(str, offered))),
                   *(("group_ids", str(i)) for i in offered)]
    for n, mention in enumerate(unmatched):
        values += [(f"unmatched-{n}-text", mention.text),
                   (f"unmatched-{n}-candidates",
                    ",".join(str(c.agency_id) for c in mention.candidates))]
    deadline = task.deadline
    if deadline.text:
        values.append(("deadline_text", deadline.text))
    if deadline.kind == "date" and deadline.on:
        values.append(("deadline", deadline.on.isoformat()))
    elif deadline.kind in ("standing", "recurring"):
        values.append(("standing", "y"))
        if deadline.kind == "recurring":
            values.append(("recurrence", deadline.recurrence or ""))
    return values


def draft_values(draft: Draft, text: str) -> MultiDict:
    """The review form's values for a draft read from ``text`` (kept as the document's
    full text); at most MAX_TASK_ROWS rows, and one empty row when no task was found."""
    record = draft.record
    pairs = [("kind", record.kind or ""), ("number", record.number or ""),
             ("issued_on", record.issued_on.isoformat() if record.issued_on else ""),
             ("signer", record.signer or ""), ("title", record.title or ""), ("text", text),
             ("meeting_id", "")]
    rows = [_row_values(task) for task in draft.tasks[:MAX_TASK_ROWS]] or [[("priority",
                                                                            "normal")]]
    return join_rows(pairs, rows)


# --- Dropping and merging rows, on the posted values ------------------------------------------

_ROW_KEY = re.compile(r"tasks-(\d+)-(.+)\Z")
_UNMATCHED_KEY = re.compile(r"unmatched-(\d+)-(.+)\Z")


def split_rows(formdata) -> tuple[list[tuple[str, str]], list[MultiDict]]:
    """The posted values outside the rows, and each row's values (without their
    ``tasks-<i>-`` prefix), in screen order."""
    rest, rows = [], {}
    for key, value in formdata.items(multi=True):
        match = _ROW_KEY.match(key)
        if match:
            rows.setdefault(int(match[1]), []).append((match[2], value))
        else:
            rest.append((key, value))
    return rest, [MultiDict(rows[i]) for i in sorted(rows)]


def join_rows(rest, rows) -> MultiDict:
    """The inverse of ``split_rows``: the rows numbered again from 0."""
    pairs = list(rest)
    for index, row in enumerate(rows):
        row = row if isinstance(row, MultiDict) else MultiDict(row)
        pairs += [(f"tasks-{index}-{name}", value) for name, value in row.items(multi=True)]
    return MultiDict(pairs)


def _joined(upper: MultiDict, lower: MultiDict, name: str, separator: str) -> list[str]:
    parts = [v for v in (upper.get(name, "").strip(), lower.get(name, "").strip()) if v]
    return [separator.join(parts)] if parts else []


def _union(*lists) -> list[str]:
    return list(dict.fromkeys(v for values in lists for v in values if v))


def merge_rows(upper: MultiDict, lower: MultiDict) -> MultiDict:
    """Row ``lower`` merged into the row above it: texts joined, agencies put together; the
    upper row's lead and deadline stand (the lower row's when the upper has none), and a
    different lead of the lower row coordinates."""
    merged = MultiDict(upper)
    for name, separator in (("title", "; "), ("description", "\n"), ("source", "\n"),
                            ("clause", " + "), ("expected_output", "; "),
                            ("group_text", "; "), ("deadline_text", "; ")):
        merged.setlist(name, _joined(upper, lower, name, separator))
    lead = upper.get("lead_agency_id", "")
    if not lead and not upper.get("lead_text"):
        for name in ("lead_agency_id", "lead_text", "lead_candidates"):
            merged.setlist(name, lower.getlist(name))
        lead = lower.get("lead_agency_id", "")
    elif lower.get("lead_agency_id") and lower.get("lead_agency_id") != lead:
        merged.add("coordinating_agency_ids", lower["lead_agency_id"])
    merged.setlist("coordinating_agency_ids", [i for i in _union(
        merged.getlist("coordinating_agency_ids"), lower.getlist("coordinating_agency_ids"))
        if i != lead])
    merged.setlist("group_ids", _union(upper.getlist("group_ids"), lower.getlist("group_ids")))
    merged.setlist("group_offer", [",".join(map(str, id_list(
        f"{upper.get('group_offer', '')},{lower.get('group_offer', '')}")))])
    if not (upper.get("deadline", "").strip() or upper.get("standing")):
        for name in ("deadline", "standing", "recurrence"):
            merged.setlist(name, lower.getlist(name))
    taken = len({m[1] for key in upper for m in [_UNMATCHED_KEY.match(key)] if m})
    for key, value in lower.items(multi=True):
        match = _UNMATCHED_KEY.match(key)
        if match:
            merged.add(f"unmatched-{int(match[1]) + taken}-{match[2]}", value)
    return merged


def rearranged(formdata, action: str) -> MultiDict | None:
    """The posted values after a row action: ``drop:<i>`` removes row i, ``merge:<i>``
    merges row i into the row above it. None for an action that names no such row."""
    verb, _, index = action.partition(":")
    rest, rows = split_rows(formdata)
    if not index.isdigit() or not 0 <= int(index) < len(rows):
        return None
    index = int(index)
    if verb == "drop":
        del rows[index]
    elif verb == "merge" and index > 0:
        rows[index - 1] = merge_rows(rows[index - 1], rows[index])
        del rows[index]
    else:
        return None
    return join_rows(rest, rows)
