"""Which Slack events were already taken for answering, so a retry or a second copy never gets a second reply.

The keys live in the shared database (``ASSISTANT_DATABASE_URL``), so all server processes, on any host,
share them. A claim is one transaction that inserts every key it does not find; a claim that meets a key
already there is rolled back, so nothing of a duplicate is kept. Two claims of one key at once: the
database lets the second wait for the first and then see its key (SQLite: one writer at a time;
PostgreSQL: the primary key). Keys older than a day are dropped: Slack retries within minutes.
"""

from __future__ import annotations

import time
from pathlib import Path

from sqlalchemy import Engine, delete
from sqlalchemy.dialects.postgresql import insert as postgres_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from assistant.db.engine import open_database, writing
from assistant.db.schema import slack_events

KEEP_SECONDS = 24 * 3600


class _Duplicate(Exception):
    """Raised inside a claim's transaction to roll it back."""


class SeenEvents:
    """A shared set of event keys (event ids, message ids) with an atomic check-and-add."""

    def __init__(self, database: Path | str | Engine) -> None:
        """``database``: a SQLite file's path, a database URL, or an engine from :func:`open_database`."""
        self.engine = database if isinstance(database, Engine) else open_database(database)

    def claim(self, keys: list[str]) -> bool:
        """Record ``keys`` and return True when none was recorded before; False means a duplicate."""
        now = time.time()
        upsert = postgres_insert if self.engine.dialect.name == "postgresql" else sqlite_insert
        try:
            with writing(self.engine) as db:
                db.execute(delete(slack_events).where(slack_events.c.at < now - KEEP_SECONDS))
                for key in sorted(set(keys)):  # one order for every claim: two claims cannot deadlock
                    statement = upsert(slack_events).values(key=key, at=now).on_conflict_do_nothing()
                    if db.execute(statement.returning(slack_events.c.key)).first() is None:
                        raise _Duplicate
        except _Duplicate:
            return False
        return True
