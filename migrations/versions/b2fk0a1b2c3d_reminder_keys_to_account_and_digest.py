"""the reminder's account and digest without foreign keys

Accounts and digests are never deleted (an account is deactivated, a digest kept once
sent), and the sweep copies both from rows it reads in the same transaction, so the two
keys checked nothing for the outbox that the sweep does not; their checks, one per row,
cost 0.7 s of the 3.0–3.6 s that writing a day's 111,734 reminders takes at a million tasks
(EXPLAIN ANALYZE with auto_explain.log_triggers; issue 12). The key to the task stays: a
reminder goes with its task.

Revision ID: b2fk0a1b2c3d
Revises: b1fk0a1b2c3d
Create Date: 2026-12-07 19:40:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = 'b2fk0a1b2c3d'
down_revision = 'b1fk0a1b2c3d'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('reminder', schema=None) as batch_op:
        batch_op.drop_constraint('fk_reminder_recipient_user_id_user', type_='foreignkey')
        batch_op.drop_constraint('fk_reminder_digest_id_mail_digest', type_='foreignkey')


def downgrade():
    with op.batch_alter_table('reminder', schema=None) as batch_op:
        batch_op.create_foreign_key('fk_reminder_digest_id_mail_digest', 'mail_digest',
                                    ['digest_id'], ['id'], ondelete='SET NULL')
        batch_op.create_foreign_key('fk_reminder_recipient_user_id_user', 'user',
                                    ['recipient_user_id'], ['id'], ondelete='SET NULL')
