"""Housekeeping for the embedded broker (kombu's SQLAlchemy transport, ``make run``).

That transport marks a delivered message invisible instead of deleting it, so the
table grows forever; ``purge_consumed`` deletes those rows. With Redis it does nothing.
"""

from __future__ import annotations

import sqlalchemy as sa

from workers import celery_app, job


def purge_consumed_rows(broker_url: str) -> int:
    """Delete delivered messages of a ``sqla+…`` broker; the number of rows removed."""
    if not broker_url.startswith("sqla+"):
        return 0
    engine = sa.create_engine(broker_url[len("sqla+"):], connect_args={"timeout": 30})
    try:
        with engine.begin() as conn:
            if not sa.inspect(conn).has_table("kombu_message"):
                return 0
            result = conn.execute(sa.text("DELETE FROM kombu_message WHERE visible = :no"),
                                  {"no": False})
            return result.rowcount or 0
    finally:
        engine.dispose()


@job("broker.purge_consumed")
def purge_consumed() -> int:
    return purge_consumed_rows(str(celery_app.conf.broker_url))
