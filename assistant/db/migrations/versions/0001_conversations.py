"""Conversations, their turns and feedback (the tables of the SQLite store before migrations).

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "conversations",
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column("title", sa.Text),
        sa.Column("created_at", sa.Text, nullable=False),
        sa.Column("updated_at", sa.Text, nullable=False),
        sa.Column("fingerprint", sa.Text, nullable=False),
    )
    op.create_index("conversations_fingerprint", "conversations", ["fingerprint"])
    op.create_table(
        "turns",
        sa.Column("conversation_id", sa.Text, nullable=False),
        sa.Column("idx", sa.Integer, nullable=False),
        sa.Column("question", sa.Text, nullable=False),
        sa.Column("answer_json", sa.Text, nullable=False),
        sa.Column("created_at", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("conversation_id", "idx"),
        sa.ForeignKeyConstraint(["conversation_id"], ["conversations.id"], ondelete="CASCADE"),
    )
    op.create_table(
        "feedback",
        sa.Column("conversation_id", sa.Text, nullable=False),
        sa.Column("turn_index", sa.Integer, nullable=False),
        sa.Column("rating", sa.Text, nullable=False),
        sa.Column("comment", sa.Text),
        sa.Column("created_at", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("conversation_id", "turn_index"),
        sa.CheckConstraint("rating IN ('up', 'down')", name="feedback_rating"),
        sa.ForeignKeyConstraint(
            ["conversation_id", "turn_index"], ["turns.conversation_id", "turns.idx"], ondelete="CASCADE"
        ),
    )


def downgrade() -> None:
    op.drop_table("feedback")
    op.drop_table("turns")
    op.drop_table("conversations")
