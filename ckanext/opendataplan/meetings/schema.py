"""Schema of the meeting action: the report's fields, each commitment's update with the
changes of its activities, the minutes file."""

from __future__ import annotations

from ckan.logic.schema import validator_args
from ckan.types import Schema, Validator

from ckanext.opendataplan.common import validators as v

# The report's own fields the meeting form gives (the report's validators check them).
REPORT_FIELDS = ("meeting_date", "meeting_mode", "place", "agreed_points")
UPDATE_FIELDS = ("commitment", "progress", "completion_level", "narrative", "challenges")
UPDATE_FIELDS += ("remaining_activities",)


@validator_args
def meeting_record(not_empty: Validator, ignore_missing: Validator, ignore: Validator) -> Schema:
    return {
        "plan": [not_empty, v.reference],
        **{name: [ignore_missing] for name in REPORT_FIELDS},
        "minutes": [ignore_missing],
        "confirm_not_current": [ignore_missing, v.as_bool],
        "form": [ignore_missing, v.as_bool],
        "updates": {
            **{name: [ignore_missing] for name in UPDATE_FIELDS},
            "activities": {
                "index": [ignore_missing],
                "status": [ignore_missing],
                "progress": [ignore_missing],
                "__extras": [ignore],
            },
            "__extras": [ignore],
        },
        "__extras": [ignore],
        "__junk": [ignore],
    }
