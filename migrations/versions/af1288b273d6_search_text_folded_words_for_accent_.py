"""search_text: folded words for accent-insensitive search

Revision ID: af1288b273d6
Revises: ec1fd271608e
Create Date: 2026-11-22 07:17:41.608168

"""
import unicodedata

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'af1288b273d6'
down_revision = 'ec1fd271608e'
branch_labels = None
depends_on = None

# Table → the columns folded into its search_text (as tracker.text.Searchable does).
SEARCH_FIELDS = {
    "agency": ("name", "short_name"),
    "committee": ("name", "parent_body"),
    "resolution": ("number", "title", "signer"),
    "task": ("title", "description", "expected_output"),
    "user": ("name", "email"),
}


def _fold(text):
    # A frozen copy of tracker.text.fold: a migration must not change when the app does.
    text = (text or "").replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold().strip()


def upgrade():
    for table in SEARCH_FIELDS:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(
                sa.Column('search_text', sa.Text(), nullable=False, server_default='')
            )
    connection = op.get_bind()
    for table, fields in SEARCH_FIELDS.items():
        t = sa.table(table, sa.column("id"), sa.column("search_text"),
                     *(sa.column(f) for f in fields))
        rows = connection.execute(sa.select(t.c.id, *(t.c[f] for f in fields))).all()
        for row in rows:
            text = " | ".join(_fold(v) for v in row[1:] if v)
            connection.execute(t.update().where(t.c.id == row[0]).values(search_text=text))


def downgrade():
    for table in reversed(list(SEARCH_FIELDS)):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column('search_text')
