"""a committee's reminder policy says after how many working days a waiting decision is reminded

A reported completion or an extension request left undecided reminds the people who may
decide it (issue 13); the number of working days is a committee setting, 3 by default.

Revision ID: f1rv0a1b2c3d
Revises: e2se0a1b2c3d
Create Date: 2026-12-07 02:10:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'f1rv0a1b2c3d'
down_revision = 'e2se0a1b2c3d'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('reminder_policy') as batch_op:
        batch_op.add_column(sa.Column('decision_waiting_days', sa.Integer(), nullable=False,
                                      server_default='3'))


def downgrade():
    with op.batch_alter_table('reminder_policy') as batch_op:
        batch_op.drop_column('decision_waiting_days')
