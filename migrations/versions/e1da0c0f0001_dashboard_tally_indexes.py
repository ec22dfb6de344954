"""dashboard tally indexes: a committee's counts by agency and category, and each agency's
most late tasks, read from indexes

The committee dashboard counted its tasks by category and agency from the table (a bitmap
heap scan touching most of the table's pages) and loaded every overdue task. With
ix_task_committee_tally the GROUP BY reads the index alone; with
ix_task_in_work_committee_lead_deadline each agency's ten most late tasks are a short
range read in order. Committee 1 of the shared data set (49,940 tasks at 1M), PostgreSQL 15,
busy 2-core machine, best of 20: the GROUP BY 3.6 ms at 100k and 51 ms at 1M, an index-only
scan (a bare count of the same range: 7 ms); the overdue lists 1.4 ms at 100k and at 1M.
The whole page in-process at 1M: 801 ms with the new queries alone, 277 ms with these.

Revision ID: e1da0c0f0001
Revises: d1e0a0c0f001
Create Date: 2026-12-06 23:00:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'e1da0c0f0001'
down_revision = 'd1e0a0c0f001'
branch_labels = None
depends_on = None

IN_WORK = "state IN ('open', 'submitted')"


def upgrade():
    op.create_index('ix_task_committee_tally', 'task',
                    ['committee_id', 'lead_agency_id', 'state', 'deadline', 'completed_on'],
                    unique=False)
    op.create_index('ix_task_in_work_committee_lead_deadline', 'task',
                    ['committee_id', 'lead_agency_id', 'deadline', 'id'], unique=False,
                    postgresql_where=sa.text(IN_WORK), sqlite_where=sa.text(IN_WORK))


def downgrade():
    op.drop_index('ix_task_in_work_committee_lead_deadline', table_name='task')
    op.drop_index('ix_task_committee_tally', table_name='task')
