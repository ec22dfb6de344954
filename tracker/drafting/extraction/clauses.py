"""Splitting a document's body into clauses: ``I.``, ``1.``, ``2.1``, ``a)``, ``-``, ``+`` and
unnumbered paragraphs, nested by the order in which the numbering styles appear (the usual
layout of Decree 30/2020: I. → 1. → 1.1 → a) → - → +)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_MARKERS = (
    ("article", re.compile(r"^(Điều\s+\d{1,3})[.:]?\s*(?=\S)")),
    ("roman", re.compile(r"^((?:X{0,1})(?:IX|IV|V?I{0,3}))[.)]\s+(?=\S)")),
    ("dotted", re.compile(r"^(\d{1,2}(?:\.\d{1,2})+)\.?\s+(?=\S)")),
    ("number", re.compile(r"^(\d{1,2})[.)]\s*(?=[^\d\s/])")),
    ("letter", re.compile(r"^([a-zđ])[)\.]\s+(?=\S)")),
    ("dash", re.compile(r"^([-*])\s*(?=\S)")),
    ("plus", re.compile(r"^(\+)\s*(?=\S)")),
    ("paren", re.compile(r"^(\((?:\d{1,2}|[a-zđ])\))\s*(?=\S)")),
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
            if style == "article":
                written = m.group(1)
            elif style == "dotted" and written.endswith("."):
                written = written[:-1]
            return style, written, line[m.end():].strip()
    return "paragraph", "", line.strip()


def _depth(style: str, marker: str) -> int:
    if style == "dotted":
        return marker.count(".")
    return 0


def is_heading(clause: Clause) -> bool:
    """A clause that introduces the ones below it: "2. Nhiệm vụ:", "1. Mục đích", "Sở Y tế:"."""
    text = clause.text
    if text.endswith(":"):
        return True
    return clause.style != "paragraph" and len(text) < 90 and not re.search(r"[.;!?]$", text)


def split_clauses(lines: list[str]) -> list[Clause]:
    """The clauses of the body's (unwrapped) lines as a forest: a clause holds the ones
    numbered below it, and a heading the paragraphs that follow it."""
    root = Clause("", "root", "")
    base = root  # the paragraph heading ("… kết luận như sau:") the numbering hangs under
    stack: list[tuple[tuple[str, int], Clause]] = []  # (style key, clause)
    order: list[tuple[str, int]] = []  # style keys in the order they first appear
    for raw in lines:
        line = raw.strip()
        if not line:
            continue
        style, marker, text = _marker(line)
        if style == "paragraph":
            if stack and is_heading(stack[-1][1]):
                parent = stack[-1][1]
            elif base is not root and not stack:
                parent = base
            else:
                parent, stack = root, []
                base = root
            clause = Clause("", "paragraph", text, parent=parent)
            parent.children.append(clause)
            if parent is root and text.endswith(":"):
                base = clause  # what follows hangs under it
            continue
        key = (style, _depth(style, marker))
        if key not in order:
            order.append(key)
        while stack and order.index(stack[-1][0]) >= order.index(key):
            stack.pop()
        parent = stack[-1][1] if stack else base
        clause = Clause(marker, style, text, parent=parent)
        parent.children.append(clause)
        stack.append((key, clause))
    for clause in root.children:
        clause.parent = None
    return root.children


def walk(clauses: list[Clause]):
    """Every clause, depth first, a parent before its children."""
    for clause in clauses:
        yield clause
        yield from walk(clause.children)
