"""Create the co-creation tables: proposals and their supports, comments on draft plans,
abuse reports, and each plan's closed consultation report.

Revision ID: 0005_participation
Revises: 0004_reference_indexes
Create Date: 2026-11-26
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0005_participation"
down_revision = "0004_reference_indexes"
branch_labels = None
depends_on = None

PROPOSAL, SUPPORT, COMMENT = (
    "opendataplan_proposal",
    "opendataplan_proposal_support",
    "opendataplan_comment",
)
ABUSE, CONSULTATION = "opendataplan_abuse_report", "opendataplan_consultation"


def _contribution_columns() -> list[sa.Column]:
    return [
        sa.Column("id", sa.UnicodeText, primary_key=True),
        sa.Column("plan_id", sa.UnicodeText, nullable=False),
        sa.Column("author_id", sa.UnicodeText, nullable=False),
        sa.Column("language", sa.UnicodeText, nullable=False),
        sa.Column("created", sa.DateTime, nullable=False),
        sa.Column("reason", sa.UnicodeText),
        sa.Column("responded_by", sa.UnicodeText),
        sa.Column("responded_at", sa.DateTime),
        sa.Column("hidden", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("hidden_reason", sa.UnicodeText),
        sa.Column("hidden_by", sa.UnicodeText),
        sa.Column("hidden_at", sa.DateTime),
    ]


def upgrade() -> None:
    op.create_table(
        PROPOSAL,
        *_contribution_columns(),
        sa.Column("title", sa.UnicodeText, nullable=False),
        sa.Column("problem", sa.UnicodeText, nullable=False),
        sa.Column("solution", sa.UnicodeText, nullable=False),
        sa.Column("theme", sa.UnicodeText),
        sa.Column("ogp_values", JSONB, nullable=False, server_default="[]"),
        sa.Column("dataset_id", sa.UnicodeText),
        sa.Column("link", sa.UnicodeText),
        sa.Column("status", sa.UnicodeText, nullable=False, server_default="submitted"),
        sa.Column("merged_into", sa.UnicodeText),
        sa.Column("commitment_id", sa.UnicodeText),
    )
    op.create_index(f"{PROPOSAL}_plan_idx", PROPOSAL, ["plan_id"])
    op.create_index(f"{PROPOSAL}_commitment_idx", PROPOSAL, ["commitment_id"])
    op.create_index(f"{PROPOSAL}_author_created_idx", PROPOSAL, ["author_id", "created"])
    op.create_table(
        SUPPORT,
        sa.Column("proposal_id", sa.UnicodeText, primary_key=True),
        sa.Column("user_id", sa.UnicodeText, primary_key=True),
        sa.Column("created", sa.DateTime, nullable=False),
    )
    op.create_index(f"{SUPPORT}_user_created_idx", SUPPORT, ["user_id", "created"])
    op.create_table(
        COMMENT,
        *_contribution_columns(),
        sa.Column("commitment_id", sa.UnicodeText),
        sa.Column("body", sa.UnicodeText, nullable=False),
        sa.Column("outcome", sa.UnicodeText),
    )
    op.create_index(f"{COMMENT}_plan_idx", COMMENT, ["plan_id"])
    op.create_index(f"{COMMENT}_author_created_idx", COMMENT, ["author_id", "created"])
    op.create_table(
        ABUSE,
        sa.Column("id", sa.UnicodeText, primary_key=True),
        sa.Column("kind", sa.UnicodeText, nullable=False),
        sa.Column("target_id", sa.UnicodeText, nullable=False),
        sa.Column("plan_id", sa.UnicodeText, nullable=False),
        sa.Column("user_id", sa.UnicodeText, nullable=False),
        sa.Column("reason", sa.UnicodeText, nullable=False),
        sa.Column("created", sa.DateTime, nullable=False),
    )
    op.create_index(f"{ABUSE}_plan_idx", ABUSE, ["plan_id"])
    op.create_index(f"{ABUSE}_user_created_idx", ABUSE, ["user_id", "created"])
    op.create_table(
        CONSULTATION,
        sa.Column("plan_id", sa.UnicodeText, primary_key=True),
        sa.Column("closed_at", sa.DateTime, nullable=False),
        sa.Column("closed_by", sa.UnicodeText, nullable=False),
    )


def downgrade() -> None:
    for table in (CONSULTATION, ABUSE, COMMENT, SUPPORT, PROPOSAL):
        op.drop_table(table)
