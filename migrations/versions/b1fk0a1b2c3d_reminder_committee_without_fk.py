"""the reminder's committee without a foreign key or an index of its own

A reminder goes with its task (ON DELETE CASCADE) and the task with its committee, and the
sweep copies the committee from the task, so the reminder's own key to the committee
checked nothing the task's does not, and its index served only that key's cascade
(nothing reads reminders by committee). At a million tasks the two cost 1.3–1.8 s of the
5–6 s that writing a day's 110,607 reminders takes (EXPLAIN ANALYZE; issue 12).

Revision ID: b1fk0a1b2c3d
Revises: a9ex0a1b2c3d
Create Date: 2026-12-07 13:05:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = 'b1fk0a1b2c3d'
down_revision = 'a9ex0a1b2c3d'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('reminder', schema=None) as batch_op:
        batch_op.drop_constraint('fk_reminder_committee_id_committee', type_='foreignkey')
        batch_op.drop_index('ix_reminder_committee_id')


def downgrade():
    with op.batch_alter_table('reminder', schema=None) as batch_op:
        batch_op.create_index('ix_reminder_committee_id', ['committee_id'], unique=False)
        batch_op.create_foreign_key('fk_reminder_committee_id_committee', 'committee',
                                    ['committee_id'], ['id'], ondelete='CASCADE')
