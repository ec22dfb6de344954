"""Splitting a document's body into clauses: ``I.``, ``1.``, ``2.1``, ``a)``, ``-``, ``+`` and
unnumbered paragraphs, nested by the order in which the numbering styles appear (the usual
layout of Decree 30/2020: I. → 1. → 1.1 → a) → - → +)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_MARKERS = (
    ("roman", re.compile(r"^((?:X{0,1})(?:IX|IV|V?I{0,3}))[.)]\s+(?=\S)")),
    ("dotted", re.compile(r"^(\d{1,2}(?:\.\d{1,2})+)\.?\s+(?=\S)")),
    ("number", re.compile(r"^(\d{1,2})[.)]\s*(?=[^\d\s/])")),
    ("letter", re.compile(r"^([a-zđ])[)\.]\s+(?=\S)")),
    ("dash", re.compile(r"^([-*])\s*(?=\S)")),
    ("plus", re.compile(r"^(\+)\s*(?=\S)")),
)


@dataclass
class Clause:
    marker: str  # as written: "2.1", "a)", "-", "" for a paragraph
    style: str  # "roman", "number", "dotted", "letter", "dash", "plus", "paragraph"
    text: str  # the clause's own text, without its marker
    children: list[Clause] = field(default_factory=list)
    parent: Clause | None = field(default=None, repr=False)

    def full_text(self) -> str:
        """The clause with its sub-items, one a line."""
        lines = [self.text] + [
            (c.marker + " " if c.marker else "") + c.full_text() for c in self.children]
        return "\n".join(line for line in lines if line)

    def ancestors(self):
        node = self.parent
        while node is not None:
            yield node
            node = node.parent


def _marker(line: str) -> tuple[str, str, str]:
    for style, pattern in _MARKERS:
        m = pattern.match(line)
        if m and m.group(1):
            written = line[:m.end()].strip()
            if style == "dotted" and written.endswith("."):
                written = written[:-1]
            return style, written, line[m.end():].strip()
    return "paragraph", "", line.strip()


def _depth(style: str, marker: str) -> int:
    if style == "dotted":
        return marker.count(".")
    return 0


def split_clauses(body: str) -> list[Clause]:
    """The clauses of ``body`` as a forest: a clause holds the ones numbered below it."""
    root = Clause("", "root", "")
    stack: list[tuple[tuple[str, int], Clause]] = []  # (style key, clause)
    order: list[tuple[str, int]] = []  # style keys in the order they first appear
    last: Clause | None = None
    for raw in body.split("\n"):
        line = raw.strip()
        if not line:
            last = None
            continue
        style, marker, text = _marker(line)
        if style == "paragraph":
            if last is not None and last.text and not re.search(r"[.:;!?]$", last.text) \
                    and text[:1].islower():
                last.text += " " + text  # a line broken inside a sentence
                continue
            parent = stack[-1][1] if stack and stack[-1][1].text.endswith(":") else None
            clause = Clause("", "paragraph", text, parent=parent or root)
            (parent or root).children.append(clause)
            if parent is None:
                stack.clear()
            last = clause
            continue
        key = (style, _depth(style, marker))
        if key not in order:
            order.append(key)
        while stack and order.index(stack[-1][0]) >= order.index(key):
            stack.pop()
        parent = stack[-1][1] if stack else root
        clause = Clause(marker, style, text, parent=parent)
        parent.children.append(clause)
        stack.append((key, clause))
        last = clause
    for clause in root.children:
        clause.parent = None
    return root.children


def walk(clauses: list[Clause]):
    """Every clause, depth first, a parent before its children."""
    for clause in clauses:
        yield clause
        yield from walk(clause.children)
