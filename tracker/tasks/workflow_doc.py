"""The README's picture of the task workflow, drawn from ``workflow.VERBS``.

``python -m tracker.tasks.workflow_doc`` prints the section (a state diagram and the
table of verbs, between two markers); ``--write README.md`` replaces it in the README.
tests/test_readme.py fails when the README's copy differs, so the README cannot drift
from the table the code enforces.
"""

from __future__ import annotations

import sys
from pathlib import Path

from tracker.committees.models import RoleName
from tracker.tasks.models import TaskState
from tracker.tasks.workflow import VERBS, Relation, Target, Verb, transitions

START = "<!-- workflow-table:start -->"
END = "<!-- workflow-table:end -->"
REGENERATE = "python -m tracker.tasks.workflow_doc --write README.md"

_RELATIONS = {
    Relation.ANY: "any",
    Relation.LEAD: "lead",
    Relation.COORDINATING: "coordinating (not lead)",
    Relation.LEAD_OR_COORDINATING: "lead or coordinating",
}


def _states(states) -> str:
    return ", ".join(f"`{state}`" for state in TaskState if state in states)


def _roles(roles) -> str:
    return ", ".join(role.value for role in RoleName if role in roles)


def _refused(verb: Verb) -> str:
    messages = [str(m) for m in (verb.extension_refused, verb.refused) if m is not None]
    return " / ".join(f"“{message}”" for message in messages) or "—"


def _verb(verb: Verb) -> str:
    on = {Target.EXTENSION: " (on a request)", Target.COMMITTEE: " (on a committee)"}
    return f"`{verb.name}`" + on.get(verb.target, "")


def markdown_table() -> str:
    """One row per verb: where it is allowed, who may use it, and what it leads to."""
    rows = ["| Verb | Task states | Roles (admins act as chair) | Agency | Leads to "
            "| Four eyes | Refused for the state with |",
            "|---|---|---|---|---|---|---|"]
    for verb in VERBS.values():
        leads_to = f"`{verb.leads_to}`" if verb.leads_to else "—"
        four_eyes = "yes" if verb.four_eyes else "—"
        rows.append(f"| {_verb(verb)} | {_states(verb.states)} | {_roles(verb.roles)} "
                    f"| {_RELATIONS[verb.relation]} | {leads_to} | {four_eyes} "
                    f"| {_refused(verb)} |")
    return "\n".join(rows)


def state_diagram() -> str:
    """The changes of state as a Mermaid diagram."""
    lines = ["```mermaid", "stateDiagram-v2", f"    [*] --> {TaskState.OPEN}"]
    lines += [f"    {t.before} --> {t.after}: {t.verb.name}" for t in transitions()]
    lines += [f"    {TaskState.DONE} --> [*]", f"    {TaskState.CANCELLED} --> [*]", "```"]
    return "\n".join(lines)


def section() -> str:
    """The README's generated section, markers included."""
    note = f"<!-- generated from tracker/tasks/workflow.py: {REGENERATE} -->"
    return "\n\n".join([START, note, state_diagram(), markdown_table(), END])


def replace_section(text: str) -> str:
    """``text`` (the README) with its generated section replaced by the current one."""
    before, start, rest = text.partition(START)
    _, end, after = rest.partition(END)
    if not start or not end:
        raise ValueError(f"the README has no {START} … {END} section")
    return before + section() + after


def main(argv: list[str]) -> None:
    if argv[:1] == ["--write"] and len(argv) == 2:
        path = Path(argv[1])
        path.write_text(replace_section(path.read_text(encoding="utf-8")), encoding="utf-8")
    else:
        print(section())


if __name__ == "__main__":
    main(sys.argv[1:])
