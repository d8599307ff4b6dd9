"""Slack event keys (a retry or a second copy of a message is answered once), in the shared database.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "slack_events",
        sa.Column("key", sa.Text, primary_key=True),
        sa.Column("at", sa.Float, nullable=False),
    )
    op.create_index("slack_events_at", "slack_events", ["at"])


def downgrade() -> None:
    op.drop_table("slack_events")
