"""Engines for ``ASSISTANT_DATABASE_URL``: SQLite (a file, the default) or PostgreSQL through psycopg 3.

SQLite connections run in WAL mode with ``synchronous=NORMAL`` (a committed transaction survives a killed
process) and foreign keys on; a write transaction starts with ``BEGIN IMMEDIATE``, so it holds the file's
write lock from its first read and concurrent writers queue instead of failing. PostgreSQL connections
are pooled and checked before use, so a restarted database server costs no failed request.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from assistant.errors import ConfigurationError

WRITE = "assistant_write"  # execution option: this transaction writes (SQLite: BEGIN IMMEDIATE)
SQLITE_DRIVERS = {"sqlite", "sqlite+pysqlite"}
POSTGRES_DRIVERS = {"postgresql", "postgresql+psycopg"}

_engines: dict[tuple[str, int], Engine] = {}
_engines_lock = threading.Lock()


def sqlite_url(path: Path) -> str:
    """The URL of a SQLite file."""
    return f"sqlite:///{path}"


def parse_url(url: str) -> URL:
    """The SQLAlchemy URL for ``url``; ``postgresql://`` means psycopg 3. ConfigurationError if unsupported."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise ConfigurationError(f"ASSISTANT_DATABASE_URL is not a database URL: {url!r}.") from None
    if parsed.drivername in POSTGRES_DRIVERS:
        return parsed.set(drivername="postgresql+psycopg")
    if parsed.drivername in SQLITE_DRIVERS:
        return parsed
    raise ConfigurationError(
        f"ASSISTANT_DATABASE_URL must be sqlite:///PATH or postgresql://USER@HOST/DB, not {parsed.drivername}://."
    )


def describe_url(url: str | URL) -> str:
    """The URL without its password, for messages and logs."""
    parsed = url if isinstance(url, URL) else make_url(url)
    return parsed.render_as_string(hide_password=True)


def _sqlite_engine(url: URL) -> Engine:
    if url.database and url.database != ":memory:":
        Path(url.database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False}, pool_size=8, max_overflow=-1)

    @event.listens_for(engine, "connect")
    def _configure(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
        dbapi_connection.isolation_level = None  # transactions are begun below, not by the driver
        cursor = dbapi_connection.cursor()
        for pragma in ("journal_mode=WAL", "synchronous=NORMAL", "foreign_keys=ON"):
            cursor.execute(f"PRAGMA {pragma}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection: Connection) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE" if connection.get_execution_options().get(WRITE) else "BEGIN")

    return engine


def create_database_engine(url: str) -> Engine:
    """A new engine for ``url`` (no schema check)."""
    parsed = parse_url(url)
    if parsed.drivername.startswith("sqlite"):
        return _sqlite_engine(parsed)
    return create_engine(parsed, pool_size=5, max_overflow=15, pool_pre_ping=True, pool_recycle=3600)


def open_database(target: Path | str) -> Engine:
    """This process's engine for a database URL (or a SQLite file's path), its schema checked once.

    A SQLite database is brought up to date by itself (no set-up step on one machine); any other must
    be at the current migration, else :class:`~assistant.db.migrate.DatabaseSchemaError` says to run
    ``assistant db upgrade``.
    """
    from assistant.db.migrate import ensure_schema

    url = sqlite_url(target) if isinstance(target, Path) else target
    key = (url, os.getpid())
    with _engines_lock:
        engine = _engines.get(key)
        if engine is None:
            engine = create_database_engine(url)
            try:
                ensure_schema(engine)
            except BaseException:
                engine.dispose()
                raise
            _engines[key] = engine
        return engine


@contextmanager
def writing(engine: Engine) -> Iterator[Connection]:
    """A write transaction, committed at the end of the block (rolled back on an exception)."""
    with engine.connect() as connection:
        connection.execution_options(**{WRITE: True})
        with connection.begin():
            yield connection


@contextmanager
def reading(engine: Engine) -> Iterator[Connection]:
    """A read-only connection (its transaction is rolled back at the end)."""
    with engine.connect() as connection:
        yield connection
