"""Marking the query's words in the original (accented) text, escaped, for the result list.

The search matches folded text; here each folded character is traced back to the original
character it came from, so ``lang son`` marks ``Lạng Sơn`` as written.
"""

from __future__ import annotations

import unicodedata

from markupsafe import Markup, escape


def _fold_char(ch: str) -> str:
    """One character folded as tracker.text.fold folds it (without the strip)."""
    ch = "d" if ch in "đĐ" else ch
    decomposed = unicodedata.normalize("NFD", ch)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def match_spans(text: str, words: list[str]) -> list[tuple[int, int]]:
    """``(start, end)`` ranges of ``text`` where any folded word occurs, merged, in order."""
    folded_chars: list[str] = []
    origin: list[int] = []
    for i, ch in enumerate(text):
        for c in _fold_char(ch):
            folded_chars.append(c)
            origin.append(i)
    folded = "".join(folded_chars)
    spans = []
    for word in words:
        start = folded.find(word)
        while word and start != -1:
            end = start + len(word)
            spans.append((origin[start], origin[end - 1] + 1))
            start = folded.find(word, end)
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        # Overlapping, touching or apart by spaces only ("Lạng Sơn"): one mark.
        if merged and (start <= merged[-1][1] or text[merged[-1][1]:start].isspace()):
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def highlight(text: str | None, words: list[str]) -> Markup:
    """The whole text, escaped, with every match in ``<mark>``."""
    return _render(text or "", match_spans(text or "", words), 0, len(text or ""))


def snippet(text: str | None, words: list[str], before: int = 60, length: int = 220) -> Markup:
    """A window of a long text around its first match (empty when nothing matches)."""
    text = text or ""
    spans = match_spans(text, words)
    if not spans:
        return Markup("")
    start = max(0, spans[0][0] - before)
    if start:  # begin at a word boundary
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < spans[0][0] else start
    end = min(len(text), start + length)
    if end < len(text):
        space = text.rfind(" ", spans[0][1], end)
        end = space if space > spans[0][1] else end
    body = _render(text, spans, start, end)
    return Markup("{}{}{}").format(Markup("… ") if start else "", body,
                                   Markup(" …") if end < len(text) else "")


def _render(text: str, spans: list[tuple[int, int]], start: int, end: int) -> Markup:
    out = Markup("")
    position = start
    for span_start, span_end in spans:
        span_start, span_end = max(span_start, start), min(span_end, end)
        if span_start >= span_end:
            continue
        out += escape(text[position:span_start])
        out += Markup("<mark>{}</mark>").format(text[span_start:span_end])
        position = span_end
    return out + escape(text[position:end])
