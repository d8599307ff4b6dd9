"""Alembic migrations of the database: ``assistant db upgrade`` runs them; start-up checks the revision."""

from __future__ import annotations

import logging
from functools import lru_cache
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, inspect
from sqlalchemy.exc import OperationalError

from assistant.db.engine import describe_url, writing
from assistant.errors import ConfigurationError, ServiceUnavailableError

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
# The schema of the SQLite files written before there were migrations (conversations, turns, feedback).
UNVERSIONED_REVISION = "0001"

log = logging.getLogger(__name__)


class DatabaseSchemaError(ConfigurationError):
    """The database's tables are older (or newer) than this version of the assistant expects."""


def alembic_config(connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


@lru_cache(maxsize=1)
def _script() -> ScriptDirectory:
    return ScriptDirectory.from_config(alembic_config())


def head_revision() -> str:
    """The revision this version of the assistant needs."""
    head = _script().get_current_head()
    assert head is not None
    return head


def current_revision(connection: Connection) -> str | None:
    """The database's revision: None for an empty database (or an unversioned SQLite file)."""
    return MigrationContext.configure(connection).get_current_revision()


def _is_unversioned(connection: Connection) -> bool:
    return current_revision(connection) is None and inspect(connection).has_table("conversations")


def _unreachable(engine: Engine, exc: OperationalError) -> ServiceUnavailableError:
    reason = str(exc.orig or exc).strip().splitlines()[0]
    return ServiceUnavailableError(f"Cannot reach the database at {describe_url(engine.url)}: {reason}")


def upgrade(engine: Engine) -> tuple[str | None, str]:
    """Run the missing migrations in one transaction; returns the revisions before and after.

    An SQLite file from before migrations is recognised by its tables and taken as revision 0001.
    """
    try:
        with writing(engine) as connection:
            before = current_revision(connection)
            if _is_unversioned(connection):
                command.stamp(alembic_config(connection), UNVERSIONED_REVISION)
                before = UNVERSIONED_REVISION
            command.upgrade(alembic_config(connection), "head")
    except OperationalError as exc:
        raise _unreachable(engine, exc) from exc
    after = head_revision()
    if before != after:
        log.info("Database %s upgraded from revision %s to %s", describe_url(engine.url), before, after)
    return before, after


def ensure_schema(engine: Engine) -> None:
    """Upgrade a SQLite database by itself; any other must already be at the head revision."""
    try:
        with engine.connect() as connection:
            current = current_revision(connection)
    except OperationalError as exc:
        raise _unreachable(engine, exc) from exc
    head = head_revision()
    if current == head:
        return
    if engine.dialect.name == "sqlite":
        upgrade(engine)
        return
    where = describe_url(engine.url)
    known = {script.revision for script in _script().walk_revisions()}
    if current is not None and current not in known:
        raise DatabaseSchemaError(
            f"The database at {where} is at schema revision {current}, which this version of the assistant "
            f"does not know (it needs {head}): a newer version migrated it."
        )
    state = "has no tables yet" if current is None else f"is at schema revision {current}"
    raise DatabaseSchemaError(
        f"The database at {where} {state}; this version needs revision {head}. Run `assistant db upgrade`."
    )
