"""``assistant db import FILE``: copy the conversations of a SQLite file into the configured database."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, insert, select

from assistant.db.engine import writing
from assistant.db.schema import conversations, feedback, turns
from assistant.errors import InputError

COLUMNS = {
    "conversations": ("id", "title", "created_at", "updated_at", "fingerprint"),
    "turns": ("conversation_id", "idx", "question", "answer_json", "created_at"),
    "feedback": ("conversation_id", "turn_index", "rating", "comment", "created_at"),
}


@dataclass(frozen=True)
class ImportReport:
    """What a copy did: rows copied, and conversations left out because the target already had them."""

    conversations: int
    turns: int
    feedback: int
    skipped: int


def _read(path: Path) -> dict[str, list[dict[str, object]]]:
    """Every row of the three tables of the SQLite file at ``path``, opened read-only."""
    if not path.is_file():
        raise InputError(f"No such file: {path}.")
    try:
        with closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as source:
            return {
                table: [
                    dict(zip(columns, row, strict=True))
                    for row in source.execute(f"SELECT {', '.join(columns)} FROM {table}")
                ]
                for table, columns in COLUMNS.items()
            }
    except sqlite3.DatabaseError as exc:
        raise InputError(f"{path} is not a conversations database of the assistant ({exc}).") from None


def import_sqlite(path: Path, engine: Engine) -> ImportReport:
    """Copy every conversation of ``path`` (with its turns and feedback) that ``engine``'s database does not
    have yet, in one transaction: running it twice copies nothing the second time."""
    rows = _read(path)
    with writing(engine) as db:
        present = set(db.execute(select(conversations.c.id)).scalars())
        new = [row for row in rows["conversations"] if row["id"] not in present]
        wanted = {row["id"] for row in new}
        new_turns = [row for row in rows["turns"] if row["conversation_id"] in wanted]
        new_feedback = [row for row in rows["feedback"] if row["conversation_id"] in wanted]
        for table, table_rows in ((conversations, new), (turns, new_turns), (feedback, new_feedback)):
            if table_rows:
                db.execute(insert(table), table_rows)
    return ImportReport(len(new), len(new_turns), len(new_feedback), len(rows["conversations"]) - len(new))
