"""`assistant db upgrade` and `assistant db import FILE`: the database of ``ASSISTANT_DATABASE_URL``."""

from __future__ import annotations

from pathlib import Path

from assistant.config import get_settings
from assistant.db.engine import create_database_engine, describe_url, open_database


def run_upgrade() -> int:
    """Bring the database's tables to this version's revision."""
    from assistant.db.migrate import upgrade

    settings = get_settings()
    engine = create_database_engine(settings.database)
    try:
        before, after = upgrade(engine)
    finally:
        engine.dispose()
    where = describe_url(settings.database)
    if before == after:
        print(f"{where}: already at revision {after}.")
    else:
        print(f"{where}: upgraded from revision {before or 'none (empty)'} to {after}.")
    return 0


def run_import(path: Path) -> int:
    """Copy the conversations of a SQLite file into the configured database."""
    from assistant.db.importer import import_sqlite

    settings = get_settings()
    report = import_sqlite(path, open_database(settings.database))
    print(
        f"Copied {report.conversations} conversations ({report.turns} turns, {report.feedback} ratings) "
        f"from {path} into {describe_url(settings.database)}; {report.skipped} already there were left as they were."
    )
    return 0
