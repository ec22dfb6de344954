"""The steering-committee tracker: ``create_app()`` builds the Flask app in named steps."""

from __future__ import annotations

import importlib
import os
from pathlib import Path

from flask import Flask

from config import config_for


def create_app(config_name: str | None = None, *, serve_requests: bool = True,
               **overrides) -> Flask:
    """Build the app: config → extensions → the site's blueprints → the parts that set
    themselves up with ``init_app`` (``_PARTS``, in that order).

    ``serve_requests=False`` builds the Celery worker's app: the same config, extensions and
    models, but no route, no API and no request hooks, only what jobs use (``_JOB_PARTS``
    and the templates of ``JOB_TEMPLATE_AREAS``). The views, forms and the API's schemas
    are a third of the web app's boot, and no job reads them.
    """
    app = Flask(__name__, instance_path=str(Path(config_for(config_name).INSTANCE_DIR)))
    register_config(app, config_name, overrides)
    register_extensions(app)
    if serve_requests:
        register_blueprints(app)
    else:
        register_job_templates(app)
    for name in _PARTS if serve_requests else _JOB_PARTS:
        # Imported here, not at the top: the areas import ``tracker.extensions`` and the
        # models, which must not run while this package itself is being imported.
        importlib.import_module(f"tracker.{name}").init_app(app)
    return app


# After the blueprints: security headers (CSP, nosniff, frame denial, HSTS in production)
# on every response; the API under /api/v1 and its OpenAPI document; the templates'
# helpers; error pages and JSON errors; ETags, 304s and Cache-Control on the private lists
# and calendar feeds; the unit of work, which wraps every view registered before it (site
# and API: one transaction per request); the CLI; and the jobs, enqueued by name on the
# Celery app that ``jobs.celery_for`` makes on first use.
_PARTS = ("security", "api", "template_helpers", "errors", "http_caching", "unit_of_work", "cli",
          "jobs")
# A job renders templates (so it needs their filters and globals) and enqueues jobs.
_JOB_PARTS = ("template_helpers", "jobs")
# The areas whose templates a job renders: the reminder digests (reminders/), the summaries'
# documents and weekly mail (summaries/, which extends reminders/'s mail layout).
JOB_TEMPLATE_AREAS = ("reminders", "summaries", "meetings")


def register_config(app: Flask, config_name: str | None, overrides: dict) -> None:
    config_class = config_for(config_name)
    if hasattr(config_class, "check"):
        config_class.check()
    app.config.from_object(config_class)
    app.config.update(overrides)
    if app.config["PROXY_HOPS"]:
        from werkzeug.middleware.proxy_fix import ProxyFix

        hops = app.config["PROXY_HOPS"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)
    os.makedirs(app.instance_path, exist_ok=True)
    os.makedirs(app.config["UPLOAD_DIR"], exist_ok=True)


def register_extensions(app: Flask) -> None:
    from flask_babel import lazy_gettext as _l

    from tracker import database, schema_migrations
    from tracker.auth.locale import select_locale, select_timezone
    from tracker.extensions import babel, csrf, db, limiter, login_manager
    from tracker.json_input import JsonProvider

    app.json = JsonProvider(app)  # request bodies read with bounded nesting
    db.init_app(app)
    database.configure_engine_events(app)
    schema_migrations.init_app(app)  # `flask db …`, loading Alembic only when used
    csrf.init_app(app)
    limiter.init_app(app)
    babel.init_app(app, locale_selector=select_locale, timezone_selector=select_timezone)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    # Flashed when a visitor opens a page that needs signing in. Lazy, so it is translated
    # in the visitor's language; str() at flash time, so the session stores plain text.
    login_manager.login_message = _l("Please sign in to see this page.")
    login_manager.login_message_category = "info"
    login_manager.localize_callback = str
    login_manager.session_protection = "strong"
    from tracker.auth import sessions

    sessions.init_app(app)  # the user loader, and sign-ins that logout and resets end

    # Import every model so relationships resolve and Alembic sees all tables.
    from tracker import models  # noqa: F401
    from tracker.reports.services import keep_tallies

    keep_tallies()  # the dashboard's counts follow every flush of a task


def register_job_templates(app: Flask) -> None:
    """The template folders of ``JOB_TEMPLATE_AREAS``, found as the web app finds them (as
    blueprints' folders, after the app's own), without importing their views."""
    from flask import Blueprint

    for area in JOB_TEMPLATE_AREAS:
        app.register_blueprint(Blueprint(f"{area}_templates", f"tracker.{area}",
                                         template_folder="templates"))


def register_blueprints(app: Flask) -> None:
    from tracker import routing

    routing.init_app(app)  # the <id:…> converter the blueprints' routes use
    from tracker.auth.views import bp as auth_bp
    from tracker.calendars.views import bp as calendars_bp
    from tracker.committees import admin_views as _committee_admin_views  # noqa: F401
    from tracker.committees.views import bp as committees_bp
    from tracker.drafting.views import bp as drafting_bp
    from tracker.lists.views import bp as lists_bp
    from tracker.main_views import bp as main_bp
    from tracker.meetings.notice_views import bp as meeting_notice_bp
    from tracker.meetings.views import bp as meetings_bp
    from tracker.notifications.views import bp as notifications_bp
    from tracker.public.views import bp as public_bp
    from tracker.pwa_views import bp as pwa_bp
    from tracker.reminders.views import bp as reminders_bp
    from tracker.reports.views import bp as reports_bp
    from tracker.resolutions import meeting_views as _meeting_views  # noqa: F401
    from tracker.resolutions.views import bp as resolutions_bp
    from tracker.search.views import bp as search_bp
    from tracker.summaries.views import bp as summaries_bp
    from tracker.tasks.extensions.views import bp as extensions_bp
    from tracker.tasks.imports import views as _task_import_views  # noqa: F401 — its routes join resolutions_bp
    from tracker.tasks.recurrence.views import bp as recurrence_bp
    from tracker.tasks.restructure.views import bp as restructuring_bp
    from tracker.tasks.views import bp as tasks_bp
    from tracker.waiting.views import bp as waiting_bp

    for blueprint in (main_bp, auth_bp, committees_bp, resolutions_bp, tasks_bp, reports_bp,
                      summaries_bp, reminders_bp, lists_bp, calendars_bp, notifications_bp):
        app.register_blueprint(blueprint)
    app.register_blueprint(restructuring_bp)
    app.register_blueprint(extensions_bp)
    app.register_blueprint(waiting_bp)
    app.register_blueprint(meeting_notice_bp)
    app.register_blueprint(recurrence_bp)
    app.register_blueprint(public_bp)  # readable without signing in, when a committee opts in
    app.register_blueprint(search_bp)
    app.register_blueprint(drafting_bp)  # a resolution drafted from its text, reviewed
    app.register_blueprint(pwa_bp)  # manifest, service worker, offline page: no sign-in
    app.register_blueprint(meetings_bp)  # a meeting's agenda and invitation
