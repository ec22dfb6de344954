"""Conditional GETs for the private lists and the calendar feeds: ETag, 304, Cache-Control.

A list polled again unchanged (a dashboard left open, an integrator's sync, a calendar app
refreshing its subscription) is answered ``304 Not Modified`` with no body, instead of the
same page again. Which answers take part, by one rule each:

- the API's paged lists: every operation documented as answering one page of a list (its
  200 schema has ``items`` and ``total``: what ``ApiBlueprint.paged`` builds), found from
  the views themselves, so a new list takes part without being named here;
- the site's task lists (``SITE_LISTS``) and the calendar feeds (``FEEDS``).

A record's own GET does not: its ``version`` is what a client sends back in ``If-Match``
(``tracker.api.common.expected_version``), and a body hash in ``ETag`` there would read as
one. A successful GET (or HEAD) of these gets an ``ETag`` computed from its body, a 304
when ``If-None-Match`` names it (the 304 keeps the ETag and every other header), and
``Cache-Control: private, no-cache``: kept by the user's own client only, never by a shared
cache (the answer is the caller's), and revalidated on every use, so a changed task shows
at once. An answer that already says ``no-store`` (a download) is left as it is.

The ETag is the body's hash, so a 304 only ever tells a client that what it holds is what
it would get. Two parts of a body change on every request without saying anything new,
and are left out of the hash; the ETag is then weak (RFC 9110: same content, not the same
bytes), which is all ``If-None-Match`` compares:

- in a page, the signed CSRF token, which embeds the time it was signed: the session's
  token is hashed in its place, so a page a client holds keeps working forms (tokens do
  not expire here, ``WTF_CSRF_TIME_LIMIT = None``; were a limit set, nothing is left out);
- in a feed, each event's DTSTAMP, the time the document was written.
"""

from __future__ import annotations

import re

from flask import Flask, Response, current_app, g, request, session
from werkzeug.http import generate_etag

SITE_LISTS = frozenset({"tasks.index", "tasks.my_agency"})
FEEDS = frozenset({"calendars.feed"})
CACHE_CONTROL = "private, no-cache"

_DTSTAMP = re.compile(rb"^DTSTAMP[:;][^\r\n]*\r?\n", re.MULTILINE)


def is_page_of_list(view) -> bool:
    """Whether an API view answers one page of a list (a 200 with ``items`` and ``total``)."""
    responses = getattr(view, "_apidoc", {}).get("response", {}).get("responses", {})
    for documented in responses.get(200, ()):
        schema = documented.get("schema")
        if isinstance(schema, type):
            schema = schema()
        fields = getattr(schema, "fields", None) or {}
        if "items" in fields and "total" in fields:
            return True
    return False


def _hashed(response: Response, body: bytes) -> bytes:
    """``body`` without what changes on every request (see the module's docstring)."""
    if response.mimetype == "text/calendar":
        return _DTSTAMP.sub(b"", body)
    if response.mimetype != "text/html" or current_app.config["WTF_CSRF_TIME_LIMIT"] is not None:
        return body
    field = current_app.config["WTF_CSRF_FIELD_NAME"]
    signed, secret = g.get(field), session.get(field)
    return body.replace(signed.encode(), secret.encode()) if signed and secret else body


def conditional(response: Response) -> Response:
    """ETag, 304 and ``Cache-Control`` on a successful GET of a list or feed."""
    if response.cache_control.no_store or response.is_streamed:
        return response
    body = response.get_data()
    hashed = _hashed(response, body)
    response.set_etag(generate_etag(hashed), weak=hashed != body)
    response.headers["Cache-Control"] = CACHE_CONTROL
    return response.make_conditional(request)


def init_app(app: Flask) -> None:
    takes_part: dict[str, bool] = {}  # endpoint → whether it takes part, worked out once

    def _takes_part(endpoint: str | None) -> bool:
        if endpoint is None:
            return False
        if endpoint not in takes_part:
            takes_part[endpoint] = (endpoint in SITE_LISTS or endpoint in FEEDS
                                    or is_page_of_list(app.view_functions.get(endpoint)))
        return takes_part[endpoint]

    @app.after_request
    def _conditional_get(response: Response) -> Response:
        if (request.method in ("GET", "HEAD") and response.status_code == 200
                and _takes_part(request.endpoint)):
            return conditional(response)
        return response
