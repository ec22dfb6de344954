"""bounded task imports: a spreadsheet's rows kept between preview and confirmation

The import used to keep the uploaded bytes on disk and parse them again at the preview and
at the confirmation; it now parses once and keeps the rows (files left under
UPLOAD_DIR/imports by earlier versions can be deleted).

Revision ID: c1c0b0c05703
Revises: c1b0a0e4e502
Create Date: 2026-12-06 09:30:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'c1c0b0c05703'
down_revision = 'c1b0a0e4e502'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'task_import',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('token', sa.String(length=43), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('resolution_id', sa.Integer(), nullable=False),
        sa.Column('rows', sa.JSON(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['resolution_id'], ['resolution.id'],
                                name=op.f('fk_task_import_resolution_id_resolution'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['user_id'], ['user.id'],
                                name=op.f('fk_task_import_user_id_user'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_task_import')),
        sa.UniqueConstraint('token', name=op.f('uq_task_import_token')),
    )
    with op.batch_alter_table('task_import', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_task_import_resolution_id'), ['resolution_id'],
                              unique=False)
        batch_op.create_index('ix_task_import_user_created', ['user_id', 'created_at'],
                              unique=False)


def downgrade():
    with op.batch_alter_table('task_import', schema=None) as batch_op:
        batch_op.drop_index('ix_task_import_user_created')
        batch_op.drop_index(batch_op.f('ix_task_import_resolution_id'))
    op.drop_table('task_import')
