"""reminders: policy per committee, holiday calendar, outbox (reminder + mail_digest),
agency.head_email and user.mail_optional

Revision ID: b31a2c4d5e6f
Revises: af1288b273d6
Create Date: 2026-11-22 07:35:05.437216

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b31a2c4d5e6f'
down_revision = 'af1288b273d6'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('holiday',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('on', sa.Date(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_holiday')),
    sa.UniqueConstraint('on', name=op.f('uq_holiday_on'))
    )
    op.create_table('mail_digest',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('recipient_email', sa.String(length=254), nullable=False),
    sa.Column('recipient_user_id', sa.Integer(), nullable=True),
    sa.Column('digest_on', sa.Date(), nullable=False),
    sa.Column('language', sa.String(length=5), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('lease_owner', sa.String(length=100), nullable=True),
    sa.Column('lease_until', sa.DateTime(), nullable=True),
    sa.Column('next_attempt_at', sa.DateTime(), nullable=False),
    sa.Column('last_error', sa.Text(), nullable=True),
    sa.Column('message_id', sa.String(length=255), nullable=True),
    sa.Column('sent_at', sa.DateTime(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['recipient_user_id'], ['user.id'], name=op.f('fk_mail_digest_recipient_user_id_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mail_digest')),
    sa.UniqueConstraint('recipient_email', 'digest_on', name='uq_mail_digest_key')
    )
    with op.batch_alter_table('mail_digest', schema=None) as batch_op:
        batch_op.create_index('ix_mail_digest_status_next', ['status', 'next_attempt_at'], unique=False)

    op.create_table('reminder_policy',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('committee_id', sa.Integer(), nullable=False),
    sa.Column('days_before', sa.JSON(), nullable=False),
    sa.Column('on_the_day', sa.Boolean(), nullable=False),
    sa.Column('overdue_every_days', sa.Integer(), nullable=False),
    sa.Column('escalate_after_days', sa.Integer(), nullable=False),
    sa.Column('standing_stale_days', sa.Integer(), nullable=False),
    sa.Column('working_days_only', sa.Boolean(), nullable=False),
    sa.Column('weekly_summary', sa.Boolean(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['committee_id'], ['committee.id'], name=op.f('fk_reminder_policy_committee_id_committee'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reminder_policy')),
    sa.UniqueConstraint('committee_id', name=op.f('uq_reminder_policy_committee_id'))
    )
    op.create_table('reminder',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('task_id', sa.Integer(), nullable=False),
    sa.Column('committee_id', sa.Integer(), nullable=False),
    sa.Column('recipient_email', sa.String(length=254), nullable=False),
    sa.Column('recipient_user_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('level', sa.Integer(), nullable=False),
    sa.Column('digest_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['committee_id'], ['committee.id'], name=op.f('fk_reminder_committee_id_committee'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['digest_id'], ['mail_digest.id'], name=op.f('fk_reminder_digest_id_mail_digest'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['recipient_user_id'], ['user.id'], name=op.f('fk_reminder_recipient_user_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['task_id'], ['task.id'], name=op.f('fk_reminder_task_id_task'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reminder')),
    sa.UniqueConstraint('task_id', 'recipient_email', 'kind', 'due_on', name='uq_reminder_key')
    )
    with op.batch_alter_table('reminder', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reminder_committee_id'), ['committee_id'], unique=False)
        batch_op.create_index('ix_reminder_digest_recipient', ['digest_id', 'recipient_email'], unique=False)

    with op.batch_alter_table('agency', schema=None) as batch_op:
        batch_op.add_column(sa.Column('head_email', sa.String(length=254), nullable=True))

    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('mail_optional', sa.Boolean(), nullable=False,
                                      server_default=sa.true()))



def downgrade():
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.drop_column('mail_optional')

    with op.batch_alter_table('agency', schema=None) as batch_op:
        batch_op.drop_column('head_email')

    with op.batch_alter_table('reminder', schema=None) as batch_op:
        batch_op.drop_index('ix_reminder_digest_recipient')
        batch_op.drop_index(batch_op.f('ix_reminder_committee_id'))

    op.drop_table('reminder')
    op.drop_table('reminder_policy')
    with op.batch_alter_table('mail_digest', schema=None) as batch_op:
        batch_op.drop_index('ix_mail_digest_status_next')

    op.drop_table('mail_digest')
    op.drop_table('holiday')
