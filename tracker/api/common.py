"""What every API resource shares: its blueprint, base schemas, pagination, lookups.

Conventions (OpenAPI-visible): JSON in snake_case; dates ``YYYY-MM-DD``; timestamps
ISO 8601 in UTC; lists paginated with ``page``/``per_page`` (≤ 200) and the total in the
body; unknown request fields are refused (422) so a typo never passes silently.
"""

from __future__ import annotations

import functools
from http import HTTPStatus

import marshmallow as ma
from flask import abort, g, jsonify, request
from flask_babel import gettext as _
from flask_login import current_user
from flask_smorest import Blueprint
from marshmallow import validate
from webargs import core
from webargs.flaskparser import FlaskParser, is_json_request

from tracker.access import Action, require
from tracker.domain import MAX_ID, DomainError, clean_text
from tracker.errors import json_error
from tracker.extensions import db
from tracker.json_input import checked
from tracker.paging import MAX_PAGE, MAX_PER_PAGE, BadCursor, Page, paginate_rows
from tracker.rules import NumberRule, TextRule
from tracker.tasks import workflow
from tracker.tasks.models import Task
from tracker.unit_of_work import status_of

API_PREFIX = "/api/v1"


class ArgumentsParser(FlaskParser):
    """webargs' parser for the API's schemas, reading bodies through ``checked`` (bounded
    nesting). Here, not in tracker.json_input: webargs brings marshmallow, which only the
    API uses (the worker, which boots no API, would import it for nothing)."""

    def _raw_load_json(self, req):
        if not is_json_request(req):
            return core.missing
        return checked(core.parse_json, req.get_data(cache=True))


class ApiBlueprint(Blueprint):
    """flask-smorest's blueprint, documenting the answers every operation may give besides
    its own: 401 without a valid token, and for a JSON body 400 when it is not JSON at all
    and 413 when it is over the request size cap (422, for a body that does not fit the
    schema, flask-smorest documents itself)."""

    ARGUMENTS_PARSER = ArgumentsParser()  # bodies read with bounded nesting (400 beyond)

    @staticmethod
    def _make_doc_response_schema(schema):
        """A response's schema in the document: its class when the instance adds nothing to
        it (apispec documents both alike). Every decorator above an operation deep-copies
        its documentation; copying schema instances, their fields and nested schemas, was
        0.05 s of the web app's boot, copying a class is free."""
        if isinstance(schema, ma.Schema) and not (
                schema.many or schema.only is not None or schema.exclude or schema.partial
                or schema.load_only or schema.dump_only):
            return type(schema)
        return schema

    def route(self, rule, *, parameters=None, **options):
        """Also documents 401 on every operation that needs a token (all but those marked
        ``@bp.doc(security=[])``, which must come below ``@bp.route``)."""
        register = super().route(rule, parameters=parameters, **options)

        def decorator(func):
            if getattr(func, "_apidoc", {}).get("manual_doc", {}).get("security") != []:
                func = self.alt_response(HTTPStatus.UNAUTHORIZED,
                                         HTTPStatus.UNAUTHORIZED.name)(func)
            return register(func)

        return decorator

    def arguments(self, schema, *, location="json", **kwargs):
        decorate = super().arguments(schema, location=location, **kwargs)
        if location != "json":
            return decorate

        def decorator(func):
            wrapper = decorate(func)
            responses = wrapper._apidoc["arguments"]["responses"]
            for status in (HTTPStatus.BAD_REQUEST, HTTPStatus.REQUEST_ENTITY_TOO_LARGE):
                responses.setdefault(int(status), status.name)
            return wrapper

        return decorator

    # What an operation's ``errors`` may name: the statuses its own rules answer with.
    ERRORS = {"forbidden": HTTPStatus.FORBIDDEN, "not_found": HTTPStatus.NOT_FOUND,
              "conflict": HTTPStatus.CONFLICT, "too_many_requests": HTTPStatus.TOO_MANY_REQUESTS}

    def errors(self, **descriptions: str):
        """Documents the errors an operation answers besides those every one may give, each
        in the error envelope (ErrorSchema), with what it means there: ``forbidden`` (403),
        ``not_found`` (404), ``conflict`` (409), ``too_many_requests`` (429)."""

        def decorator(func):
            for name, description in descriptions.items():
                func = self.alt_response(self.ERRORS[name], schema=ErrorSchema,
                                         description=description)(func)
            return func

        return decorator

    def paged(self, rule, page_schema, args_schema=None, items=None, **errors: str):
        """``GET rule``, a list: the view takes the query arguments (``args_schema``, by
        default PageArgsSchema: the page asked for) and the path's ids and returns the query;
        the answer is the page of it (``page``) in ``page_schema``'s envelope.

        ``items``, when given, builds a page's items from the query's plain rows as
        ``page_schema`` documents them; the envelope is then answered as built, not dumped
        again (the task list: 100 items dumped by marshmallow cost more than their query)."""

        def decorator(func):
            @functools.wraps(func)
            def view(args, **path):
                if items is None:
                    return page(func(args, **path), args)
                try:
                    rows = paginate_rows(func(args, **path), args["page"], args["per_page"],
                                         after=args.get("after"), tag=args.get("sort", ""))
                except BadCursor:
                    abort(json_error(422, _("Not a cursor of this list and sort."), {
                        "after": _("Not a cursor of this list and sort.")}))
                return jsonify({"items": items(rows.items), "page": rows.page,
                                "per_page": rows.per_page, "total": rows.total,
                                "total_exact": rows.total_exact, "pages": rows.pages,
                                "next_after": rows.next_after})

            view = self.response(200, page_schema)(self.errors(**errors)(view))
            view = self.arguments(args_schema or PageArgsSchema, location="query")(view)
            return self.route(rule)(view)

        return decorator


def api_blueprint(name: str, import_name: str, description: str) -> Blueprint:
    """A blueprint of the API, mounted under /api/v1 and documented under its name.

    A service's broken rule (DomainError) is answered here, as the site answers it
    (``unit_of_work.status_of``): a rule about the values sent is a 422 naming the field, a
    task's state or a stale version (StateError, EditConflict) a 409 with the record as it
    is now, a rule about who acts (NotPermitted, e.g. "four eyes") a 403 with its message.
    The request's unit of work has rolled its writes back before this answers.
    """
    blueprint = ApiBlueprint(name, import_name, url_prefix=API_PREFIX, description=description)
    blueprint.register_error_handler(DomainError, _domain_error)
    return blueprint


def _domain_error(error: DomainError):
    status = status_of(error)
    if status == 403:
        return json_error(403, error.message)
    extra = {}
    current = g.get("api_current")
    if status == 409 and current is not None:
        extra["current"] = current()
    return json_error(status, error.message, {error.field or "_schema": error.message}, **extra)


# Which schema shows a record as it is now, in a 409's ``error.current`` (set by the modules
# that define them: a task, a resolution).
CURRENT_SCHEMAS: dict[type, type] = {}


def show_on_conflict(record) -> None:
    """Answer a 409 in this request with ``record`` as it is stored then (after the
    request's writes are rolled back), when its kind has a schema in CURRENT_SCHEMAS."""
    schema = CURRENT_SCHEMAS.get(type(record))
    if schema is not None:
        model, record_id = type(record), record.id
        g.api_current = lambda: schema().dump(db.session.get(model, record_id))


class ApiSchema(ma.Schema):
    """Base of every request and response schema."""

    class Meta:
        unknown = ma.RAISE  # a misspelt field is an error, not silently ignored


def Id(*, strict: bool = True, **kwargs) -> ma.fields.Integer:  # noqa: N802 — reads like a field
    """A row id: a positive 32-bit integer. JSON must send a number (``strict``); a query
    string can only send text, so query parameters pass ``strict=False``."""
    return ma.fields.Integer(strict=strict, validate=validate.Range(min=1, max=MAX_ID), **kwargs)


class SafeString(ma.fields.String):
    """Text under the one rule for stored text, as the site's forms filter it
    (``domain.clean_text``: NFC, trimmed, NUL and other unstorable controls dropped), so a
    length is checked on what is stored and the services judge the same text from either
    side (names: ``domain.checked_name``). A lone surrogate, which JSON can spell
    (``"\\ud800"``) but UTF-8 cannot encode, is refused as invalid text."""

    def _deserialize(self, value, attr, data, **kwargs):
        text = super()._deserialize(value, attr, data, **kwargs)
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:
            raise self.make_error("invalid") from None
        return clean_text(text)


def Text(rule: TextRule | int, **kwargs) -> ma.fields.String:  # noqa: N802
    """A bounded text field: a service's rule (``tracker.rules``), refused over its length
    in the words the service and the site use; a bare limit for what is not stored (search
    words). Whether it may be empty is the service's to say, with the rule's message."""
    if isinstance(rule, TextRule):
        return SafeString(validate=validate.Length(max=rule.max_length, error=rule.too_long),
                          **kwargs)
    return SafeString(validate=validate.Length(max=rule), **kwargs)


def Number(rule: NumberRule, **kwargs) -> ma.fields.Integer:  # noqa: N802
    """A whole number in a service's range (``tracker.rules``), refused in its words."""
    return ma.fields.Integer(strict=True, validate=validate.Range(
        min=rule.min, max=rule.max, error=rule.message), **kwargs)


class ErrorBodySchema(ApiSchema):
    code = ma.fields.String(required=True, metadata={
        "description": "bad_request, unauthorized, forbidden, not_found, conflict, "
                       "payload_too_large, invalid_input, too_many_requests…"})
    message = ma.fields.String(required=True, metadata={
        "description": "What went wrong, in the caller's language (Accept-Language)."})
    fields = ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.String(), required=True,
                            metadata={"description": "Field name → what is wrong with it."})
    current = ma.fields.Dict(metadata={
        "description": "On 409: the record as it is now stored, with its version."})


class ErrorSchema(ApiSchema):
    error = ma.fields.Nested(ErrorBodySchema, required=True)


class PageArgsSchema(ApiSchema):
    page = ma.fields.Integer(load_default=1, validate=validate.Range(min=1, max=MAX_PAGE))
    per_page = ma.fields.Integer(load_default=25, validate=validate.Range(min=1, max=MAX_PER_PAGE))


def Sort(keys, default: str, description: str = "A key; prefix '-' for descending."):  # noqa: N802
    """A list's ``sort`` argument: one of ``keys``, or one of them after '-' for descending."""
    return ma.fields.String(load_default=default,
                            validate=validate.OneOf([*keys, *(f"-{key}" for key in keys)]),
                            metadata={"description": description})


def page_of(item_schema: type[ma.Schema], name: str, keyset: bool = False) -> type[ma.Schema]:
    """The envelope of one page of ``item_schema``: items and the counts to page through;
    with ``keyset``, the cursor of the next page too (``after``)."""
    cursor = {"next_after": ma.fields.String(required=True, allow_none=True, metadata={
        "description": "Send it as `after` for the rows after this page (null at the end): "
                       "each page then costs the same however deep, and rows added or "
                       "removed meanwhile do not shift the next one."})} if keyset else {}
    return type(name, (ApiSchema,), {
        **cursor,
        "items": ma.fields.List(ma.fields.Nested(item_schema), required=True),
        "page": ma.fields.Integer(required=True),
        "per_page": ma.fields.Integer(required=True),
        "total": ma.fields.Integer(required=True, metadata={
            "description": "Rows in all pages, counted up to 10,000 or to the end of the page "
                           "asked for, whichever is further; past that, that many and "
                           "`total_exact` is false."}),
        "total_exact": ma.fields.Boolean(required=True, metadata={
            "description": "Whether `total` is the exact count (else there are more rows, and "
                           "`pages` is a lower bound too)."}),
        "pages": ma.fields.Integer(required=True),
    })


class Listed:
    """A record with the values its list query computed beside it (a task's category, a
    resolution's task count): an item schema reads both as attributes."""

    def __init__(self, record, **computed):
        self._record = record
        self.__dict__.update(computed)

    def __getattr__(self, name):
        return getattr(self._record, name)


def listed(row):
    """A query's row as an item schema reads it: its record, with the row's other columns
    (``SELECT Task, category, days_left``) as the record's attributes."""
    if len(row) == 1:
        return row[0]
    return Listed(row[0], **dict(zip(row._fields[1:], row[1:], strict=True)))


def page(query, args: dict) -> Page:
    """The page of ``query`` that ``args`` asks for, for ``page_of``'s envelope to dump."""
    rows = paginate_rows(query, args["page"], args["per_page"])
    rows.items = [listed(row) for row in rows.items]
    return rows


def get_visible(model, object_id: int, action: Action = Action.VIEW):
    """The row, when the caller may ``action`` it: 404 if missing or invisible, 403 if
    visible but not allowed. A 409 later in the request shows it as it is now."""
    obj = db.session.get(model, object_id)
    if obj is None:
        abort(404)
    require(current_user, action, obj)
    show_on_conflict(obj)
    return obj


def task_for(task_id: int, verb: workflow.Verb) -> Task:
    """The task, once ``verb`` may be used on it (``tasks.workflow.check``: 404, then the
    409 on ``state`` — its answer shows the task as it is now, ``get_visible`` — then 403);
    a state the service finds changed meanwhile is the same 409 (a ``StateError``)."""
    task = get_visible(Task, task_id)
    workflow.check(current_user, verb, task)
    return task


def require_admin() -> None:
    require(current_user, Action.ADMINISTER)


def expected_version(fields: dict) -> int | None:
    """The version the client read: the body's ``version``, else ``If-Match``."""
    if fields.get("version") is not None:
        return fields["version"]
    tag = (request.headers.get("If-Match") or "").strip()
    if not tag:
        return None
    tag = tag.removeprefix("W/").strip('"')
    if not tag.isdigit() or len(tag) > 9:
        abort(json_error(400, "If-Match", {"If-Match": "If-Match: \"<version>\""}))
    return int(tag)
