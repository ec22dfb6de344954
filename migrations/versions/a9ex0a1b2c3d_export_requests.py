"""export requests: a long list's CSV/XLSX written by a worker (issue 12, item 3)

Revision ID: a9ex0a1b2c3d
Revises: a5rc0a1b2c3d
Create Date: 2026-12-07 06:35:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a9ex0a1b2c3d'
down_revision = 'a5rc0a1b2c3d'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('export_request',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('endpoint', sa.String(length=60), nullable=False),
    sa.Column('query_string', sa.Text(), nullable=False),
    sa.Column('format', sa.String(length=5), nullable=False),
    sa.Column('language', sa.String(length=5), nullable=False),
    sa.Column('state', sa.String(length=10), nullable=False),
    sa.Column('rows_written', sa.Integer(), nullable=False),
    sa.Column('rows_total', sa.Integer(), nullable=True),
    sa.Column('file_name', sa.String(length=120), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('finished_at', sa.DateTime(), nullable=True),
    sa.Column('error', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_export_request_user_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_export_request'))
    )
    with op.batch_alter_table('export_request', schema=None) as batch_op:
        batch_op.create_index('ix_export_request_created', ['created_at'], unique=False)


def downgrade():
    with op.batch_alter_table('export_request', schema=None) as batch_op:
        batch_op.drop_index('ix_export_request_created')
    op.drop_table('export_request')
