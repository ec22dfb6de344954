"""files on a deadline-extension request: an attachment belongs to a report or a request

Revision ID: b8c9d0e1f2a3
Revises: c9d0e1f2a3b4
Create Date: 2026-11-22 10:00:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'b8c9d0e1f2a3'
down_revision = 'c9d0e1f2a3b4'
branch_labels = None
depends_on = None


def upgrade():
    # On SQLite this rebuilds attachment; no table references it, so the copy-and-drop is safe
    # with foreign keys on.
    with op.batch_alter_table('attachment', schema=None) as batch_op:
        batch_op.alter_column('report_id', existing_type=sa.Integer(), nullable=True)
        batch_op.add_column(sa.Column('extension_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_attachment_extension_id'), ['extension_id'],
                              unique=False)
        batch_op.create_foreign_key(
            batch_op.f('fk_attachment_extension_id_task_extension'), 'task_extension',
            ['extension_id'], ['id'], ondelete='CASCADE')
        batch_op.create_check_constraint(
            op.f('ck_attachment_one_owner'), '(report_id IS NULL) <> (extension_id IS NULL)')


def downgrade():
    # A request's files have no report to belong to in the old schema: their rows go (the
    # bytes stay in UPLOAD_DIR, unreferenced).
    op.execute('DELETE FROM attachment WHERE report_id IS NULL')
    with op.batch_alter_table('attachment', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_attachment_one_owner'), type_='check')
        batch_op.drop_constraint(op.f('fk_attachment_extension_id_task_extension'),
                                 type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_attachment_extension_id'))
        batch_op.drop_column('extension_id')
        batch_op.alter_column('report_id', existing_type=sa.Integer(), nullable=False)
