"""``flask db …`` (Flask-Migrate over Alembic), bound to the app without importing either
at boot.

Importing Flask-Migrate imports Alembic and its dialect modules (0.1–0.2 s of CPU, a
tenth of the whole boot), which only the ``flask db`` commands and a schema set-up (the
tests, the demo server) use; a gunicorn or Celery process never does. So ``create_app``
puts a stand-in where Flask-Migrate looks for its settings (``app.extensions["migrate"]``)
and a ``db`` command group that loads the real one when the command line asks for it.
``flask_migrate.upgrade()`` in an app context and ``migrations/env.py`` work unchanged:
their first read of the settings binds Flask-Migrate then.
"""

from __future__ import annotations

from pathlib import Path

import click
from flask import Flask

MIGRATIONS_DIRECTORY = Path(__file__).resolve().parent.parent / "migrations"


def init_app(app: Flask) -> None:
    app.extensions["migrate"] = _BoundOnFirstUse(app)
    app.cli.add_command(_DbCommands(name="db", help="Perform database migrations."))


def _bind(app: Flask):
    """Bind Flask-Migrate to ``app`` (which replaces the stand-in) and return its settings."""
    from flask_migrate import Migrate

    from tracker.database import include_migration_object, render_migration_item
    from tracker.extensions import db

    Migrate(
        app, db,
        directory=str(MIGRATIONS_DIRECTORY),
        render_as_batch=True,  # SQLite can only ALTER through table copies
        render_item=render_migration_item,
        include_object=include_migration_object,  # PostgreSQL-only indexes (search)
        compare_type=True,
    )
    return app.extensions["migrate"]


class _BoundOnFirstUse:
    """Stands for Flask-Migrate's settings object until the first attribute is read."""

    def __init__(self, app: Flask) -> None:
        self._app = app
        self._settings = None

    def __getattr__(self, name: str):
        # Only called for attributes this object lacks, i.e. Flask-Migrate's own.
        if self._settings is None:
            self._settings = _bind(self._app)
        return getattr(self._settings, name)


class _DbCommands(click.Group):
    """Flask-Migrate's ``db`` group (its options, its callback, its commands), imported when
    ``flask db …`` runs: the context click makes for this group is the real group's."""

    def make_context(self, info_name, args, parent=None, **extra) -> click.Context:
        from flask_migrate.cli import db

        return db.make_context(info_name, args, parent=parent, **extra)
