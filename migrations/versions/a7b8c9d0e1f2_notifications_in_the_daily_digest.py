"""notifications in the daily digest: notification.digest_id (the e-mail that carries it)

Revision ID: a7b8c9d0e1f2
Revises: b8c9d0e1f2a3
Create Date: 2026-11-22 10:00:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'a7b8c9d0e1f2'
down_revision = 'b8c9d0e1f2a3'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('notification', schema=None) as batch_op:
        batch_op.add_column(sa.Column('digest_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_notification_digest_id'), ['digest_id'],
                              unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_notification_digest_id_mail_digest'),
                                    'mail_digest', ['digest_id'], ['id'], ondelete='SET NULL')


def downgrade():
    with op.batch_alter_table('notification', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_notification_digest_id_mail_digest'),
                                 type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_notification_digest_id'))
        batch_op.drop_column('digest_id')
