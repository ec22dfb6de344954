"""dashboard's maintained counts: a committee's tasks by lead agency, state and deadline

The dashboard's GROUP BY read every task of the committee (49,940 index entries for
committee 1 of the 1M data set). ``task_tally`` holds the same tasks counted by what the
category rule reads (state, deadline while in work, done late), kept by the flush hook of
``tracker.reports.services`` and rolled up at read time. Filled here from the tasks.

Revision ID: a7rp0a1b2c3d
Revises: a1mt0a1b2c3d
Create Date: 2026-12-07 05:20:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'a7rp0a1b2c3d'
down_revision = 'a1mt0a1b2c3d'
branch_labels = None
depends_on = None

# The key of tracker.tasks.categories.tally_key_columns, as it stands at this revision.
BACKFILL = """
INSERT INTO task_tally (committee_id, lead_agency_id, state, deadline, done_late, tasks)
SELECT committee_id, lead_agency_id, state,
       CASE WHEN state IN ('open', 'submitted') THEN deadline END,
       CASE WHEN state = 'done' AND deadline IS NOT NULL
                 AND (completed_on IS NULL OR completed_on > deadline) THEN TRUE ELSE FALSE END,
       count(*)
FROM task
GROUP BY 1, 2, 3, 4, 5
"""


def upgrade():
    op.create_table(
        'task_tally',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('committee_id', sa.Integer(), nullable=False),
        sa.Column('lead_agency_id', sa.Integer(), nullable=False),
        sa.Column('state', sa.String(length=20), nullable=False),
        sa.Column('deadline', sa.Date(), nullable=True),
        sa.Column('done_late', sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column('tasks', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['committee_id'], ['committee.id'],
                                name=op.f('fk_task_tally_committee_id_committee'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['lead_agency_id'], ['agency.id'],
                                name=op.f('fk_task_tally_lead_agency_id_agency'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_task_tally')),
    )
    op.create_index('ix_task_tally_key', 'task_tally',
                    ['committee_id', 'lead_agency_id', 'state', 'deadline', 'done_late',
                     'tasks'], unique=False)
    op.create_index(op.f('ix_task_tally_lead_agency_id'), 'task_tally', ['lead_agency_id'],
                    unique=False)
    op.execute(BACKFILL)


def downgrade():
    op.drop_index(op.f('ix_task_tally_lead_agency_id'), table_name='task_tally')
    op.drop_index('ix_task_tally_key', table_name='task_tally')
    op.drop_table('task_tally')
