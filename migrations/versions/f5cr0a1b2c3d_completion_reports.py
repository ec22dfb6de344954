"""reporting a task done is a report: the completion's result, output document and evidence

The completion is stored as the lead agency's last progress report (``completes``), its
files as attachments, the output document marked ``is_output`` (issue 13).

Revision ID: f5cr0a1b2c3d
Revises: f3dc0a1b2c3d
Create Date: 2026-12-07 03:15:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'f5cr0a1b2c3d'
down_revision = 'f3dc0a1b2c3d'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('progress_report') as batch_op:
        batch_op.add_column(sa.Column('completes', sa.Boolean(), nullable=False,
                                      server_default=sa.text('false')))
    with op.batch_alter_table('attachment') as batch_op:
        batch_op.add_column(sa.Column('is_output', sa.Boolean(), nullable=False,
                                      server_default=sa.text('false')))


def downgrade():
    with op.batch_alter_table('attachment') as batch_op:
        batch_op.drop_column('is_output')
    with op.batch_alter_table('progress_report') as batch_op:
        batch_op.drop_column('completes')
