"""four eyes: a committee setting, and who reported a task done

Committees that exist before this revision get ``four_eyes`` off, so a committee where one
person both reports and reviews is not left with work nobody may accept; committees made
afterwards get it on (the column's default). Tasks waiting for review learn who submitted
them from their history.

Revision ID: c1b0a0e4e502
Revises: c1a0e5e55101
Create Date: 2026-12-06 09:30:00

"""
from contextlib import contextmanager

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'c1b0a0e4e502'
down_revision = 'c1a0e5e55101'
branch_labels = None
depends_on = None


@contextmanager
def _sqlite_foreign_keys_off():
    """SQLite rebuilds a table to add a foreign key or change a default; with foreign keys on,
    dropping the old copy of a referenced table (task, committee) would delete or null every
    row referring to it. Switch them off outside a transaction, rebuild, check, switch back
    (as in e1a2b3c4d5e6)."""
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
        # Existing committees: off (added with a false default), then new ones: on.
        with op.batch_alter_table('committee', schema=None) as batch_op:
            batch_op.add_column(sa.Column('four_eyes', sa.Boolean(), server_default=sa.false(),
                                          nullable=False))
        with op.batch_alter_table('committee', schema=None) as batch_op:
            batch_op.alter_column('four_eyes', existing_type=sa.Boolean(),
                                  existing_nullable=False, server_default=sa.true())

        with op.batch_alter_table('task', schema=None) as batch_op:
            batch_op.add_column(sa.Column('submitted_by_id', sa.Integer(), nullable=True))
            batch_op.create_foreign_key(
                batch_op.f('fk_task_submitted_by_id_user'), 'user', ['submitted_by_id'],
                ['id'], ondelete='SET NULL',
            )
    # The last "submitted" entry of each task still waiting for review names who submitted it.
    op.execute(
        "UPDATE task SET submitted_by_id = ("
        " SELECT h.actor_id FROM history_entry h"
        " WHERE h.subject_type = 'task' AND h.subject_id = task.id AND h.action = 'submitted'"
        " ORDER BY h.id DESC LIMIT 1)"
        " WHERE state = 'submitted'"
    )


def downgrade():
    with _sqlite_foreign_keys_off():
        with op.batch_alter_table('task', schema=None) as batch_op:
            batch_op.drop_constraint('fk_task_submitted_by_id_user', type_='foreignkey')
            batch_op.drop_column('submitted_by_id')
        with op.batch_alter_table('committee', schema=None) as batch_op:
            batch_op.drop_column('four_eyes')
