"""tasks in work for the reminder sweep: a partial index holding every column it reads

The sweep reads the tasks in work whose deadline falls on the policy's dates (≈ 32,600
rows at 1M tasks): with ix_task_in_work_deadline (deadline, id) it then fetched each row
from the table, 24,000 scattered pages (640–830 ms on the shared machine). This index
holds the state, committee and lead agency too, so the sweep reads the index alone
(100–170 ms; benchmarks/bench_reminders.py).

Revision ID: e5re1a2b3c4d
Revises: d1e0a0c0f001
Create Date: 2026-12-06 23:25:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'e5re1a2b3c4d'
down_revision = 'e4ag0a0c0f01'
branch_labels = None
depends_on = None

IN_WORK = "state IN ('open', 'submitted')"
COLUMNS = ['deadline', 'state', 'committee_id', 'lead_agency_id', 'id']


def upgrade():
    op.create_index('ix_task_in_work_for_reminders', 'task', COLUMNS, unique=False,
                    postgresql_where=sa.text(IN_WORK), sqlite_where=sa.text(IN_WORK))


def downgrade():
    op.drop_index('ix_task_in_work_for_reminders', table_name='task')
