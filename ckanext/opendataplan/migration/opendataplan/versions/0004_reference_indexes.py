"""Index the fields that tie a commitment or a report to its plan, and a dataset to its
commitment: the plan, commitment and report pages look them up, and without an index
PostgreSQL reads every dataset of the portal (17 ms a lookup at 20,000 commitments).

CKAN 2.12 keeps a dataset's extras in its row (``package.extras``), CKAN 2.11 in
``package_extra``: the index is made for the schema found. After upgrading CKAN from
2.11 to 2.12 (which moves the extras), run this revision again (README, "Upgrading").

Revision ID: 0004_reference_indexes
Revises: 0003_figures_generation
Create Date: 2026-11-26
"""

import sqlalchemy as sa
from alembic import op

revision = "0004_reference_indexes"
down_revision = "0003_figures_generation"
branch_labels = None
depends_on = None

KEYS = ("plan", "commitment")
EXTRA_INDEX = "opendataplan_package_extra_reference"


def _extras_in_row() -> bool:
    return "extras" in {
        column["name"] for column in sa.inspect(op.get_bind()).get_columns("package")
    }


def upgrade() -> None:
    if _extras_in_row():
        for key in KEYS:
            op.execute(
                f"CREATE INDEX IF NOT EXISTS opendataplan_package_{key} "
                f"ON package ((extras ->> '{key}'))"
            )
    else:
        keys = ", ".join(f"'{key}'" for key in KEYS)
        op.execute(
            f"CREATE INDEX IF NOT EXISTS {EXTRA_INDEX} "
            f"ON package_extra (key, value) WHERE key IN ({keys})"
        )


def downgrade() -> None:
    for key in KEYS:
        op.execute(f"DROP INDEX IF EXISTS opendataplan_package_{key}")
    op.execute(f"DROP INDEX IF EXISTS {EXTRA_INDEX}")
