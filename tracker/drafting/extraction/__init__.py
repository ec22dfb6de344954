"""Draft tasks from a conclusion's text: a deterministic rules engine (pure Python: no Flask,
no database), in small modules.

``folding`` (text folded and normalised, offsets kept), ``tokens``, ``record`` (kind,
number, issue date, signer, title), ``clauses`` (numbered clauses and paragraphs, nested),
``assigning`` (which clauses assign work, lead and coordinating agencies), ``agencies`` and
``mentions`` (names, abbreviations and group phrases matched to the committee's agencies),
``deadlines`` (Vietnamese deadline phrases), ``engine`` (``extract_draft``), ``scoring``
(precision and recall against an annotated corpus).
"""

from .engine import extract_draft
from .model import (
    AgencyCandidate,
    AgencyMention,
    AgencyRef,
    Draft,
    DraftDeadline,
    DraftRecord,
    DraftTask,
)

__all__ = ["AgencyCandidate", "AgencyMention", "AgencyRef", "Draft", "DraftDeadline",
           "DraftRecord", "DraftTask", "extract_draft"]
