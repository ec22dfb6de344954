"""workflow depth: deadline extensions, coordinating agencies' own part, comments,
notifications, saved views, calendar feeds, restructuring and public-page settings

Revision ID: e1a2b3c4d5e6
Revises: d58f0a1b2c3d
Create Date: 2026-11-22 08:05:00.000000

"""
from contextlib import contextmanager

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql


# revision identifiers, used by Alembic.
revision = 'e1a2b3c4d5e6'
down_revision = 'd58f0a1b2c3d'
branch_labels = None
depends_on = None


@contextmanager
def _sqlite_foreign_keys_off():
    """SQLite: a batch copy of a referenced table (agency, committee, user) drops the original, and with foreign
    keys on that DROP deletes/nulls every referencing row. SQLite's documented way to rebuild a
    table is with foreign keys off, which only takes effect outside a transaction: end the
    migration's transaction, switch them off, rebuild in a transaction of its own, check, switch
    them back on and reopen a transaction for Alembic to commit."""
    bind = op.get_bind()
    if bind.dialect.name != 'sqlite':
        yield
        return
    op.execute('COMMIT')
    op.execute('PRAGMA foreign_keys=OFF')
    op.execute('BEGIN')
    yield
    violations = bind.exec_driver_sql('PRAGMA foreign_key_check').fetchall()
    if violations:
        raise RuntimeError(f'foreign key violations after rebuilding tables: {violations[:5]}')
    op.execute('COMMIT')
    op.execute('PRAGMA foreign_keys=ON')
    op.execute('BEGIN')


def upgrade():
    with _sqlite_foreign_keys_off():
        _upgrade()


def _upgrade():
    op.create_table('calendar_feed',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('committee_id', sa.Integer(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('revoked_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['committee_id'], ['committee.id'], name=op.f('fk_calendar_feed_committee_id_committee'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['created_by_id'], ['user.id'], name=op.f('fk_calendar_feed_created_by_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_calendar_feed_user_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_calendar_feed')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_calendar_feed_token_hash'))
    )
    op.create_table('saved_view',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('list_name', sa.String(length=30), nullable=False),
    sa.Column('query_string', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_saved_view_user_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_saved_view')),
    sa.UniqueConstraint('user_id', 'name', name=op.f('uq_saved_view_user_id_name'))
    )
    op.create_table('notification',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('task_id', sa.Integer(), nullable=True),
    sa.Column('summary_id', sa.Integer(), nullable=True),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('payload', sa.JSON(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('read_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['actor_id'], ['user.id'], name=op.f('fk_notification_actor_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['task_id'], ['task.id'], name=op.f('fk_notification_task_id_task'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_notification_user_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notification'))
    )
    with op.batch_alter_table('notification', schema=None) as batch_op:
        batch_op.create_index('ix_notification_user_read_id', ['user_id', 'read_at', 'id'], unique=False)

    op.create_table('task_comment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('task_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['user.id'], name=op.f('fk_task_comment_author_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['task_id'], ['task.id'], name=op.f('fk_task_comment_task_id_task'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_task_comment'))
    )
    with op.batch_alter_table('task_comment', schema=None) as batch_op:
        batch_op.create_index('ix_task_comment_task_created', ['task_id', 'created_at'], unique=False)

    op.create_table('task_extension',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('task_id', sa.Integer(), nullable=False),
    sa.Column('requested_by_id', sa.Integer(), nullable=True),
    sa.Column('agency_id', sa.Integer(), nullable=False),
    sa.Column('requested_deadline', sa.Date(), nullable=False),
    sa.Column('previous_deadline', sa.Date(), nullable=True),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('decision_comment', sa.Text(), nullable=True),
    sa.Column('decided_at', sa.DateTime(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['agency_id'], ['agency.id'], name=op.f('fk_task_extension_agency_id_agency')),
    sa.ForeignKeyConstraint(['decided_by_id'], ['user.id'], name=op.f('fk_task_extension_decided_by_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['requested_by_id'], ['user.id'], name=op.f('fk_task_extension_requested_by_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['task_id'], ['task.id'], name=op.f('fk_task_extension_task_id_task'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_task_extension'))
    )
    with op.batch_alter_table('task_extension', schema=None) as batch_op:
        batch_op.create_index('ix_task_extension_task_status', ['task_id', 'status'], unique=False)

    with op.batch_alter_table('agency', schema=None) as batch_op:
        batch_op.add_column(sa.Column('merged_into_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f('fk_agency_merged_into_id_agency'), 'agency', ['merged_into_id'],
            ['id'], ondelete='SET NULL',
        )

    with op.batch_alter_table('committee', schema=None) as batch_op:
        batch_op.add_column(sa.Column('max_extensions', sa.Integer(), server_default=sa.text('2'), nullable=False))
        batch_op.add_column(sa.Column('public_page', sa.Boolean(), server_default=sa.false(), nullable=False))

    with op.batch_alter_table('task_coordinator', schema=None) as batch_op:
        batch_op.add_column(sa.Column('progress', sa.Integer(), server_default=sa.text('0'), nullable=False))
        batch_op.add_column(sa.Column('part_done_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('updated_at', sa.DateTime(), nullable=True))

    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.add_column(sa.Column(
            'notification_email_kinds',
            sa.JSON().with_variant(postgresql.JSONB(), 'postgresql'), nullable=True,
        ))



def downgrade():
    with _sqlite_foreign_keys_off():
        _downgrade()


def _downgrade():
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.drop_column('notification_email_kinds')

    with op.batch_alter_table('task_coordinator', schema=None) as batch_op:
        batch_op.drop_column('updated_at')
        batch_op.drop_column('part_done_on')
        batch_op.drop_column('progress')

    with op.batch_alter_table('committee', schema=None) as batch_op:
        batch_op.drop_column('public_page')
        batch_op.drop_column('max_extensions')

    with op.batch_alter_table('agency', schema=None) as batch_op:
        batch_op.drop_constraint('fk_agency_merged_into_id_agency', type_='foreignkey')
        batch_op.drop_column('merged_into_id')

    with op.batch_alter_table('task_extension', schema=None) as batch_op:
        batch_op.drop_index('ix_task_extension_task_status')

    op.drop_table('task_extension')
    with op.batch_alter_table('task_comment', schema=None) as batch_op:
        batch_op.drop_index('ix_task_comment_task_created')

    op.drop_table('task_comment')
    with op.batch_alter_table('notification', schema=None) as batch_op:
        batch_op.drop_index('ix_notification_user_read_id')

    op.drop_table('notification')
    op.drop_table('saved_view')
    op.drop_table('calendar_feed')
