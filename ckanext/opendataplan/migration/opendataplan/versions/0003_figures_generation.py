"""Create the sequence whose value is the generation of the cached country-wide figures.

It starts at the time of its creation in milliseconds, so that a database made anew
never reuses a generation whose figures another database left in Redis. `ckan db clean`
keeps sequences that no table owns, so its creation tolerates one already there.

Revision ID: 0003_figures_generation
Revises: 0002_inventory_item
Create Date: 2026-11-26
"""

import time

from alembic import op

revision = "0003_figures_generation"
down_revision = "0002_inventory_item"
branch_labels = None
depends_on = None

SEQUENCE = "opendataplan_generation"


def upgrade() -> None:
    op.execute(f"CREATE SEQUENCE IF NOT EXISTS {SEQUENCE} START WITH {int(time.time() * 1000)}")


def downgrade() -> None:
    op.execute(f"DROP SEQUENCE IF EXISTS {SEQUENCE}")
