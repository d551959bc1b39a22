"""Template helpers of the "to update" page."""

from __future__ import annotations

from ckanext.opendataplan.desk import views


def opendataplan_edits_an_institution() -> bool:
    """Whether the visitor edits an institution (the account menu's link to the page)."""
    return views.editor(views.signed_in_user())
