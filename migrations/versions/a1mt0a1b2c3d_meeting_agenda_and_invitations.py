"""a meeting's agenda, its frozen carry-over and the invitation outbox

Meetings get a state (draft, invited, held): the meetings recorded so far were held.
Agenda items are ordered per meeting; a task may come from one (``task.agenda_item_id``).
The carry-over is copied into ``carry_over_entry`` when the invitation goes out, and the
invitation e-mails wait in ``meeting_invitation``, one per meeting, recipient and sending.

Revision ID: a1mt0a1b2c3d
Revises: f5cr0a1b2c3d
Create Date: 2026-12-07 05:00:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'a1mt0a1b2c3d'
down_revision = 'f5cr0a1b2c3d'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('meeting') as batch_op:
        batch_op.add_column(sa.Column('state', sa.String(length=10), nullable=False,
                                      server_default='held'))
        batch_op.add_column(sa.Column('invited_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('invitation_round', sa.Integer(), nullable=False,
                                      server_default='0'))
    with op.batch_alter_table('meeting') as batch_op:
        batch_op.alter_column('state', server_default=None)
        batch_op.alter_column('invitation_round', server_default=None)

    op.create_table(
        'agenda_item',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('meeting_id', sa.Integer(), nullable=False),
        sa.Column('position', sa.Integer(), nullable=False),
        sa.Column('title', sa.String(length=500), nullable=False),
        sa.Column('presenter_agency_id', sa.Integer(), nullable=True),
        sa.Column('notes', sa.Text(), nullable=True),
        sa.Column('minutes_allotted', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['meeting_id'], ['meeting.id'],
                                name=op.f('fk_agenda_item_meeting_id_meeting'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['presenter_agency_id'], ['agency.id'],
                                name=op.f('fk_agenda_item_presenter_agency_id_agency'),
                                ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_agenda_item')),
    )
    op.create_index('ix_agenda_item_meeting_position', 'agenda_item',
                    ['meeting_id', 'position'], unique=False)

    op.create_table(
        'carry_over_entry',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('meeting_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=10), nullable=False),
        sa.Column('position', sa.Integer(), nullable=False),
        sa.Column('task_id', sa.Integer(), nullable=True),
        sa.Column('title', sa.Text(), nullable=False),
        sa.Column('lead_agency', sa.String(length=255), nullable=False),
        sa.Column('deadline', sa.Date(), nullable=True),
        sa.Column('days_late', sa.Integer(), nullable=True),
        sa.Column('category', sa.String(length=20), nullable=False),
        sa.Column('task_state', sa.String(length=12), nullable=False),
        sa.Column('progress', sa.Integer(), nullable=False),
        sa.Column('decision', sa.String(length=10), nullable=True),
        sa.Column('requested_deadline', sa.Date(), nullable=True),
        sa.Column('decided_on', sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(['meeting_id'], ['meeting.id'],
                                name=op.f('fk_carry_over_entry_meeting_id_meeting'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['task_id'], ['task.id'],
                                name=op.f('fk_carry_over_entry_task_id_task'),
                                ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_carry_over_entry')),
    )
    op.create_index('ix_carry_over_entry_meeting', 'carry_over_entry',
                    ['meeting_id', 'kind', 'position'], unique=False)

    op.create_table(
        'meeting_invitation',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('meeting_id', sa.Integer(), nullable=False),
        sa.Column('round', sa.Integer(), nullable=False),
        sa.Column('recipient_email', sa.String(length=254), nullable=False),
        sa.Column('recipient_user_id', sa.Integer(), nullable=True),
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
        sa.ForeignKeyConstraint(['meeting_id'], ['meeting.id'],
                                name=op.f('fk_meeting_invitation_meeting_id_meeting'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['recipient_user_id'], ['user.id'],
                                name=op.f('fk_meeting_invitation_recipient_user_id_user'),
                                ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_meeting_invitation')),
        sa.UniqueConstraint('meeting_id', 'recipient_email', 'round',
                            name='uq_meeting_invitation_key'),
    )
    op.create_index('ix_meeting_invitation_status_next', 'meeting_invitation',
                    ['status', 'next_attempt_at'], unique=False)

    with op.batch_alter_table('task') as batch_op:
        batch_op.add_column(sa.Column('agenda_item_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_task_agenda_item_id'), ['agenda_item_id'],
                              unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_task_agenda_item_id_agenda_item'),
                                    'agenda_item', ['agenda_item_id'], ['id'],
                                    ondelete='SET NULL')


def downgrade():
    with op.batch_alter_table('task') as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_task_agenda_item_id_agenda_item'),
                                 type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_task_agenda_item_id'))
        batch_op.drop_column('agenda_item_id')
    op.drop_index('ix_meeting_invitation_status_next', table_name='meeting_invitation')
    op.drop_table('meeting_invitation')
    op.drop_index('ix_carry_over_entry_meeting', table_name='carry_over_entry')
    op.drop_table('carry_over_entry')
    op.drop_index('ix_agenda_item_meeting_position', table_name='agenda_item')
    op.drop_table('agenda_item')
    with op.batch_alter_table('meeting') as batch_op:
        batch_op.drop_column('invitation_round')
        batch_op.drop_column('invited_at')
        batch_op.drop_column('state')
