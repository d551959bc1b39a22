"""Create the progress snapshot table: one row per change of a commitment's progress.

Revision ID: 0001_progress_snapshot
Revises:
Create Date: 2026-11-24
"""

import sqlalchemy as sa
from alembic import op

revision = "0001_progress_snapshot"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "opendataplan_progress_snapshot",
        sa.Column("id", sa.UnicodeText, primary_key=True),
        sa.Column("commitment_id", sa.UnicodeText, nullable=False),
        sa.Column("date", sa.Date, nullable=False),
        sa.Column("recorded_at", sa.DateTime, nullable=False),
        sa.Column("progress", sa.Integer, nullable=False),
        sa.Column("completion_level", sa.UnicodeText, nullable=False),
        sa.Column("source", sa.UnicodeText, nullable=False),
        sa.Column("report_id", sa.UnicodeText),
        sa.Column("user_id", sa.UnicodeText),
        sa.Column("withdrawn", sa.Boolean, nullable=False, server_default=sa.false()),
    )
    op.create_index(
        "opendataplan_progress_snapshot_commitment_date_idx",
        "opendataplan_progress_snapshot",
        ["commitment_id", "date", "recorded_at"],
    )
    op.create_index(
        "opendataplan_progress_snapshot_report_idx", "opendataplan_progress_snapshot", ["report_id"]
    )


def downgrade() -> None:
    op.drop_table("opendataplan_progress_snapshot")
