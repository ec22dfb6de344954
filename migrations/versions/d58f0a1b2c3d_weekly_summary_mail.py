"""weekly summary mail: one row per committee and week, sent once

Revision ID: d58f0a1b2c3d
Revises: c47e8f9a0b1c
Create Date: 2026-11-22 15:00:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'd58f0a1b2c3d'
down_revision = 'c47e8f9a0b1c'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'weekly_summary_mail',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('committee_id', sa.Integer(), nullable=False),
        sa.Column('week_starts_on', sa.Date(), nullable=False),
        sa.Column('summary_id', sa.Integer(), nullable=True),
        sa.Column('status', sa.String(length=10), nullable=False),
        sa.Column('attempts', sa.Integer(), nullable=False),
        sa.Column('lease_owner', sa.String(length=64), nullable=True),
        sa.Column('lease_until', sa.DateTime(), nullable=True),
        sa.Column('recipients', sa.JSON(), nullable=True),
        sa.Column('message_id', sa.String(length=255), nullable=True),
        sa.Column('last_error', sa.Text(), nullable=True),
        sa.Column('sent_at', sa.DateTime(), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['committee_id'], ['committee.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['summary_id'], ['summary.id'], ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('committee_id', 'week_starts_on', name='uq_weekly_summary_mail_key'),
    )


def downgrade():
    op.drop_table('weekly_summary_mail')
