"""One save of a plan, commitment, progress report or inventory, in facts that a line
of the activity stream says in words: what kind of save, which fields it changed, the
commitment's figure it moved and the activities it completed.

A save of a commitment also writes the plugin's own activities (the figure that moved,
each activity completed) for the followers of the commitment and of its plan; the
save's line tells them itself, so a stream that shows the line leaves them out."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

CREATED, CHANGED, DELETED = "new", "changed", "deleted"
KINDS = (CREATED, CHANGED, DELETED)
# What a reader calls the figure: told by the figure's own activity, never as a field
# (the shown figure may come from a report, not from this save).
FIGURE_FIELDS = frozenset({"progress", "completion_level"})
PROGRESS, MILESTONE = "progress", "milestone"


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def changed_fields(
    before: Mapping[str, Any] | None, after: Mapping[str, Any], fields: Sequence[str]
) -> list[str]:
    """The fields, in the form's order, whose value differs between two versions (an
    empty text, list or object is the same as nothing). No earlier version: none."""
    if before is None:
        return []
    changed = []
    for name in fields:
        if name in FIGURE_FIELDS:
            continue
        was, now = before.get(name), after.get(name)
        if (_empty(was) and _empty(now)) or was == now:
            continue
        changed.append(name)
    return changed


def summary(kind: str, fields: Sequence[str], told: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
    """What the line says: ``kind`` (new, changed, deleted), the changed ``fields``, the
    ``figure`` it moved (``{before, after}``, or nothing), the activities it
    ``completed`` and the ids of the plugin's activities it ``told`` in their place."""
    figure = None
    completed: list[str] = []
    ids: list[str] = []
    for activity in told:
        data = activity.get("data") or {}
        ids.append(str(activity.get("id")))
        if data.get("kind") == PROGRESS and figure is None:
            figure = {"before": data.get("before"), "after": data.get("after")}
        elif data.get("kind") == PROGRESS:  # the same move, told on the plan's stream too
            continue
        elif data.get("kind") == MILESTONE and data.get("milestone") not in completed:
            completed.append(data.get("milestone"))
    return {
        "kind": kind,
        "fields": list(fields),
        "figure": figure,
        "completed": completed,
        "told": ids,
    }


def says_nothing(facts: Mapping[str, Any]) -> bool:
    """A save that changed nothing a reader sees (CKAN 2.11 records every save; 2.12
    records none of these)."""
    return (
        facts.get("kind") == CHANGED
        and not facts.get("fields")
        and not facts.get("figure")
        and not facts.get("completed")
    )


def left_out(activities: Iterable[Mapping[str, Any]]) -> set[str]:
    """The ids of the plugin's activities that a save's line in the same stream tells."""
    hidden: set[str] = set()
    for activity in activities:
        facts = (activity.get("data") or {}).get("opendataplan_save") or {}
        hidden.update(facts.get("told") or [])
    return hidden
