"""Create the log of reminders sent: who was told what, so that nobody is told the same
thing twice.

Revision ID: 0006_reminder_sent
Revises: 0005_participation
Create Date: 2026-11-26
"""

import sqlalchemy as sa
from alembic import op

revision = "0006_reminder_sent"
down_revision = "0005_participation"
branch_labels = None
depends_on = None

TABLE = "opendataplan_reminder_sent"


def upgrade() -> None:
    op.create_table(
        TABLE,
        sa.Column("user_id", sa.UnicodeText, primary_key=True),
        sa.Column("reminder_key", sa.UnicodeText, primary_key=True),
        sa.Column("kind", sa.UnicodeText, nullable=False),
        sa.Column("plan_id", sa.UnicodeText, nullable=False),
        sa.Column("commitment_id", sa.UnicodeText),
        sa.Column("sent_at", sa.DateTime, nullable=False),
    )


def downgrade() -> None:
    op.drop_table(TABLE)
