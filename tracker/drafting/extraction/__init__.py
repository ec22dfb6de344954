"""Draft tasks from a conclusion's text: a deterministic rules engine (pure Python: no Flask,
no database), in small modules.

``folding`` (text folded and normalised, offsets kept), ``tokens``, ``record`` (kind,
number, issue date, signer, title), ``clauses`` (numbered clauses and paragraphs, nested),
``assigning`` (which clauses assign work, lead and coordinating agencies), ``agencies`` and
``mentions`` (names, abbreviations and group phrases matched to the committee's agencies),
``deadlines`` (Vietnamese deadline phrases), ``engine`` (``extract_draft``), ``scoring``
(precision and recall against an annotated corpus).
"""

from .model import (
    AgencyCandidate,
    AgencyMention,
    AgencyRef,
    Draft,
    DraftDeadline,
    DraftRecord,
    DraftTask,
)


def extract_draft(*args, **kwargs) -> Draft:
    """``engine.extract_draft``, imported on first use: the engine compiles some 270 regular
    expressions when loaded (~90 ms), which the web app's and the worker's boot need not pay
    (tests/test_boot.py)."""
    from .engine import extract_draft as extract

    return extract(*args, **kwargs)


__all__ = ["AgencyCandidate", "AgencyMention", "AgencyRef", "Draft", "DraftDeadline",
           "DraftRecord", "DraftTask", "extract_draft"]
