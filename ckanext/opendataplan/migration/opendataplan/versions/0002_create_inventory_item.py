"""Create the inventory item table: the items of institutions' public-data inventories.

Revision ID: 0002_inventory_item
Revises: 0001_progress_snapshot
Create Date: 2026-11-24
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0002_inventory_item"
down_revision = "0001_progress_snapshot"
branch_labels = None
depends_on = None

TABLE = "opendataplan_inventory_item"


def upgrade() -> None:
    op.create_table(
        TABLE,
        sa.Column("id", sa.UnicodeText, primary_key=True),
        sa.Column("inventory_id", sa.UnicodeText, nullable=False),
        sa.Column("reference", sa.UnicodeText, nullable=False),
        sa.Column("title", JSONB, nullable=False),
        sa.Column("description", JSONB, nullable=False, server_default="{}"),
        sa.Column("producing_unit", sa.UnicodeText),
        sa.Column("theme", sa.UnicodeText),
        sa.Column("formats", JSONB, nullable=False, server_default="[]"),
        sa.Column("electronic", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("open_format", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("restriction", sa.UnicodeText, nullable=False, server_default="none"),
        sa.Column("restriction_other", sa.UnicodeText),
        sa.Column("demand", sa.Integer, nullable=False, server_default="0"),
        sa.Column("datarequests", JSONB, nullable=False, server_default="[]"),
        sa.Column("quality", sa.Integer),
        sa.Column("update_frequency", sa.UnicodeText),
        sa.Column("planned_publication_date", sa.Date),
        sa.Column("publication_status", sa.UnicodeText, nullable=False),
        sa.Column("commitment_id", sa.UnicodeText),
        sa.Column("milestone", sa.Integer),
        sa.Column("dataset_id", sa.UnicodeText),
        sa.Column("created", sa.DateTime, nullable=False),
        sa.Column("modified", sa.DateTime, nullable=False),
        sa.UniqueConstraint("inventory_id", "reference", name=f"{TABLE}_reference_key"),
    )
    op.create_index(f"{TABLE}_inventory_id_idx", TABLE, ["inventory_id"])
    op.create_index(f"{TABLE}_dataset_id_idx", TABLE, ["dataset_id"])


def downgrade() -> None:
    op.drop_table(TABLE)
