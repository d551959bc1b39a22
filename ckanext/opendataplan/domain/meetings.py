"""What a steering meeting decides about a commitment's activities: their statuses and
progress, applied to the commitment's stored activities (milestones) by position.

Plain rules, no CKAN: each change is checked (a known status, a whole percent, an
activity that exists) and the result keeps every other field of the activity. Messages
are marked with ``N_``; the CKAN layer translates them."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from .checks import check_milestone, parse_percent
from .numbers import as_finite
from .progress import COMPLETE, reported_progress
from .text import N_

ACTIVITY_STATUSES = ("not_started", "in_progress", COMPLETE)
Problems = dict[int, dict[str, str]]


def _empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _position(value: Any, count: int) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int) or (isinstance(value, str) and value.strip().isdigit()):
        index = int(value)
        return index if 0 <= index < count else None
    return None


def _same(activity: Mapping[str, Any], change: Mapping[str, Any]) -> bool:
    """Whether the change leaves the activity as stored (a form posts every activity)."""
    status, progress = change.get("status"), change.get("progress")
    return (_empty(status) or status == activity.get("status")) and (
        _empty(progress) or str(progress).strip() == str(activity.get("progress"))
    )


def _changed(activity: dict[str, Any], change: Mapping[str, Any]) -> tuple[dict, dict[str, str]]:
    """One activity after one change, and the change's problems by field; an activity
    left as stored is never refused (whatever its stored values)."""
    if _same(activity, change):
        return activity, {}
    problems: dict[str, str] = {}
    result = dict(activity)
    status = change.get("status")
    if not _empty(status):
        if status not in ACTIVITY_STATUSES:
            problems["status"] = N_("Choose one of the statuses offered")
        else:
            result["status"] = status
    progress = change.get("progress")
    if not _empty(progress):
        try:
            result["progress"] = parse_percent(progress)
        except ValueError as error:
            problems["progress"] = str(error)
    elif result.get("status") == COMPLETE and not problems:
        result["progress"] = 100  # "complete" alone says 100 %
    if not problems:
        problems.update(dict(check_milestone(result)))
    return result, problems


def apply_changes(
    activities: Sequence[Mapping[str, Any]], changes: Sequence[Mapping[str, Any]]
) -> tuple[list[dict[str, Any]], Problems]:
    """The activities after the meeting's changes (``index``, ``status``, ``progress``
    each), and the problems by change index and field. Nothing changes on a problem."""
    result = [dict(activity) for activity in activities]
    problems: Problems = {}
    for number, change in enumerate(changes):
        index = _position(change.get("index"), len(result))
        if index is None:
            problems[number] = {"index": N_("This activity is not one of the commitment's")}
            continue
        updated, found = _changed(result[index], change)
        if found:
            problems[number] = found
        else:
            result[index] = updated
    return (result if not problems else [dict(a) for a in activities]), problems


def differs(before: Sequence[Mapping[str, Any]], after: Sequence[Mapping[str, Any]]) -> bool:
    """Whether the meeting changed any activity's status or progress."""
    return any(
        (old.get("status"), str(old.get("progress")))
        != (new.get("status"), str(new.get("progress")))
        for old, new in zip(before, after)
    )


# The minutes of a meeting: a document, recognised by its first bytes as well as its name.
MINUTES_TYPES = {
    "pdf": (b"%PDF-",),
    "docx": (b"PK\x03\x04",),
    "odt": (b"PK\x03\x04",),
    "doc": (b"\xd0\xcf\x11\xe0",),
}


def minutes_problem(filename: str, head: bytes, size: int, limit: int) -> str | None:
    """Why a file cannot be a meeting's minutes (``None`` when it can): a PDF, DOCX,
    ODT or DOC document whose content is what its name says, of at most ``limit`` bytes."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if extension not in MINUTES_TYPES or not head.startswith(MINUTES_TYPES[extension]):
        return N_("The minutes must be a PDF, DOCX, ODT or DOC document")
    if size > limit:
        return N_("The minutes file is too large")
    if size == 0:
        return N_("The minutes file is empty")
    return None


def figure_after(
    before: Sequence[Mapping[str, Any]], after: Sequence[Mapping[str, Any]], posted: Any
) -> Any:
    """The figure a row reports when the meeting changed its activities: the one they
    give after the meeting if the row's figure was left empty or as they gave it before
    (the form's pre-filled value), else the figure typed, which the meeting decided."""
    was = reported_progress(before, None)
    typed = None if _empty(posted) else as_finite(posted)
    if _empty(posted) or (typed is not None and was is not None and typed == was):
        now = reported_progress(after, None)
        return posted if now is None else now
    return posted
