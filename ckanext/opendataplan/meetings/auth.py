"""Auth of the meeting action: a signed-in user; the action itself checks the plan and
each commitment (one the user may not edit answers like one that does not exist)."""

from __future__ import annotations

from ckan.types import AuthResult, Context, DataDict


def opendataplan_meeting_record(context: Context, data_dict: DataDict) -> AuthResult:
    return {"success": bool(context.get("user"))}
