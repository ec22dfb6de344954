"""progress summaries: the summary table

Revision ID: c47e8f9a0b1c
Revises: b31a2c4d5e6f
Create Date: 2026-11-22 10:00:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'c47e8f9a0b1c'
down_revision = 'b31a2c4d5e6f'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'summary',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('committee_id', sa.Integer(), nullable=False),
        sa.Column('period_kind', sa.String(length=20), nullable=False),
        sa.Column('starts_on', sa.Date(), nullable=False),
        sa.Column('ends_on', sa.Date(), nullable=False),
        sa.Column('language', sa.String(length=5), nullable=False),
        sa.Column('status', sa.String(length=10), nullable=False),
        sa.Column('progress', sa.Integer(), nullable=False),
        sa.Column('figures', sa.JSON(), nullable=True),
        sa.Column('as_of_at', sa.DateTime(), nullable=True),
        sa.Column('error', sa.Text(), nullable=True),
        sa.Column('requested_by_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('started_at', sa.DateTime(), nullable=True),
        sa.Column('finished_at', sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(['committee_id'], ['committee.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['requested_by_id'], ['user.id'], ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id'),
    )
    with op.batch_alter_table('summary', schema=None) as batch_op:
        batch_op.create_index('ix_summary_committee_ends', ['committee_id', 'ends_on'],
                              unique=False)


def downgrade():
    with op.batch_alter_table('summary', schema=None) as batch_op:
        batch_op.drop_index('ix_summary_committee_ends')
    op.drop_table('summary')
