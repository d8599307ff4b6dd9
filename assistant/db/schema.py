"""The tables, as SQLAlchemy Core objects for queries (the migrations in ``migrations/`` create them)."""

from __future__ import annotations

from sqlalchemy import Column, Float, ForeignKeyConstraint, Integer, MetaData, Table, Text

metadata = MetaData()

conversations = Table(
    "conversations",
    metadata,
    Column("id", Text, primary_key=True),
    Column("title", Text),
    Column("created_at", Text, nullable=False),
    Column("updated_at", Text, nullable=False),
    Column("fingerprint", Text, nullable=False),
)

turns = Table(
    "turns",
    metadata,
    Column("conversation_id", Text, primary_key=True),
    Column("idx", Integer, primary_key=True),
    Column("question", Text, nullable=False),
    Column("answer_json", Text, nullable=False),
    Column("created_at", Text, nullable=False),
    ForeignKeyConstraint(["conversation_id"], ["conversations.id"], ondelete="CASCADE"),
)

feedback = Table(
    "feedback",
    metadata,
    Column("conversation_id", Text, primary_key=True),
    Column("turn_index", Integer, primary_key=True),
    Column("rating", Text, nullable=False),
    Column("comment", Text),
    Column("created_at", Text, nullable=False),
    ForeignKeyConstraint(["conversation_id", "turn_index"], ["turns.conversation_id", "turns.idx"], ondelete="CASCADE"),
)

slack_events = Table(
    "slack_events",
    metadata,
    Column("key", Text, primary_key=True),
    Column("at", Float, nullable=False),
)
