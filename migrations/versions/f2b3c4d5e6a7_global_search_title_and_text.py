"""global search: folded titles alone, and a resolution's text among its search words

Revision ID: f2b3c4d5e6a7
Revises: e1a2b3c4d5e6
Create Date: 2026-11-22 08:30:00

"""
import unicodedata

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'f2b3c4d5e6a7'
down_revision = 'e1a2b3c4d5e6'
branch_labels = None
depends_on = None

# Table → the columns folded into its search_text (as tracker.text.Searchable now does).
SEARCH_FIELDS = {
    "resolution": ("number", "title", "signer", "text"),
    "task": ("title", "description", "expected_output"),
}
OLD_RESOLUTION_FIELDS = ("number", "title", "signer")


def _fold(text):
    # A frozen copy of tracker.text.fold: a migration must not change when the app does.
    text = (text or "").replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold().strip()


def _backfill(table, fields, with_title):
    connection = op.get_bind()
    t = sa.table(table, sa.column("id"), sa.column("search_text"), sa.column("search_title"),
                 *(sa.column(f) for f in fields if f != "title"), sa.column("title"))
    rows = connection.execute(sa.select(t.c.id, *(t.c[f] for f in fields))).all()
    for row in rows:
        values = dict(zip(fields, row[1:], strict=True))
        changes = {"search_text": " | ".join(_fold(v) for v in values.values() if v)}
        if with_title:
            changes["search_title"] = _fold(values["title"])
        connection.execute(t.update().where(t.c.id == row[0]).values(**changes))


def upgrade():
    for table in SEARCH_FIELDS:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(
                sa.Column('search_title', sa.Text(), nullable=False, server_default='')
            )
    for table, fields in SEARCH_FIELDS.items():
        _backfill(table, fields, with_title=True)


def downgrade():
    # A plain DROP COLUMN (SQLite >= 3.35): no batch rebuild of task or resolution, whose
    # rebuild would cascade to the rows referencing them.
    for table in reversed(list(SEARCH_FIELDS)):
        op.drop_column(table, 'search_title')
    _backfill("resolution", OLD_RESOLUTION_FIELDS, with_title=False)
