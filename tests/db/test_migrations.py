"""Schema migrations and the `assistant db` commands, against a real PostgreSQL server and SQLite files."""

from __future__ import annotations

import csv
import io
import sqlite3
import subprocess
from pathlib import Path

from alembic import command

from assistant.answer import Answer
from assistant.conversations import ConversationStore
from assistant.db.engine import create_database_engine, writing
from assistant.db.migrate import alembic_config, current_revision, head_revision
from assistant.slack.seen import SeenEvents
from tests.conftest import ROOT, VENV_BIN, isolated_env
from tests.databases import PostgresServer
from tests.server import free_port

# The tables as the SQLite store created them before there were migrations.
UNVERSIONED_SCHEMA = """
CREATE TABLE conversations (id TEXT PRIMARY KEY, title TEXT, created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
                            fingerprint TEXT NOT NULL);
CREATE INDEX conversations_fingerprint ON conversations (fingerprint);
CREATE TABLE turns (conversation_id TEXT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
                    idx INTEGER NOT NULL, question TEXT NOT NULL, answer_json TEXT NOT NULL, created_at TEXT NOT NULL,
                    PRIMARY KEY (conversation_id, idx));
CREATE TABLE feedback (conversation_id TEXT NOT NULL, turn_index INTEGER NOT NULL,
                       rating TEXT NOT NULL CHECK (rating IN ('up', 'down')), comment TEXT, created_at TEXT NOT NULL,
                       PRIMARY KEY (conversation_id, turn_index),
                       FOREIGN KEY (conversation_id, turn_index)
                           REFERENCES turns (conversation_id, idx) ON DELETE CASCADE);
"""


def _answer(conversation_id: str, text: str) -> Answer:
    return Answer(conversation_id=conversation_id, answer=text, language="en", grounded=True)


def _assistant(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(VENV_BIN / "assistant"), *args], env=env, cwd=ROOT, capture_output=True, text=True, timeout=120
    )


def test_a_sqlite_file_from_before_migrations_is_upgraded_when_opened(tmp_path: Path) -> None:
    path = tmp_path / "conversations.sqlite3"
    answer = _answer("c1", "New York ranks first [1].")
    with sqlite3.connect(path) as db:
        db.executescript(UNVERSIONED_SCHEMA)
        db.execute(
            "INSERT INTO conversations VALUES ('c1', NULL, '2026-01-01T00:00:00+00:00', "
            "'2026-01-01T00:00:00+00:00', 'f')"
        )
        db.execute(
            "INSERT INTO turns VALUES ('c1', 0, 'Who ranks first?', ?, '2026-01-01T00:00:00+00:00')",
            (answer.model_dump_json(),),
        )
    store = ConversationStore(path)
    assert [turn.answer.answer for turn in store.turns("c1")] == ["New York ranks first [1]."]
    assert store.append_turn("c1", "And second?", _answer("c1", "London.")) == 1
    with store.engine.connect() as connection:
        assert current_revision(connection) == head_revision()
    assert SeenEvents(path).claim(["event:1"]) and not SeenEvents(path).claim(["event:1"])


def test_postgres_behind_the_schema_is_refused_with_the_fix_until_db_upgrade(
    postgres: PostgresServer, tmp_path: Path
) -> None:
    url = postgres.create_database()
    env = isolated_env(tmp_path, ASSISTANT_DATABASE_URL=url)
    refused = _assistant(env, "serve", "--port", str(free_port()))
    assert refused.returncode == 2 and "Traceback" not in refused.stderr
    assert "has no tables yet" in refused.stderr and "Run `assistant db upgrade`" in refused.stderr

    engine = create_database_engine(url)
    with writing(engine) as connection:
        command.upgrade(alembic_config(connection), "0001")
    engine.dispose()
    refused = _assistant(env, "ask", "Who ranks first in GFCI 38?")
    assert refused.returncode == 2 and "is at schema revision 0001" in refused.stderr, refused.stderr

    psycopg_env = {**env, "ASSISTANT_DATABASE_URL": url.replace("postgresql://", "postgresql+psycopg://")}
    upgraded = _assistant(psycopg_env, "db", "upgrade")
    assert upgraded.returncode == 0, upgraded.stderr
    assert f"upgraded from revision 0001 to {head_revision()}" in upgraded.stdout
    assert "already at revision" in _assistant(env, "db", "upgrade").stdout
    store = ConversationStore(url)
    assert store.list() == [] and SeenEvents(store.engine).claim(["event:1"])


def test_db_import_copies_a_sqlite_file_into_postgres_once(postgres: PostgresServer, tmp_path: Path) -> None:
    source = ConversationStore(tmp_path / "old.sqlite3")
    first, second = source.create(title="Rankings"), source.create()
    for n in range(3):
        source.append_turn(first, f"q{n}", _answer(first, f"a{n}"))
    source.append_turn(second, "Shanghai?", _answer(second, "Second [1]."))
    source.add_feedback(first, 1, "down", "wrong edition")
    url = postgres.create_database()
    env = isolated_env(tmp_path / "data", ASSISTANT_DATABASE_URL=url)
    assert _assistant(env, "db", "upgrade").returncode == 0

    copied = _assistant(env, "db", "import", str(tmp_path / "old.sqlite3"))
    assert copied.returncode == 0, copied.stderr
    assert "Copied 2 conversations (4 turns, 1 ratings)" in copied.stdout
    target = ConversationStore(url)
    assert target.list() == source.list()
    assert all(target.turns(cid) == source.turns(cid) for cid in (first, second))
    rows = list(csv.DictReader(io.StringIO(target.export_feedback_csv())))
    assert [(row["question"], row["rating"], row["comment"]) for row in rows] == [("q1", "down", "wrong edition")]
    assert target.append_turn(first, "q3", _answer(first, "a3")) == 3

    again = _assistant(env, "db", "import", str(tmp_path / "old.sqlite3"))
    assert "Copied 0 conversations (0 turns, 0 ratings)" in again.stdout and "2 already there" in again.stdout
    assert len(target.turns(first)) == 4

    (tmp_path / "notes.txt").write_text("not a database")
    for bad in ("notes.txt", "missing.sqlite3"):
        refused = _assistant(env, "db", "import", str(tmp_path / bad))
        assert refused.returncode == 2 and refused.stderr.startswith("error: ") and "Traceback" not in refused.stderr
