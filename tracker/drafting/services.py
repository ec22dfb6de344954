"""Saving what the secretary confirmed on the review screen: the document and its tasks."""

from __future__ import annotations

from tracker.committees.models import Committee
from tracker.resolutions.models import Resolution
from tracker.tasks.services import TaskSpec, record_resolution_with_tasks


def save_draft(committee: Committee, *, actor, resolution_fields: dict,
               task_specs: list[TaskSpec]) -> Resolution:
    """Record the reviewed draft as the several-tasks screen records a document: the
    resolution and every task in the caller's transaction, all or nothing (a broken rule in
    row ``i`` is a ``TaskError`` on ``tasks-i-<field>``, a taken number one on ``number``).

    Drafts are never stored: until this call they live in the review form only."""
    return record_resolution_with_tasks(committee, actor=actor,
                                        resolution_fields=resolution_fields,
                                        task_specs=task_specs)
