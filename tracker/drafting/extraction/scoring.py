"""Precision and recall of the extraction against an annotated corpus.

A corpus is a directory of ``NN_slug.txt`` (a ``Source:`` header, a blank line, the text) and
``NN_slug.json`` (the annotation: ``set`` "tuned" or "held_out", ``today``, the ``record`` or
null, ``extra_agencies`` and, for each assigning clause, a ``quote`` from it, the ``lead``
agency as written (acceptable spellings), ``coordinating`` and the ``deadline``), plus an
``agencies.json`` the committee's agencies are read from.

A proposed task matches an annotated one when it holds the quote's words (clause overlap);
a lead is right when its words are one of the annotated spellings (or hold one, or are held
by one); a deadline is right when its kind and date are the annotated ones. Precision counts
over what was proposed, recall over what was annotated, end to end: a task not found costs
its lead and deadline too.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from .engine import extract_draft
from .model import AgencyRef, Draft, DraftTask
from .tokens import name_words

OVERLAP = 0.8  # the share of the quote's words a task's text must hold to match it


@dataclass
class Tally:
    """Counts of one measure: right answers, answers given, answers expected."""

    right: int = 0
    given: int = 0
    expected: int = 0

    def add(self, other: Tally) -> None:
        self.right += other.right
        self.given += other.given
        self.expected += other.expected

    @property
    def precision(self) -> float:
        return self.right / self.given if self.given else 1.0

    @property
    def recall(self) -> float:
        return self.right / self.expected if self.expected else 1.0


@dataclass
class Score:
    tasks: Tally = field(default_factory=Tally)
    leads: Tally = field(default_factory=Tally)
    deadlines: Tally = field(default_factory=Tally)
    record: Tally = field(default_factory=Tally)  # record fields (kind, number, issue date)
    documents: int = 0

    def add(self, other: Score) -> None:
        for name in ("tasks", "leads", "deadlines", "record"):
            getattr(self, name).add(getattr(other, name))
        self.documents += other.documents


def _words(text: str) -> list[str]:
    return list(name_words(text))


def _overlap(quote: str, text: str) -> float:
    wanted = _words(quote)
    have = set(_words(text))
    return sum(w in have for w in wanted) / len(wanted) if wanted else 0.0


def _same_name(given: str, spellings: Iterable[str]) -> bool:
    mine = " ".join(_words(given))
    for spelling in spellings:
        theirs = " ".join(_words(spelling))
        if mine == theirs or (mine and theirs and (mine in theirs or theirs in mine)):
            return True
    return False


def _deadline_right(task: DraftTask, expected: dict) -> bool:
    if task.deadline.kind != expected["kind"]:
        return False
    return "on" not in expected or (task.deadline.on is not None
                                    and task.deadline.on.isoformat() == expected["on"])


def _match(tasks: tuple[DraftTask, ...], expected: list[dict]) -> list[tuple[dict, DraftTask]]:
    """Annotated and proposed tasks paired, the closest pairs first, each used once."""
    candidates = sorted(
        ((overlap, -i, -j) for i, wanted in enumerate(expected) for j, task in enumerate(tasks)
         if (overlap := _overlap(wanted["quote"], task.description)) >= OVERLAP),
        reverse=True)
    pairs, used_expected, used_tasks = [], set(), set()
    for _, i, j in candidates:
        if -i not in used_expected and -j not in used_tasks:
            used_expected.add(-i)
            used_tasks.add(-j)
            pairs.append((expected[-i], tasks[-j]))
    return pairs


def score_draft(draft: Draft, annotation: dict) -> Score:
    """How ``draft`` compares with one document's ``annotation``."""
    expected = annotation["tasks"]
    pairs = _match(draft.tasks, expected)
    score = Score(documents=1)
    score.tasks = Tally(len(pairs), len(draft.tasks), len(expected))
    score.leads = Tally(
        sum(1 for want, task in pairs if task.lead and want["lead"]
            and _same_name(task.lead.text, want["lead"])),
        sum(1 for task in draft.tasks if task.lead),
        sum(1 for want in expected if want["lead"]))
    score.deadlines = Tally(
        sum(1 for want, task in pairs if want["deadline"]["kind"] != "none"
            and _deadline_right(task, want["deadline"])),
        sum(1 for task in draft.tasks if task.deadline.kind != "none"),
        sum(1 for want in expected if want["deadline"]["kind"] != "none"))
    if (record := annotation.get("record")) is not None:
        got = draft.record
        found = {"kind": got.kind, "number": got.number,
                 "issued_on": got.issued_on.isoformat() if got.issued_on else None}
        score.record = Tally(sum(found[k] == record[k] for k in found),
                             sum(v is not None for v in found.values()), len(found))
    return score


def corpus_agencies(directory: Path, annotation: dict) -> list[AgencyRef]:
    common = json.loads((directory / "agencies.json").read_text(encoding="utf-8"))["agencies"]
    return [AgencyRef(a["id"], a["name"], a["short_name"], a["kind"])
            for a in common + annotation.get("extra_agencies", [])]


def document_text(path: Path) -> str:
    """The document without its ``Source:`` header."""
    text = path.read_text(encoding="utf-8")
    return text.split("\n\n", 1)[1] if text.startswith("Source:") else text


def score_corpus(directory: Path, corpus_set: str) -> dict[str, Score]:
    """Each document of ``corpus_set`` scored, by name."""
    directory = Path(directory)
    scores = {}
    for path in sorted(directory.glob("*.json")):
        if path.name == "agencies.json":
            continue
        annotation = json.loads(path.read_text(encoding="utf-8"))
        if annotation["set"] != corpus_set:
            continue
        draft = extract_draft(document_text(path.with_suffix(".txt")),
                              corpus_agencies(directory, annotation),
                              today=date.fromisoformat(annotation["today"]))
        scores[path.stem] = score_draft(draft, annotation)
    return scores


def total(scores: dict[str, Score]) -> Score:
    overall = Score()
    for score in scores.values():
        overall.add(score)
    return overall
