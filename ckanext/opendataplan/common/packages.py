"""Datasets of a type with some of their fields, in one query: the pivot of packages and
their extras that the overview, the plan figures and the facets read. Where extras are
stored is CKAN's business; this is the one place that knows."""

from __future__ import annotations

import json
from typing import Any

import ckan.model as model
from sqlalchemy import and_, func, or_, select, true
from sqlalchemy.sql.elements import ColumnElement

from ckanext.opendataplan.common import compat


def load_json(value: Any) -> Any:
    """A repeating field as stored in an extra (JSON text); anything else as it is."""
    if isinstance(value, str) and value[:1] in "[{":
        try:
            return json.loads(value)
        except (ValueError, RecursionError):
            return value
    return value


EXTRAS_IN_ROW = compat.EXTRAS_IN_ROW  # where extras are stored: see common/compat.py

_BASE_COLUMNS = ("id", "name", "title", "private", "owner_org")
# Types a portal has hundreds of at most, whose fields are read package by package on 2.11.
FEW = ("plan", "inventory")


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
    package = model.Package
    query = _fields_query(keys, few=ids is not None or package_type in FEW).where(
        package.type == package_type, package.state == "active"
    )
    if public_only:
        query = query.where(package.private.is_(False))
    if ids is not None:
        query = query.where(package.id.in_(ids))
    if where is not None:
        query = query.where(where)
    found: dict[str, dict[str, Any]] = {}
    for row in model.Session.execute(query):
        base, extras = row[: len(_BASE_COLUMNS)], row[len(_BASE_COLUMNS) :]
        entry = found.setdefault(base[0], dict(zip(_BASE_COLUMNS, base)))
        entry.update(_present(keys, extras))
    return found


def _fields_query(keys: tuple[str, ...], few: bool) -> Any:
    package = model.Package
    columns = [getattr(package, name) for name in _BASE_COLUMNS]
    if EXTRAS_IN_ROW:
        return select(*columns, *(package.extras[key].astext for key in keys))
    extra = model.PackageExtra
    chosen = and_(extra.key.in_(keys), extra.state == "active")
    if not few:  # one pass over the extras serves thousands of packages best
        on = and_(extra.package_id == package.id, chosen)
        return select(*columns, extra.key, extra.value).outerjoin(extra, on)
    # A few packages' extras, read through CKAN's index on package_id and gathered in
    # one JSON object per package: joined whole, PostgreSQL's planner prefers scanning
    # every extra of the portal (185,000 rows at the bench's SCALE=10, for its 500 plans).
    fields = (
        select(func.json_object_agg(extra.key, extra.value).label("fields"))
        .where(extra.package_id == package.id, chosen)
        .lateral("fields")
    )
    return select(*columns, fields.c.fields).outerjoin(fields, true())


def _present(keys: tuple[str, ...], extras: tuple) -> dict[str, Any]:
    """The fields a row carries: one column per key (2.12), one JSON object of them (a
    few packages on 2.11), or one (key, value) pair."""
    if EXTRAS_IN_ROW:
        return {key: value for key, value in zip(keys, extras) if value is not None}
    if len(extras) == 1:
        return extras[0] or {}
    key, value = extras
    return {key: value} if key else {}


def ids_with(key: str, value: str) -> Any:
    """The ids of the datasets whose field ``key`` is ``value`` (a subquery)."""
    return ids_with_any(key, [value])


def ids_with_any(key: str, values: list[str]) -> Any:
    """The ids of the datasets whose field ``key`` is one of ``values`` (a subquery)."""
    if EXTRAS_IN_ROW:
        return select(model.Package.id).where(model.Package.extras[key].astext.in_(values))
    return select(model.PackageExtra.package_id).where(
        model.PackageExtra.key == key,
        model.PackageExtra.value.in_(values),
        model.PackageExtra.state == "active",
    )


def ids_mentioning(key: str, text: str) -> Any:
    """The ids of the datasets whose field ``key`` contains ``text`` (a subquery)."""
    pattern = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    if EXTRAS_IN_ROW:
        return select(model.Package.id).where(model.Package.extras[key].astext.like(pattern))
    return select(model.PackageExtra.package_id).where(
        model.PackageExtra.key == key,
        model.PackageExtra.value.like(pattern),
        model.PackageExtra.state == "active",
    )


def field_values(key: str, ids: list[str]) -> set[str]:
    """The distinct non-empty values of field ``key`` among these datasets."""
    if EXTRAS_IN_ROW:
        column = model.Package.extras[key].astext
        query = model.Session.query(column).filter(model.Package.id.in_(ids))
    else:
        query = model.Session.query(model.PackageExtra.value).filter(
            model.PackageExtra.package_id.in_(ids),
            model.PackageExtra.key == key,
            model.PackageExtra.state == "active",
        )
    return {value for (value,) in query if value}


def public_names(ids: set[str] | list[str]) -> dict[str, str]:
    """``{id: name}`` of those of these datasets anyone may see (public and active)."""
    if not ids:
        return {}
    query = model.Session.query(model.Package.id, model.Package.name).filter(
        model.Package.id.in_(list(ids)),
        model.Package.private.is_(False),
        model.Package.state == "active",
    )
    return dict(query)


def names_like(base: str) -> list[str]:
    """The datasets' names that are ``base`` or start with ``base-`` (any state)."""
    query = model.Session.query(model.Package.name)
    pattern = base.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "-%"
    found = query.filter(or_(model.Package.name == base, model.Package.name.like(pattern)))
    return [name for (name,) in found]


def names(ids: set[str] | list[str]) -> dict[str, str]:
    """``{id: name}`` of these datasets, in one query."""
    if not ids:
        return {}
    query = model.Session.query(model.Package.id, model.Package.name)
    return dict(query.filter(model.Package.id.in_(list(ids))))


# The fields the plugin gives the portal's own datasets (plans/dataset_fields.py): the
# commitment a dataset fulfils, the inventory item it comes from.
DATASET_FIELDS = ("commitment", "inventory_item")


def extras_value(pkg_dict: dict[str, Any], key: str) -> Any:
    """A dataset dict's field, at its top level (a scheming schema names it) or in its
    ``extras`` list (CKAN's own schema, or a scheming schema that does not name it)."""
    if pkg_dict.get(key) not in (None, ""):
        return pkg_dict[key]
    extras = pkg_dict.get("extras")
    for extra in extras if isinstance(extras, list) else []:
        if isinstance(extra, dict) and extra.get("key") == key:
            return extra.get("value")
    return None
