"""upload quotas: who uploaded each file

The per-user storage quota adds up the files a user uploaded; the per-committee one goes
through the file's report or extension request to its task. Files stored before this
revision are counted for the author of their report or the requester of their extension.

Revision ID: c1d0a77ac804
Revises: c1c0b0c05703
Create Date: 2026-12-06 09:30:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'c1d0a77ac804'
down_revision = 'c1c0b0c05703'
branch_labels = None
depends_on = None


def upgrade():
    # On SQLite this rebuilds attachment; no table references it, so the copy-and-drop is safe
    # with foreign keys on (as in b8c9d0e1f2a3).
    with op.batch_alter_table('attachment', schema=None) as batch_op:
        batch_op.add_column(sa.Column('uploaded_by_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_attachment_uploaded_by_id'), ['uploaded_by_id'],
                              unique=False)
        batch_op.create_foreign_key(
            batch_op.f('fk_attachment_uploaded_by_id_user'), 'user', ['uploaded_by_id'],
            ['id'], ondelete='SET NULL')
    op.execute(
        "UPDATE attachment SET uploaded_by_id = ("
        " SELECT r.author_id FROM progress_report r WHERE r.id = attachment.report_id)"
        " WHERE report_id IS NOT NULL"
    )
    op.execute(
        "UPDATE attachment SET uploaded_by_id = ("
        " SELECT e.requested_by_id FROM task_extension e WHERE e.id = attachment.extension_id)"
        " WHERE extension_id IS NOT NULL"
    )


def downgrade():
    with op.batch_alter_table('attachment', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_attachment_uploaded_by_id_user'),
                                 type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_attachment_uploaded_by_id'))
        batch_op.drop_column('uploaded_by_id')
