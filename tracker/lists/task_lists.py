"""Which tasks a list shows: the one place /tasks, /my-agency and their exports read filters.

The screens (tracker.tasks.views) and the exports must show the same rows in the same
order, so both build their query from the same ``TaskFilters`` and sort whitelist.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date
from functools import lru_cache

from flask import current_app, request
from flask_babel import get_locale
from markupsafe import Markup

from tracker.kept import Kept
from tracker.labels import CATEGORY_LABELS, STATE_LABELS
from tracker.routing import url_for_ids
from tracker.tasks import workflow
from tracker.tasks.list_items import item_tuples
from tracker.tasks.queries import SORT_KEYS, TaskFilters, task_list_query
from tracker.template_helpers import date_text, days_phrase

LISTS = ("tasks", "my_agency")
# Table rows kept written, per process (``rows_html``): ten pages of a hundred, ~1 KB each.
KEPT_ROWS = 1000
# Filter bars kept written, per process (``filter_bar_html``): up to ~25 KB each, so
# ~2.5 MB per worker at most.
KEPT_FILTER_BARS = 100


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


@dataclass(frozen=True, slots=True)
class TableRow:
    """A task as a list's table shows it, its words already in the user's language."""

    id: int
    url: str
    title: str
    resolution_number: str
    committee_name: str
    agency_label: str
    lead_agency_id: int
    category: str
    category_label: str
    deadline: date | None
    deadline_text: str
    days_left: int | None  # told for a task in work only
    days_text: str
    progress: int
    state_label: str


def table_rows(rows) -> list[TableRow]:
    """The table's rows from a page of the list's plain rows (``tasks.queries.as_item_rows``).

    The labels, dates and "days left" phrases are looked up once per distinct value rather
    than once per cell by template macros (which were half the HTML list's time)."""
    url = url_for_ids("tasks.detail", "task_id")
    categories = {code: str(label) for code, label in CATEGORY_LABELS.items()}
    states = {code: str(label) for code, label in STATE_LABELS.items()}
    dates: dict[date, str] = {}
    phrases: dict[int, str] = {}
    table = []
    for row in item_tuples(rows):
        told = row.days_left if row.state in workflow.IN_WORK else None
        if row.deadline is not None and row.deadline not in dates:
            dates[row.deadline] = date_text(row.deadline)
        if told is not None and told not in phrases:
            phrases[told] = days_phrase(told)
        table.append(TableRow(
            id=row.id, url=url(row.id), title=row.title,
            resolution_number=row.resolution_number, committee_name=row.committee_name,
            agency_label=row.lead_agency_short_name or row.lead_agency_name,
            lead_agency_id=row.lead_agency_id, category=row.category,
            category_label=categories.get(row.category, row.category), deadline=row.deadline,
            deadline_text=dates.get(row.deadline, ""), days_left=told,
            days_text=phrases.get(told, "") if row.deadline is not None else "",
            progress=row.progress, state_label=states.get(row.state, row.state)))
    return table


def rows_html(rows: list[TableRow], own_agency_id: int | None = None) -> Markup:
    """The table rows of ``rows`` (``tasks/_row.html`` each), in the current language.

    A row's markup follows from the row (its words already translated), the language of the
    headings its cells repeat for a phone, and whether the user's agency only coordinates
    the task: so each is kept, keyed by exactly those, and a list page writes only the rows
    it has not written before (100 rows took ~2.5 ms of Jinja on every request)."""
    language = str(get_locale())
    return Markup("").join(
        _written_row(row, bool(own_agency_id) and row.lead_agency_id != own_agency_id,
                     language)
        for row in rows)


@lru_cache(maxsize=KEPT_ROWS)
def _written_row(row: TableRow, marks_coordination: bool, _language: str) -> Markup:
    template = current_app.jinja_env.get_template("tasks/_row.html")
    # An autoescaping template's output (a .html template of the app's environment).
    return Markup(template.render(  # noqa: S704  # nosec B704
        row=row, marks_coordination=marks_coordination))


_filter_bars: Kept[Markup] = Kept(KEPT_FILTER_BARS)


def filter_bar_html(filters: TaskFilters, sort: str, filtered: bool, committees, resolutions,
                    categories, agencies=None, coordinating_agencies=None) -> Markup:
    """A task list's filter bar (``tasks/_filters.html``), in the current language.

    Its markup follows from exactly these arguments (the filters in force and the options
    offered), the page it filters (its "Clear filters" link) and the language: each is kept
    under them (``KEPT_FILTER_BARS``, least recently used dropped first), so a list page
    writes its five selects of some 260 options and their macros only when one of those
    changes (they were a tenth of the page's cost). The template reads nothing else
    (``tests/tasks/test_views_lists.py`` checks its names)."""
    endpoint = request.endpoint
    key = (str(get_locale()), request.script_root, endpoint, _filters_key(filters), sort,
           bool(filtered), _choices_key(committees), _choices_key(resolutions),
           tuple(categories), _choices_key(agencies), _choices_key(coordinating_agencies))

    def write() -> Markup:
        template = current_app.jinja_env.get_template("tasks/_filters.html")
        # An autoescaping template's output (a .html template of the app's environment).
        return Markup(template.render(  # noqa: S704  # nosec B704
            filters=filters, sort=sort, filtered=filtered, endpoint=endpoint,
            committees=committees, resolutions=resolutions, categories=categories,
            agencies=agencies, coordinating_agencies=coordinating_agencies))

    return _filter_bars.get(key, write)


def _filters_key(filters: TaskFilters) -> tuple:
    return tuple(tuple(value) if isinstance(value, list) else value
                 for value in (getattr(filters, f.name) for f in fields(filters)))


def _choices_key(choices) -> tuple | None:
    return None if choices is None else tuple(choices)
