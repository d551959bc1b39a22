"""Datasets of a type with some of their fields, in one query: the pivot of packages and
their extras that the overview, the plan figures and the facets read. Where extras are
stored is CKAN's business; this is the one place that knows."""

from __future__ import annotations

import json
from typing import Any

import ckan.model as model
from sqlalchemy import and_, select
from sqlalchemy.sql.elements import ColumnElement


def load_json(value: Any) -> Any:
    """A repeating field as stored in an extra (JSON text); anything else as it is."""
    if isinstance(value, str) and value[:1] in "[{":
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


def with_fields(
    package_type: str,
    keys: tuple[str, ...],
    *,
    ids: list[str] | None = None,
    public_only: bool = False,
    where: ColumnElement | None = None,
) -> dict[str, dict[str, Any]]:
    """``{id: {id, name, title, private, owner_org, <key>: value...}}`` of the active
    datasets of this type (only the public ones, or those with these ids, or matching
    ``where``); a key the dataset does not have is absent."""
    query = (
        model.Session.query(
            model.Package.id,
            model.Package.name,
            model.Package.title,
            model.Package.private,
            model.Package.owner_org,
            model.PackageExtra.key,
            model.PackageExtra.value,
        )
        .outerjoin(
            model.PackageExtra,
            and_(
                model.PackageExtra.package_id == model.Package.id,
                model.PackageExtra.key.in_(keys),
                model.PackageExtra.state == "active",
            ),
        )
        .filter(model.Package.type == package_type, model.Package.state == "active")
    )
    if public_only:
        query = query.filter(model.Package.private.is_(False))
    if ids is not None:
        query = query.filter(model.Package.id.in_(ids))
    if where is not None:
        query = query.filter(where)
    found: dict[str, dict[str, Any]] = {}
    for pkg_id, name, title, private, owner_org, key, value in query:
        entry = found.setdefault(
            pkg_id,
            {
                "id": pkg_id,
                "name": name,
                "title": title,
                "private": private,
                "owner_org": owner_org,
            },
        )
        if key:
            entry[key] = value
    return found


def ids_with(key: str, value: str) -> Any:
    """The ids of the datasets whose field ``key`` is ``value`` (a subquery)."""
    return select(model.PackageExtra.package_id).where(
        model.PackageExtra.key == key,
        model.PackageExtra.value == value,
        model.PackageExtra.state == "active",
    )
