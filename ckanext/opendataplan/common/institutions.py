"""Institutions (CKAN organizations) as the citizen pages name them: one query for many."""

from __future__ import annotations

from collections.abc import Iterable

import ckan.model as model


def names_and_titles(org_ids: Iterable[str]) -> dict[str, tuple[str, str]]:
    """``{id: (name, title)}`` of these institutions; the title is the name when empty."""
    ids = list(set(org_ids))
    if not ids:
        return {}
    rows = model.Session.query(model.Group.id, model.Group.name, model.Group.title).filter(
        model.Group.id.in_(ids)
    )
    return {gid: (name, title or name) for gid, name, title in rows}
