"""The Alembic migrations build exactly the schema the models describe."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from tracker.database import include_migration_object, render_migration_item
from tracker.extensions import db


def test_migrated_schema_matches_the_models(app):
    # The session fixture built the schema with `flask db upgrade`; nothing may be left over.
    with db.engine.connect() as connection:
        context = MigrationContext.configure(
            connection,
            opts={"compare_type": True, "render_item": render_migration_item,
                  "include_object": include_migration_object},
        )
        differences = compare_metadata(context, db.metadata)
    assert differences == []
