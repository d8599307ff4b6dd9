"""Conversations, their turns and user feedback, in the database of ``ASSISTANT_DATABASE_URL``.

By default that is one SQLite file in the data directory; PostgreSQL lets servers on several hosts share
it. Writes run in one transaction each, holding the conversation's row (SQLite: the file's write lock;
PostgreSQL: ``SELECT ... FOR UPDATE``) while a turn's index is taken and the turn stored, so concurrent
appends to one conversation, from any thread, process or host, lose nothing; a turn is stored once its
transaction commits, so a killed process loses none that was answered.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field
from sqlalchemy import Connection, Engine, delete, func, insert, select, text, update
from sqlalchemy.dialects.postgresql import insert as postgres_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError

from assistant.answer import Answer
from assistant.db.engine import open_database, reading, writing
from assistant.db.schema import conversations, feedback, turns
from assistant.errors import InputError, NotFoundError

TITLE_CHARS = 80
MAX_TITLE_CHARS = 200
MAX_COMMENT_CHARS = 2000
MAX_TURN_INDEX = 2**31  # turn indexes are 32-bit integers in PostgreSQL

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
    """The conversation store over one database (see the module docstring for the concurrency guarantees)."""

    def __init__(self, database: Path | str | Engine) -> None:
        """``database``: a SQLite file's path, a database URL, or an engine from :func:`open_database`."""
        self.engine = database if isinstance(database, Engine) else open_database(database)

    @staticmethod
    def _found(db: Connection, conversation_id: str, lock: bool = False) -> bool:
        query = select(conversations.c.fingerprint).where(conversations.c.id == conversation_id)
        return db.execute(query.with_for_update() if lock else query).first() is not None

    def _require(self, db: Connection, conversation_id: str, lock: bool = False) -> None:
        if not self._found(db, conversation_id, lock):
            raise NotFoundError(f"Unknown conversation {conversation_id!r}.")

    def create(self, title: str | None = None, conversation_id: str | None = None) -> str:
        """Start an empty conversation and return its id (a new random one unless given)."""
        conversation_id = conversation_id or uuid.uuid4().hex
        clean = _clean_title(title) if title is not None else None
        now = _now()
        row = {"id": conversation_id, "title": clean, "created_at": now, "updated_at": now}
        try:
            with writing(self.engine) as db:
                db.execute(insert(conversations).values(**row, fingerprint=transcript_fingerprint([])))
        except IntegrityError:
            raise InputError(f"Conversation {conversation_id!r} already exists.") from None
        return conversation_id

    def exists(self, conversation_id: str) -> bool:
        """Whether a conversation with this id is stored."""
        with reading(self.engine) as db:
            return self._found(db, conversation_id)

    def turns(self, conversation_id: str) -> list[Turn]:
        """The turns of a conversation, oldest first; NotFoundError if the id is unknown."""
        with reading(self.engine) as db:
            self._require(db, conversation_id)
            rows = db.execute(
                select(turns.c.idx, turns.c.question, turns.c.answer_json, turns.c.created_at)
                .where(turns.c.conversation_id == conversation_id)
                .order_by(turns.c.idx)
            ).all()
        return [Turn(index=i, question=q, answer=Answer.model_validate_json(a), created_at=t) for i, q, a, t in rows]

    def append_turn(self, conversation_id: str, question: str, answer: Answer) -> int:
        """Store a turn at the end of the conversation and return its index."""
        now = _now()
        with writing(self.engine) as db:
            # Locks the conversation's row first, so that the count below sees every committed turn.
            row = db.execute(
                select(conversations.c.fingerprint).where(conversations.c.id == conversation_id).with_for_update()
            ).first()
            if row is None:
                raise NotFoundError(f"Unknown conversation {conversation_id!r}.")
            index = db.execute(
                select(func.count()).select_from(turns).where(turns.c.conversation_id == conversation_id)
            ).scalar_one()
            db.execute(
                insert(turns).values(
                    conversation_id=conversation_id,
                    idx=index,
                    question=question,
                    answer_json=answer.model_dump_json(),
                    created_at=now,
                )
            )
            db.execute(
                update(conversations)
                .where(conversations.c.id == conversation_id)
                .values(updated_at=now, fingerprint=_chain(row.fingerprint, question, answer.answer))
            )
        return index

    def find_by_transcript(self, pairs: list[tuple[str, str]]) -> str | None:
        """The most recently updated conversation whose turns are exactly these question/answer pairs."""
        with reading(self.engine) as db:
            return db.execute(
                select(conversations.c.id)
                .where(conversations.c.fingerprint == transcript_fingerprint(pairs))
                .order_by(conversations.c.updated_at.desc())
                .limit(1)
            ).scalar()

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
        with reading(self.engine) as db:
            rows = db.execute(text(self._SUMMARY_SQL + " ORDER BY c.updated_at DESC, c.id")).all()
        return [self._summary(tuple(row)) for row in rows]

    def get(self, conversation_id: str) -> ConversationSummary:
        """One conversation's summary; NotFoundError if the id is unknown."""
        with reading(self.engine) as db:
            row = db.execute(text(self._SUMMARY_SQL + " WHERE c.id = :id"), {"id": conversation_id}).first()
        if row is None:
            raise NotFoundError(f"Unknown conversation {conversation_id!r}.")
        return self._summary(tuple(row))

    def rename(self, conversation_id: str, title: str) -> None:
        """Give a conversation a title (whitespace collapsed; not empty, at most 200 characters)."""
        clean = _clean_title(title)
        with writing(self.engine) as db:
            self._require(db, conversation_id, lock=True)
            renamed = update(conversations).where(conversations.c.id == conversation_id)
            db.execute(renamed.values(title=clean, updated_at=_now()))

    def delete(self, conversation_id: str) -> None:
        """Remove a conversation with its turns and their feedback."""
        with writing(self.engine) as db:
            self._require(db, conversation_id, lock=True)
            db.execute(delete(conversations).where(conversations.c.id == conversation_id))

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
        with writing(self.engine) as db:
            self._require(db, conversation_id, lock=True)
            found = (
                0 <= turn_index < MAX_TURN_INDEX
                and db.execute(
                    select(turns.c.idx).where(turns.c.conversation_id == conversation_id, turns.c.idx == turn_index)
                ).first()
            )
            if not found:
                raise NotFoundError(f"Conversation {conversation_id!r} has no turn {turn_index}.")
            upsert = postgres_insert if db.dialect.name == "postgresql" else sqlite_insert
            values = {"rating": rating, "comment": comment, "created_at": _now()}
            statement = upsert(feedback).values(conversation_id=conversation_id, turn_index=turn_index, **values)
            db.execute(statement.on_conflict_do_update(index_elements=["conversation_id", "turn_index"], set_=values))

    def export_feedback_csv(self) -> str:
        """All feedback, oldest first, with the question and answer it rates, as CSV text."""
        with reading(self.engine) as db:
            rows = db.execute(
                select(
                    feedback.c.conversation_id,
                    feedback.c.turn_index,
                    feedback.c.rating,
                    feedback.c.comment,
                    feedback.c.created_at,
                    turns.c.question,
                    turns.c.answer_json,
                )
                .join(
                    turns,
                    (turns.c.conversation_id == feedback.c.conversation_id) & (turns.c.idx == feedback.c.turn_index),
                )
                .order_by(feedback.c.created_at, feedback.c.conversation_id, feedback.c.turn_index)
            ).all()
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(FEEDBACK_CSV_COLUMNS)
        for cid, index, rating, comment, created, question, answer_json in rows:
            answer = Answer.model_validate_json(answer_json)
            texts = [_csv_cell(comment), created, _csv_cell(question), _csv_cell(answer.answer)]
            writer.writerow([cid, index, rating, *texts, answer.grounded, answer.engine])
        return out.getvalue()
