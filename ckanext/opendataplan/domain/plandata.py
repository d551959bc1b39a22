"""The plan-data profile: the interchange format of the plans as open data, which this
portal publishes (``/progress/open-data``) and which any other tool may produce. Five
tables, their columns in a fixed order with a Frictionless type each, the key that
identifies a row of each table and the keys that join them.

Version 1.1. A later version may add columns at the end of a table and tables; it
renames or removes none without a new major version. 1.1 added the plans' ``source``,
``source_portal`` and ``source_link`` (``ADDED``): a reader of 1.1 reads a 1.0 source,
which lacks them.
"""

from __future__ import annotations

from typing import Any

from .text import N_

PROFILE = "opendataplan-plan-data"
VERSION = "1.1"

# table: [(column, Frictionless type, description)]; the order is the files' column order.
TABLES: dict[str, list[tuple[str, str, str]]] = {
    "plans": [
        ("plan", "string", N_("The plan's identifier in this portal's address")),
        ("title_{lang}", "string", N_("The plan's title in this language")),
        ("plan_kind", "string", N_("Kind of plan")),
        ("institution", "string", N_("Identifier of the institution that owns the plan")),
        ("period_start", "date", N_("First day of the plan's period")),
        ("period_end", "date", N_("Last day of the plan's period")),
        ("version_status", "string", N_("Version status")),
        (
            "progress",
            "integer",
            N_(
                "Progress of the plan in percent: its reported public commitments' progress,"
                " weighted (empty: none reported)"
            ),
        ),
        ("commitment_count", "integer", N_("Number of public commitments of the plan")),
        ("reported_count", "integer", N_("How many of them are reported (have a figure)")),
        ("unreported_count", "integer", N_("How many are not reported: counted in no average")),
        ("reported_share", "integer", N_("Share of its commitments reported, in percent")),
        (
            "source",
            "string",
            N_("Where the plan is kept: local (this portal) or the harvest source that brought it"),
        ),
        ("source_portal", "string", N_("The portal the plan was harvested from (empty: local)")),
        (
            "source_link",
            "string",
            N_("The plan's page on that portal, or the portal's address (empty: local)"),
        ),
    ],
    "commitments": [
        ("commitment", "string", N_("The commitment's identifier in this portal's address")),
        ("plan", "string", N_("Identifier of the plan it belongs to")),
        ("number", "string", N_("Its number in the plan")),
        ("title_{lang}", "string", N_("The commitment's title in this language")),
        ("institution", "string", N_("Identifier of the institution that leads it")),
        ("start_date", "date", N_("Planned start")),
        ("end_date", "date", N_("Planned end")),
        ("weight", "number", N_("Its weight in the plan's progress (empty: equal weights)")),
        ("progress", "integer", N_("Current progress in percent (empty: not reported)")),
        ("completion_level", "string", N_("Current completion level, or not_reported")),
        (
            "measured_on",
            "date",
            N_("Date the current progress speaks of (empty: not yet reported)"),
        ),
    ],
    "milestones": [
        ("commitment", "string", N_("Identifier of the commitment")),
        ("position", "integer", N_("Order of the activity within the commitment, from 1")),
        ("title", "string", N_("Activity")),
        ("start_date", "date", N_("Planned start")),
        ("end_date", "date", N_("Planned end")),
        ("status", "string", N_("Status")),
        ("progress", "integer", N_("Progress in percent")),
        ("weight", "number", N_("Weight within the commitment")),
    ],
    "indicators": [
        ("commitment", "string", N_("Identifier of the commitment")),
        ("position", "integer", N_("Order of the indicator within the commitment, from 1")),
        ("title", "string", N_("Indicator")),
        ("unit", "string", N_("Unit")),
        ("baseline", "number", N_("Value at the start")),
        ("target", "number", N_("Target value")),
        ("current", "number", N_("Value last reported")),
        ("current_date", "date", N_("Date of the value last reported")),
        ("source", "string", N_("Where the value comes from")),
    ],
    "history": [
        ("commitment", "string", N_("Identifier of the commitment")),
        ("date", "date", N_("Date the figure speaks of (the meeting or the edit)")),
        ("progress", "integer", N_("Progress in percent")),
        ("completion_level", "string", N_("Completion level")),
        ("source", "string", N_("How it was recorded: report, edit or recompute")),
        ("report", "string", N_("Identifier of the progress report that gave it")),
        ("recorded_at", "datetime", N_("When the portal recorded it (UTC)")),
        (
            "entry",
            "string",
            N_("Identifier of this entry of the history, the same in every download"),
        ),
    ],
}


# The columns a later 1.x added: a source of an earlier 1.x may lack them.
ADDED: dict[str, set[str]] = {"plans": {"source", "source_portal", "source_link"}}

# What identifies a row of each table: each column required, the combination unique.
PRIMARY_KEYS: dict[str, list[str]] = {
    "plans": ["plan"],
    "commitments": ["commitment"],
    "milestones": ["commitment", "position"],
    "indicators": ["commitment", "position"],
    "history": ["entry"],
}

# table: [(column, table it refers to, that table's column)]
FOREIGN_KEYS: dict[str, list[tuple[str, str, str]]] = {
    "commitments": [("plan", "plans", "plan")],
    "milestones": [("commitment", "commitments", "commitment")],
    "indicators": [("commitment", "commitments", "commitment")],
    "history": [("commitment", "commitments", "commitment")],
}


def keys(table: str) -> dict[str, Any]:
    """The table's keys as a Frictionless Table Schema declares them."""
    return {
        "primaryKey": list(PRIMARY_KEYS[table]),
        "foreignKeys": [
            {"fields": [column], "reference": {"resource": other, "fields": [target]}}
            for column, other, target in FOREIGN_KEYS.get(table, [])
        ],
    }


def field(name: str, kind: str, description: str, table: str) -> dict[str, Any]:
    """A column as a Frictionless field; the primary key's columns are required."""
    found: dict[str, Any] = {"name": name, "type": kind, "description": description}
    if name in PRIMARY_KEYS[table]:
        found["constraints"] = {"required": True}
    return found
