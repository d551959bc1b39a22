"""Keep when each unfinished activity is due, on the activity and, sorted, on its
commitment's summary, so that how many are late on a day is read without scanning every
activity; keep each commitment's history and report dates on its summary, so that its
figure on a day and its last report are read without the history table; index the
summary by name, and CKAN's private and deleted commitments; then fill the summary
from the data already there: an upgraded portal shows the same figures as before.

Revision ID: 0008_summary_dues
Revises: 0007_commitment_summary
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import ARRAY

revision = "0008_summary_dues"
down_revision = "0007_commitment_summary"
branch_labels = None
depends_on = None

SUMMARY = "opendataplan_commitment_summary"
ACTIVITY = "opendataplan_activity_due"
HIDDEN = "opendataplan_package_hidden_commitment"


def upgrade() -> None:
    op.add_column(SUMMARY, sa.Column("dues", ARRAY(sa.Date), nullable=False, server_default="{}"))
    for column, kind in (
        ("history_dates", sa.Date),
        ("history_values", sa.Integer),
        ("report_dates", sa.Date),
    ):
        op.add_column(SUMMARY, sa.Column(column, ARRAY(kind), nullable=False, server_default="{}"))
    for column in ("due", "plan_id", "owner_org", "name"):
        op.add_column(ACTIVITY, sa.Column(column, sa.Date if column == "due" else sa.UnicodeText))
    # the few commitments no visitor may see, which the pages leave out
    op.execute(
        f"CREATE INDEX {HIDDEN} ON package (id) "
        "WHERE type = 'commitment' AND (private OR state <> 'active')"
    )
    op.create_index(f"{ACTIVITY}_due_idx", ACTIVITY, ["due"])
    # the overview's first late commitments, by name as the pages sort it (code points)
    op.create_index(f"{SUMMARY}_name_idx", SUMMARY, [sa.text('name COLLATE "C"')])
    # The portal's data as it stands (plans, commitments, their history) fills them.
    from ckanext.opendataplan.summary import keep

    keep.rebuild(op.get_bind())


def downgrade() -> None:
    op.drop_index(f"{SUMMARY}_name_idx", SUMMARY)
    op.drop_index(HIDDEN, "package")
    op.drop_index(f"{ACTIVITY}_due_idx", ACTIVITY)
    for column in ("due", "plan_id", "owner_org", "name"):
        op.drop_column(ACTIVITY, column)
    for column in ("dues", "history_dates", "history_values", "report_dates"):
        op.drop_column(SUMMARY, column)
