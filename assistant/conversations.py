"""Conversations, their turns and user feedback, kept in one SQLite file in the data directory.

Each thread keeps its own connection, so one store is safe to share between threads, and WAL mode
with a busy timeout lets several processes (server workers, the CLI) use the same file. Writes run
in ``BEGIN IMMEDIATE`` transactions: a turn's index is taken and the turn stored atomically, so
concurrent appends to one conversation lose nothing.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import sqlite3
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field

from assistant.answer import Answer
from assistant.errors import InputError, NotFoundError

TITLE_CHARS = 80
MAX_TITLE_CHARS = 200
MAX_COMMENT_CHARS = 2000

_SCHEMA = """
CREATE TABLE IF NOT EXISTS conversations (
    id TEXT PRIMARY KEY,
    title TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    fingerprint TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS conversations_fingerprint ON conversations (fingerprint);
CREATE TABLE IF NOT EXISTS turns (
    conversation_id TEXT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    idx INTEGER NOT NULL,
    question TEXT NOT NULL,
    answer_json TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (conversation_id, idx)
);
CREATE TABLE IF NOT EXISTS feedback (
    conversation_id TEXT NOT NULL,
    turn_index INTEGER NOT NULL,
    rating TEXT NOT NULL CHECK (rating IN ('up', 'down')),
    comment TEXT,
    created_at TEXT NOT NULL,
    PRIMARY KEY (conversation_id, turn_index),
    FOREIGN KEY (conversation_id, turn_index) REFERENCES turns (conversation_id, idx) ON DELETE CASCADE
);
"""

FEEDBACK_CSV_COLUMNS = [
    "conversation_id",
    "turn_index",
    "rating",
    "comment",
    "created_at",
    "question",
    "answer",
    "grounded",
    "engine",
]


class Turn(BaseModel):
    """One question and the answer it got. ``index`` counts from 0 within the conversation."""

    index: int
    question: str
    answer: Answer
    created_at: datetime


class ConversationSummary(BaseModel):
    """A conversation without its turns."""

    id: str
    title: str | None = Field(description="The given title, else the first question (truncated); None if empty.")
    created_at: datetime
    updated_at: datetime
    turns: int = Field(description="How many turns the conversation has.")


def _chain(fingerprint: str, question: str, answer: str) -> str:
    step = json.dumps([fingerprint, question.strip(), answer.strip()], ensure_ascii=False)
    return hashlib.sha256(step.encode("utf-8")).hexdigest()


def transcript_fingerprint(pairs: list[tuple[str, str]]) -> str:
    """A chained hash of question/answer pairs (whitespace-trimmed); "" for none."""
    fingerprint = ""
    for question, answer in pairs:
        fingerprint = _chain(fingerprint, question, answer)
    return fingerprint


def _csv_cell(text: str | None) -> str | None:
    """Quote text a spreadsheet would run as a formula (CSV injection)."""
    return "'" + text if text and text[0] in "=+-@\t\r" else text


def _now() -> str:
    return datetime.now(UTC).isoformat()


def _clean_title(title: str) -> str:
    title = " ".join(title.split())
    if not title:
        raise InputError("A title must not be empty.")
    if len(title) > MAX_TITLE_CHARS:
        raise InputError(f"A title may have at most {MAX_TITLE_CHARS} characters (got {len(title)}).")
    return title


def _short(question: str) -> str:
    text = " ".join(question.split())
    return text if len(text) <= TITLE_CHARS else text[: TITLE_CHARS - 1].rstrip() + "…"


class ConversationStore:
    """The SQLite-backed conversation store (see the module docstring for the concurrency guarantees)."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._local = threading.local()
        with self._connect() as db:
            db.execute("PRAGMA journal_mode=WAL")
            db.executescript(_SCHEMA)

    def _connection(self) -> sqlite3.Connection:
        """This thread's connection, opened once: opening and closing one per call costs milliseconds."""
        db = getattr(self._local, "db", None)
        if db is None or self._local.pid != os.getpid():
            db = sqlite3.connect(self.path, timeout=30, isolation_level=None, check_same_thread=False)
            db.execute("PRAGMA foreign_keys=ON")
            db.execute("PRAGMA synchronous=NORMAL")  # with WAL: durable across a process crash, no fsync per turn
            self._local.db, self._local.pid = db, os.getpid()
        return db

    @contextmanager
    def _connect(self, write: bool = False) -> Iterator[sqlite3.Connection]:
        db = self._connection()
        if not write:
            yield db
            return
        db.execute("BEGIN IMMEDIATE")
        try:
            yield db
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")

    @staticmethod
    def _found(db: sqlite3.Connection, conversation_id: str) -> bool:
        return db.execute("SELECT 1 FROM conversations WHERE id = ?", (conversation_id,)).fetchone() is not None

    def _require(self, db: sqlite3.Connection, conversation_id: str) -> None:
        if not self._found(db, conversation_id):
            raise NotFoundError(f"Unknown conversation {conversation_id!r}.")

    def create(self, title: str | None = None, conversation_id: str | None = None) -> str:
        """Start an empty conversation and return its id (a new random one unless given)."""
        conversation_id = conversation_id or uuid.uuid4().hex
        clean = _clean_title(title) if title is not None else None
        now = _now()
        with self._connect(write=True) as db:
            try:
                db.execute(
                    "INSERT INTO conversations (id, title, created_at, updated_at, fingerprint) VALUES (?, ?, ?, ?, ?)",
                    (conversation_id, clean, now, now, transcript_fingerprint([])),
                )
            except sqlite3.IntegrityError:
                raise InputError(f"Conversation {conversation_id!r} already exists.") from None
        return conversation_id

    def exists(self, conversation_id: str) -> bool:
        """Whether a conversation with this id is stored."""
        with self._connect() as db:
            return self._found(db, conversation_id)

    def turns(self, conversation_id: str) -> list[Turn]:
        """The turns of a conversation, oldest first; NotFoundError if the id is unknown."""
        with self._connect() as db:
            self._require(db, conversation_id)
            rows = db.execute(
                "SELECT idx, question, answer_json, created_at FROM turns WHERE conversation_id = ? ORDER BY idx",
                (conversation_id,),
            ).fetchall()
        return [Turn(index=i, question=q, answer=Answer.model_validate_json(a), created_at=t) for i, q, a, t in rows]

    def append_turn(self, conversation_id: str, question: str, answer: Answer) -> int:
        """Store a turn at the end of the conversation and return its index."""
        now = _now()
        with self._connect(write=True) as db:
            self._require(db, conversation_id)
            fingerprint, index = db.execute(
                "SELECT fingerprint, (SELECT COUNT(*) FROM turns WHERE conversation_id = c.id)"
                " FROM conversations c WHERE id = ?",
                (conversation_id,),
            ).fetchone()
            db.execute(
                "INSERT INTO turns (conversation_id, idx, question, answer_json, created_at) VALUES (?, ?, ?, ?, ?)",
                (conversation_id, index, question, answer.model_dump_json(), now),
            )
            db.execute(
                "UPDATE conversations SET updated_at = ?, fingerprint = ? WHERE id = ?",
                (now, _chain(fingerprint, question, answer.answer), conversation_id),
            )
        return index

    def find_by_transcript(self, pairs: list[tuple[str, str]]) -> str | None:
        """The most recently updated conversation whose turns are exactly these question/answer pairs."""
        with self._connect() as db:
            row = db.execute(
                "SELECT id FROM conversations WHERE fingerprint = ? ORDER BY updated_at DESC LIMIT 1",
                (transcript_fingerprint(pairs),),
            ).fetchone()
        return row[0] if row else None

    _SUMMARY_SQL = """
        SELECT c.id, COALESCE(c.title, (SELECT question FROM turns WHERE conversation_id = c.id AND idx = 0)),
               c.title IS NULL, c.created_at, c.updated_at,
               (SELECT COUNT(*) FROM turns WHERE conversation_id = c.id)
        FROM conversations c
    """

    @staticmethod
    def _summary(row: tuple) -> ConversationSummary:
        cid, title, derived, created, updated, count = row
        return ConversationSummary(
            id=cid,
            title=_short(title) if derived and title else title,
            created_at=datetime.fromisoformat(created),
            updated_at=datetime.fromisoformat(updated),
            turns=count,
        )

    def list(self) -> list[ConversationSummary]:
        """All conversations, most recently updated first."""
        with self._connect() as db:
            rows = db.execute(self._SUMMARY_SQL + " ORDER BY c.updated_at DESC, c.id").fetchall()
        return [self._summary(row) for row in rows]

    def get(self, conversation_id: str) -> ConversationSummary:
        """One conversation's summary; NotFoundError if the id is unknown."""
        with self._connect() as db:
            row = db.execute(self._SUMMARY_SQL + " WHERE c.id = ?", (conversation_id,)).fetchone()
        if row is None:
            raise NotFoundError(f"Unknown conversation {conversation_id!r}.")
        return self._summary(row)

    def rename(self, conversation_id: str, title: str) -> None:
        """Give a conversation a title (whitespace collapsed; not empty, at most 200 characters)."""
        clean = _clean_title(title)
        with self._connect(write=True) as db:
            self._require(db, conversation_id)
            db.execute(
                "UPDATE conversations SET title = ?, updated_at = ? WHERE id = ?",
                (clean, _now(), conversation_id),
            )

    def delete(self, conversation_id: str) -> None:
        """Remove a conversation with its turns and their feedback."""
        with self._connect(write=True) as db:
            self._require(db, conversation_id)
            db.execute("DELETE FROM conversations WHERE id = ?", (conversation_id,))

    def add_feedback(
        self, conversation_id: str, turn_index: int, rating: Literal["up", "down"], comment: str | None
    ) -> None:
        """Record a rating for one turn; a second rating of the same turn replaces the first."""
        if rating not in ("up", "down"):
            raise InputError(f"A rating is 'up' or 'down', not {rating!r}.")
        if comment is not None:
            comment = comment.strip() or None
        if comment is not None and len(comment) > MAX_COMMENT_CHARS:
            raise InputError(f"A comment may have at most {MAX_COMMENT_CHARS} characters (got {len(comment)}).")
        with self._connect(write=True) as db:
            self._require(db, conversation_id)
            found = (
                0 <= turn_index < 2**63
                and db.execute(
                    "SELECT 1 FROM turns WHERE conversation_id = ? AND idx = ?", (conversation_id, turn_index)
                ).fetchone()
            )
            if not found:
                raise NotFoundError(f"Conversation {conversation_id!r} has no turn {turn_index}.")
            db.execute(
                "INSERT OR REPLACE INTO feedback (conversation_id, turn_index, rating, comment, created_at)"
                " VALUES (?, ?, ?, ?, ?)",
                (conversation_id, turn_index, rating, comment, _now()),
            )

    def export_feedback_csv(self) -> str:
        """All feedback, oldest first, with the question and answer it rates, as CSV text."""
        with self._connect() as db:
            rows = db.execute(
                "SELECT f.conversation_id, f.turn_index, f.rating, f.comment, f.created_at,"
                " t.question, t.answer_json FROM feedback f JOIN turns t"
                " ON t.conversation_id = f.conversation_id AND t.idx = f.turn_index"
                " ORDER BY f.created_at, f.conversation_id, f.turn_index"
            ).fetchall()
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(FEEDBACK_CSV_COLUMNS)
        for cid, index, rating, comment, created, question, answer_json in rows:
            answer = Answer.model_validate_json(answer_json)
            texts = [_csv_cell(comment), created, _csv_cell(question), _csv_cell(answer.answer)]
            writer.writerow([cid, index, rating, *texts, answer.grounded, answer.engine])
        return out.getvalue()
