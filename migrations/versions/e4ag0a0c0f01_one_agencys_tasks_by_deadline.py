"""one agency's tasks by deadline: the index "my agency's tasks" reads in order

The page sorted every task of the user's committees (OR'd with "coordinating": no index
could serve it) on each request; with this index each urgency rank of the agency's tasks
is read in deadline order and stops after a page, and the count reads the index alone
(see tracker/tasks/queries.py and the README's performance section for the figures).

Revision ID: e4ag0a0c0f01
Revises: d1e0a0c0f001
Create Date: 2026-12-06 23:00:00

"""
from alembic import op

# revision identifiers, used by Alembic.
revision = 'e4ag0a0c0f01'
down_revision = 'e1da0c0f0001'
branch_labels = None
depends_on = None


def upgrade():
    # INCLUDE is PostgreSQL's; SQLite builds the key columns alone (postgresql_include is
    # ignored there).
    op.create_index('ix_task_lead_deadline', 'task', ['lead_agency_id', 'deadline', 'id'],
                    unique=False, postgresql_include=['state', 'committee_id'])


def downgrade():
    op.drop_index('ix_task_lead_deadline', table_name='task')
