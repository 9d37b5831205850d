"""Alembic environment: uses the connection the store hands over, or `-x url=...` from the command line."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from pipeline.store.models import Base

config = context.config
target_metadata = Base.metadata


def _run(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",  # SQLite cannot ALTER most things in place
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is not None:
    _run(connection)
else:
    url = context.get_x_argument(as_dictionary=True).get("url")
    if not url:
        raise SystemExit("pass the database with: alembic -c pipeline/store/alembic.ini -x url=... <command>")
    engine = create_engine(url)
    with engine.connect() as conn:
        _run(conn)
