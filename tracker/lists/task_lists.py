"""Which tasks a list shows: the one place /tasks, /my-agency and their exports read filters.

The screens (tracker.tasks.views) and the exports must show the same rows in the same
order, so both build their query from the same ``TaskFilters`` and sort whitelist.
"""

from __future__ import annotations

from tracker.tasks.queries import SORT_KEYS, TaskFilters, task_list_query

LISTS = ("tasks", "my_agency")


def sort_arg(args) -> str:
    sort = args.get("sort") or "urgency"
    return sort if sort.lstrip("-") in SORT_KEYS else "urgency"


def list_filters(list_name: str, args, user) -> TaskFilters | None:
    """The filters of a list for ``user``; None when "my agency" has no agency to show."""
    filters = TaskFilters.from_args(args)
    if list_name == "my_agency":
        # As on the page: always the user's own agency, whatever the query string says.
        if user.agency_id is None:
            return None
        filters.agency_id = None
        filters.involving_agency_id = user.agency_id
    return filters


def list_query(list_name: str, args, user):
    """``SELECT Task, category, days_left`` of a list, or None when it cannot have rows."""
    filters = list_filters(list_name, args, user)
    if filters is None:
        return None
    return task_list_query(user, filters, sort_arg(args))
