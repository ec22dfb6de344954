"""The dashboard's maintained counts: the nightly check that recounts them and fixes drift.

Thin: the check is ``tracker.reports.services.check_tallies``. It runs in the job's one
unit of work, is idempotent (a second run finds nothing to fix), and logs what it fixed.
"""

from __future__ import annotations

import logging

from tracker.reports.services import check_tallies
from workers import job

log = logging.getLogger(__name__)


@job("reports.check_tallies")
def check_task_tallies(committee_id: int | None = None) -> dict:
    """Recount every committee's tasks (or one), fix the maintained counts, report."""
    result = check_tallies(committee_id)
    for drift in result.drifts:
        log.warning("task tally drift fixed: committee %s, agency %s, %s, deadline %s, "
                    "late %s: counted %s, actual %s", drift.committee_id, drift.lead_agency_id,
                    drift.state, drift.deadline, drift.done_late, drift.counted, drift.actual)
    return {"committees": result.committees, "keys": result.keys,
            "drifts": len(result.drifts), "merged_rows": result.merged_rows}
