"""the task lists' filter options cached per process: the token that invalidates them

Revision ID: a7rp1a2b3c4d
Revises: a7rp0a1b2c3d
Create Date: 2026-12-07 05:40:00

"""
import uuid

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'a7rp1a2b3c4d'
down_revision = 'a7rp0a1b2c3d'
branch_labels = None
depends_on = None


def upgrade():
    table = op.create_table(
        'choices_version',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('token', sa.String(length=36), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_choices_version')),
    )
    op.bulk_insert(table, [{"id": 1, "token": str(uuid.uuid4())}])


def downgrade():
    op.drop_table('choices_version')
