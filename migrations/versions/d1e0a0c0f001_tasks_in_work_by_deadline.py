"""tasks in work by deadline: a partial index the deadline-ordered lists read in order

The overdue list (newest deadline first, 100 rows) sorted every task in work on each
request: 467 ms at 1M tasks on PostgreSQL. Read backwards from this index it stops after a
page: 1 ms (benchmarks/bench_read_path.py; README, Performance).

Revision ID: d1e0a0c0f001
Revises: c1d0a77ac804
Create Date: 2026-12-06 20:45:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'd1e0a0c0f001'
down_revision = 'c1d0a77ac804'
branch_labels = None
depends_on = None

IN_WORK = "state IN ('open', 'submitted')"


def upgrade():
    op.create_index('ix_task_in_work_deadline', 'task', ['deadline', 'id'], unique=False,
                    postgresql_where=sa.text(IN_WORK), sqlite_where=sa.text(IN_WORK))


def downgrade():
    op.drop_index('ix_task_in_work_deadline', table_name='task')
