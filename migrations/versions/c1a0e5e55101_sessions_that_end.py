"""sessions that end: a per-user session token in every session and remember-me cookie

Revision ID: c1a0e5e55101
Revises: a7b8c9d0e1f2
Create Date: 2026-12-06 09:30:00

Existing users get a random token each; the sessions and remember-me cookies issued
before this revision carry the old id format, which the loader refuses: everyone signs
in once more.
"""
import secrets
from contextlib import contextmanager

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'c1a0e5e55101'
down_revision = 'a7b8c9d0e1f2'
branch_labels = None
depends_on = None


@contextmanager
def _sqlite_foreign_keys_off():
    """SQLite rebuilds "user" (referenced by many tables) to make the column NOT NULL; with
    foreign keys on, dropping the old copy would delete or null the referencing rows. Foreign
    keys can only be switched off outside a transaction (see e1a2b3c4d5e6)."""
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
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('session_token', sa.String(length=64), nullable=True))

    bind = op.get_bind()
    user = sa.table('user', sa.column('id', sa.Integer), sa.column('session_token', sa.String))
    ids = [row.id for row in bind.execute(sa.select(user.c.id))]
    if ids:
        bind.execute(
            user.update().where(user.c.id == sa.bindparam('user_id'))
            .values(session_token=sa.bindparam('token')),
            [{'user_id': user_id, 'token': secrets.token_urlsafe(24)} for user_id in ids],
        )

    with _sqlite_foreign_keys_off(), op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.alter_column('session_token', existing_type=sa.String(length=64),
                              nullable=False)


def downgrade():
    with _sqlite_foreign_keys_off(), op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.drop_column('session_token')
