"""photo evidence: a camera photo's thumbnail next to the re-encoded photo

A progress report may carry a photo from the phone's camera; the server stores it
re-encoded (no EXIF metadata) with a 320-pixel thumbnail for the task page. NULL for
every other file.

Revision ID: f3dc0a1b2c3d
Revises: f1rv0a1b2c3d
Create Date: 2026-12-07 02:20:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'f3dc0a1b2c3d'
down_revision = 'f1rv0a1b2c3d'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('attachment', schema=None) as batch_op:
        batch_op.add_column(sa.Column('thumbnail_name', sa.String(length=64), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_attachment_thumbnail_name'),
                                          ['thumbnail_name'])


def downgrade():
    with op.batch_alter_table('attachment', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_attachment_thumbnail_name'), type_='unique')
        batch_op.drop_column('thumbnail_name')
