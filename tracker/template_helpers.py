"""Filters and globals every template may use."""

from __future__ import annotations

from datetime import date, datetime
from functools import lru_cache
from urllib.parse import urlencode

from flask import Flask, current_app, g, has_app_context, request, url_for
from flask_babel import (
    format_date,
    format_datetime,
    format_decimal,
    get_locale,
    get_translations,
    ngettext,
)
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup, escape

from tracker import labels
from tracker.access import Action, can, may_see, refusal
from tracker.tasks import workflow


def date_text(value: date | str | None) -> str:
    """dd/mm/yyyy in Vietnamese (as on every administrative document); medium in English.
    An ISO date string (as kept in JSON payloads) is read as that date."""
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value)
        except ValueError:
            return value
    if value is None:
        return ""
    if str(get_locale()) == "vi":
        return value.strftime("%d/%m/%Y")
    return format_date(value, "d MMM yyyy")


def _datetime(value: datetime | None) -> str:
    if value is None:
        return ""
    if str(get_locale()) == "vi":
        return format_datetime(value, "HH:mm dd/MM/yyyy")
    return format_datetime(value, "d MMM yyyy, HH:mm")


def _number(value: int) -> str:
    """A count with the locale's thousands separator: 10.000 in Vietnamese, 10,000 in English."""
    return format_decimal(value)


def days_phrase(days_left: int | None) -> str:
    """'3 days left', 'due today', '5 days late' — the phrase under each deadline."""
    if days_left is None:
        return ""
    if days_left == 0:
        return _("due today")
    if days_left > 0:
        return ngettext("%(num)d day left", "%(num)d days left", days_left)
    return ngettext("%(num)d day late", "%(num)d days late", -days_left)


def url_with_query(endpoint: str, query, **values) -> str:
    """``url_for(endpoint, **values)`` followed by ``query`` (a dict of lists, or a MultiDict)
    as its query string.

    The query comes from the visitor: given to ``url_for`` as keywords, a key such as
    ``_anchor``, ``_external`` or a view argument's name would be taken as url_for's own
    (a 500, or another page's URL). Here only ``values`` build the path.
    """
    url = url_for(endpoint, **values)
    if hasattr(query, "to_dict"):
        query = query.to_dict(flat=False)
    query_string = urlencode(query, doseq=True)
    return f"{url}?{query_string}" if query_string else url


def url_with(**changes) -> str:
    """The current URL with some query arguments replaced (pagination, sorting)."""
    args = request.args.to_dict(flat=False)
    for key, value in changes.items():
        if value is None:
            args.pop(key, None)
        else:
            args[key] = [value]
    return url_with_query(request.endpoint, args, **(request.view_args or {}))


def option_tags(choices, selected, value_key=0, label_key=1, label_map=None) -> Markup:
    """The ``<option>`` tags of a select (``_list.html``'s filter_select): each choice's value
    and label read as that macro documents (an item's key or attribute, as Jinja reads
    ``item[key]``), the one equal to ``selected`` marked. Written here, not in a Jinja loop:
    a list page's filter bar offers some 260 options, and the loop's lookups and escapes per
    option were a third of the page's rendering time. Choices that are plain (id, name)
    pairs are kept once written, per choices and choice: the task lists' selects, the same on
    every page (a translated name, or a record, is written each time)."""
    choices = tuple(choices)
    if label_map is None and _plain(choices, selected):
        return _plain_option_tags(choices, selected, value_key, label_key)
    return _option_tags(choices, selected, value_key, label_key, label_map)


def _plain(choices: tuple, selected) -> bool:
    plain = (int, str, type(None))
    return type(selected) in plain and all(
        type(item) is tuple and all(type(part) in plain for part in item) for item in choices)


def _read(item, key):
    if key is None:
        return item
    try:
        return item[key]
    except (TypeError, LookupError):
        return getattr(item, key)


def _option_tags(choices, selected, value_key, label_key, label_map) -> Markup:
    tags = []
    for item in choices:
        value = _read(item, value_key)
        text = label_map[item] if label_map else _read(item, label_key)
        mark = " selected" if value == selected else ""
        tags.append(f'<option value="{escape(value)}"{mark}>{escape(text)}</option>')
    # Each value and name escaped above (Markup.format would too, at five times the cost).
    return Markup("".join(tags))  # noqa: S704  # nosec B704


@lru_cache(maxsize=256)
def _plain_option_tags(choices: tuple, selected, value_key, label_key) -> Markup:
    return _option_tags(choices, selected, value_key, label_key, None)


def committee_trail(committee=None, resolution=None, task=None, meeting=None, summary=None,
                    committee_id: int | None = None) -> list[tuple[str, str]]:
    """The breadcrumb trail of a page under a committee, outermost first, as (url, label):
    the committees, the committee, then the meeting (under its committee's meetings) or the
    summary (under its summaries), the resolution and the task the page is about or under.
    The committee is found from the most specific record given (or ``committee_id``, as a
    task list's filter, if the user may see it); no committee, no trail. A link to the page
    itself is left out: the page ends the trail as its current item (macros.trail)."""
    record = next((r for r in (task, resolution, meeting, summary, committee) if r is not None),
                  None)
    if record is not None and not hasattr(record, "committee"):
        committee = record  # the committee itself
    elif record is not None:
        committee = record.committee
    elif committee_id is not None:
        from tracker.committees.models import Committee
        from tracker.extensions import db

        committee = db.session.get(Committee, committee_id)
    if committee is None or not may_see(current_user, committee):
        return []
    trail = [(url_for("committees.index"), _("Committees")),
             (url_for("committees.show", committee_id=committee.id), committee.name)]
    if meeting is not None:
        trail += [(url_for("resolutions.meetings", committee_id=committee.id), _("Meetings")),
                  (url_for("resolutions.meeting", meeting_id=meeting.id), meeting.title)]
    if summary is not None:
        trail.append((url_for("summaries.index", committee_id=committee.id),
                      _("Summary reports")))
    if task is not None and resolution is None:
        resolution = task.resolution
    if resolution is not None:
        trail.append((url_for("resolutions.detail", resolution_id=resolution.id),
                      resolution.number or resolution.title))
    if task is not None:
        trail.append((url_for("tasks.detail", task_id=task.id), task.title))
    return [(url, label) for url, label in trail if url != request.path]


def _translations():
    """Flask-Babel's catalog for the current locale, looked up once per locale and request:
    its own lookup (the locale's name rebuilt, then a dict) ran for each of the ~65 strings
    of a list page. ``force_locale`` sets a new locale object, so a mail rendered in the
    recipient's language inside a request looks its catalog up again."""
    if not has_app_context():
        return get_translations()
    locale = get_locale()
    kept = g.get("_kept_translations")
    if kept is None or kept[0] is not locale:
        kept = g._kept_translations = (locale, get_translations())
    return kept[1]


def site_menu() -> Markup:
    """The header's menu (``_menu.html``), kept per process under exactly what it shows: the
    language, whether the user has an agency ("My agency's tasks"), whether this is the
    dashboard (marked current), whether the user administers (the administration entry), and
    the demo mode. Its twenty links and their names were written on every page."""
    return _kept_menu(str(get_locale()), request.script_root,
                      current_user.is_authenticated and bool(current_user.agency_id),
                      request.endpoint == "reports.dashboard",
                      can(current_user, Action.ADMINISTER),
                      bool(current_app.config.get("DEMO_MODE")))


@lru_cache(maxsize=64)
def _kept_menu(_language: str, _script_root: str, has_agency: bool, on_dashboard: bool,
               administers: bool, demo: bool) -> Markup:
    template = current_app.jinja_env.get_template("_menu.html")
    # An autoescaping template's output (a .html template of the app's environment).
    return Markup(template.render(  # noqa: S704  # nosec B704
        has_agency=has_agency, on_dashboard=on_dashboard, administers=administers, demo=demo))


def init_app(app: Flask) -> None:
    # Flask-Babel's own callables, with the catalog kept for the request (``_translations``).
    app.jinja_env.install_gettext_callables(
        gettext=lambda s: _translations().ugettext(s),
        ngettext=lambda s, p, n: _translations().ungettext(s, p, n),
        newstyle=True,
        pgettext=lambda c, s: _translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: _translations().unpgettext(c, s, p, n),
    )
    app.jinja_env.filters["date"] = date_text
    app.jinja_env.filters["datetime"] = _datetime
    app.jinja_env.filters["number"] = _number
    app.jinja_env.globals.update(
        labels=labels,
        site_menu=site_menu,
        days_phrase=days_phrase,
        committee_trail=committee_trail,
        url_with=url_with,
        option_tags=option_tags,
        url_with_query=url_with_query,
        Action=Action,
        can=lambda action, target=None: can(current_user, action, target),
        # Why "four eyes" keeps the user from an action their role allows (None otherwise).
        refusal=lambda action, target=None: refusal(current_user, action, target),
        # The task workflow's table (tracker.tasks.workflow), by verb name: may the user use
        # it now; why "four eyes" keeps them from it; does the task's state allow it at all.
        may=lambda verb, task, extension=None: workflow.allowed(current_user, verb, task,
                                                                extension),
        why_not=lambda verb, task, extension=None: workflow.refusal(current_user, verb, task,
                                                                    extension),
        state_allows=workflow.state_allows,
        in_work=workflow.in_work,
        current_locale=lambda: str(get_locale()),
    )
