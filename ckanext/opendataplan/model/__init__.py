"""The plugin's own tables, each module a model and the queries that read it. They are
created by `ckan db upgrade -p opendataplan`, never at plugin load."""

from ckanext.opendataplan.model.inventory_item import InventoryItem
from ckanext.opendataplan.model.participation import (
    AbuseReport,
    Comment,
    Consultation,
    Proposal,
    Support,
)
from ckanext.opendataplan.model.progress_snapshot import ProgressSnapshot
from ckanext.opendataplan.model.reminder_sent import ReminderSent

__all__ = [
    "AbuseReport",
    "Comment",
    "Consultation",
    "InventoryItem",
    "Proposal",
    "ProgressSnapshot",
    "ReminderSent",
    "Support",
]
