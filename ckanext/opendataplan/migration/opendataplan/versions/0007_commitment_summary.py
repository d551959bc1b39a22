"""Create the per-commitment summary the country-wide pages read (its current figure,
what they show of it) and the activities it may still be late on (0008 fills them).

Revision ID: 0007_commitment_summary
Revises: 0006_reminder_sent
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0007_commitment_summary"
down_revision = "0006_reminder_sent"
branch_labels = None
depends_on = None

SUMMARY = "opendataplan_commitment_summary"
ACTIVITY = "opendataplan_activity_due"


def upgrade() -> None:
    op.create_table(
        SUMMARY,
        sa.Column("commitment_id", sa.UnicodeText, primary_key=True),
        sa.Column("plan_id", sa.UnicodeText),
        sa.Column("owner_org", sa.UnicodeText),
        sa.Column("name", sa.UnicodeText, nullable=False),
        sa.Column("title", sa.UnicodeText),
        sa.Column("title_translated", sa.UnicodeText),
        sa.Column("number", sa.UnicodeText),
        sa.Column("weight", sa.UnicodeText),
        sa.Column("end_date", sa.UnicodeText),
        sa.Column("undated_end", sa.Date),
        sa.Column("progress", sa.Integer),
        sa.Column("completion_level", sa.UnicodeText, nullable=False),
        sa.Column("progress_as_of", sa.Date),
        sa.Column("activity_count", sa.Integer, nullable=False),
    )
    op.create_index(f"{SUMMARY}_plan_idx", SUMMARY, ["plan_id"])
    op.create_table(
        ACTIVITY,
        sa.Column("commitment_id", sa.UnicodeText, primary_key=True),
        sa.Column("position", sa.Integer, primary_key=True),
        sa.Column("title", sa.UnicodeText, nullable=False),
        sa.Column("end_date", sa.Date),
        sa.Column("progress", sa.Float),
    )
    op.create_index(f"{ACTIVITY}_end_idx", ACTIVITY, ["end_date"])
    # Filled by the last migration that changes them (0008), with the code of the day.


def downgrade() -> None:
    op.drop_table(ACTIVITY)
    op.drop_table(SUMMARY)
