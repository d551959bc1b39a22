"""The plans as open data in their own right: every public plan, its public commitments,
their milestones, indicators and progress history, one table each with stable columns
and a data dictionary (a Frictionless Data Package descriptor).

The figures are the overview's: the same public commitments, the same current figure
(read from the history in one query), so a plan's progress is the same here as on its
page, in the API and in the index. Five queries whatever the number of plans.
"""

from __future__ import annotations

from typing import Any

import ckan.model as model
import ckan.plugins.toolkit as tk

from ckanext.opendataplan.common import multilingual, packages
from ckanext.opendataplan.domain import plandata, sources
from ckanext.opendataplan.domain.numbers import as_finite
from ckanext.opendataplan.domain.plandata import TABLES
from ckanext.opendataplan.federation import profile
from ckanext.opendataplan.model import progress_snapshot
from ckanext.opendataplan.progress import history, rollup

_PLAN_KEYS = ("plan_kind", "period_start", "period_end", "title_translated", "version_status")


def fields(table: str) -> list[tuple[str, str, str]]:
    """The table's columns, a ``title_{lang}`` column per content language."""
    found = []
    for name, kind, description in TABLES[table]:
        if "{lang}" in name:
            found += [(name.format(lang=lang), kind, description) for lang in _languages()]
        else:
            found.append((name, kind, description))
    return found


def columns(table: str) -> list[str]:
    return [name for name, _kind, _description in fields(table)]


def descriptor(base_url: str) -> dict[str, Any]:
    """The Data Package (https://specs.frictionlessdata.io/data-package/) of the export in
    the plan-data profile: each table's CSV file, its fields described in the visitor's
    language, its keys; the licence, the publishing portal and the profile's version."""
    return {
        "profile": "tabular-data-package",
        "name": "opendataplan-plans",
        "title": tk._("Open-data and open-government plans, their commitments and progress"),
        "homepage": base_url,
        **profile.package_properties(),
        "resources": [
            {
                "profile": "tabular-data-resource",
                "name": table,
                "path": f"{base_url}/{table}.csv",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8-sig",
                "schema": {
                    "fields": [
                        plandata.field(name, kind, tk._(description), table)
                        for name, kind, description in fields(table)
                    ],
                    **plandata.keys(table),
                },
            }
            for table in TABLES
        ],
    }


def key_columns() -> dict[str, dict[str, dict[str, Any]]]:
    """Per table, its key columns: ``{"key": whether it identifies the row, "refers":
    the table it refers to or None}``."""
    found: dict[str, dict[str, dict[str, Any]]] = {}
    for table in TABLES:
        joins = {column: other for column, other, _target in plandata.FOREIGN_KEYS.get(table, [])}
        found[table] = {
            column: {"key": column in plandata.PRIMARY_KEYS[table], "refers": joins.get(column)}
            for column in [*plandata.PRIMARY_KEYS[table], *joins]
        }
    return found


def _languages() -> list[str]:
    return multilingual.content_languages()


def tables(source: str | None = None) -> dict[str, list[dict[str, Any]]]:
    """Every table's rows, each a dict of its columns: of every public plan, harvested
    ones included, or of one ``source`` (``local`` or a harvest source's name)."""
    keys = (*_PLAN_KEYS, *sources.KEYS)
    plans, commitments = rollup.published(keys, _COMMITMENT_KEYS)
    plans = {pid: plan for pid, plan in plans.items() if sources.matches(plan, source)}
    commitments = [c for c in commitments if c["plan"] in plans]
    ids = [c["id"] for c in commitments]
    with history.read_ahead(ids):
        rollup.current_figures(commitments)
        measured = {cid: snapshot.date for cid, snapshot in history.current(ids).items()}
    orgs = _org_names({p["owner_org"] for p in plans.values()} | _orgs(commitments))
    found = {
        "plans": [_plan_row(plan, commitments, orgs) for plan in _sorted(plans.values())],
        "commitments": [
            _commitment_row(c, plans, orgs, measured.get(c["id"])) for c in commitments
        ],
        "milestones": _nested(commitments, "milestones"),
        "indicators": _nested(commitments, "indicators"),
        "history": _history(ids),
    }
    return {table: _in_columns(table, rows) for table, rows in found.items()}


def harvested_sources() -> list[tuple[str, str]]:
    """The harvest sources of the public plans (``domain.sources.harvested``)."""
    keys = ("federation_source", "federation_portal_title")
    return sources.harvested(packages.with_fields("plan", keys, public_only=True).values())


def _in_columns(table: str, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each row with exactly the table's columns, in their order."""
    names = columns(table)
    return [{name: row.get(name) for name in names} for row in rows]


_COMMITMENT_KEYS = (*rollup.COMMITMENT_KEYS, "indicators")


def _sorted(rows: Any) -> list[dict[str, Any]]:
    return sorted(rows, key=lambda row: row["name"])


def _orgs(commitments: list[dict[str, Any]]) -> set[str]:
    return {c["owner_org"] for c in commitments}


def _org_names(ids: set[str]) -> dict[str, str]:
    if not ids:
        return {}
    query = model.Session.query(model.Group.id, model.Group.name)
    return dict(query.filter(model.Group.id.in_(list(ids))))


def _titles(value: Any) -> dict[str, str]:
    texts = multilingual.parse(value)
    return {f"title_{lang}": texts.get(lang, "") for lang in _languages()}


def _plan_row(
    plan: dict[str, Any], commitments: list[dict[str, Any]], orgs: dict[str, str]
) -> dict[str, Any]:
    figures = rollup.plan_figures([c for c in commitments if c["plan"] == plan["id"]])
    return {
        "plan": plan["name"],
        **_titles(plan.get("title_translated")),
        **{key: plan.get(key) for key in ("plan_kind", "period_start", "period_end")},
        "institution": orgs.get(plan["owner_org"]),
        "version_status": plan.get("version_status"),
        **{key: figures[key] for key in ("progress", *rollup.COVERAGE_KEYS)},
        **sources.origin(plan),
    }


def _commitment_row(
    commitment: dict[str, Any],
    plans: dict[str, dict[str, Any]],
    orgs: dict[str, str],
    measured_on: Any,
) -> dict[str, Any]:
    return {
        "commitment": commitment["name"],
        "plan": plans[commitment["plan"]]["name"],
        "number": commitment.get("number"),
        **_titles(commitment.get("title_translated")),
        "institution": orgs.get(commitment["owner_org"]),
        "start_date": commitment.get("start_date"),
        "end_date": commitment.get("end_date"),
        "weight": _number(commitment.get("weight")),
        "progress": commitment["progress"],
        "completion_level": commitment["completion_level"],
        "measured_on": measured_on.isoformat() if measured_on else None,
    }


def _number(value: Any) -> int | float | None:
    """A number the form stores as text, as the number the descriptor declares."""
    number = as_finite(value)
    if number is None:
        return None
    return int(number) if number.is_integer() else number


def _nested(commitments: list[dict[str, Any]], key: str) -> list[dict[str, Any]]:
    """One row per entry of a repeating field (milestones, indicators): its table."""
    wanted = columns(key)[2:]
    return [
        {"commitment": c["name"], "position": position, **{k: entry.get(k) for k in wanted}}
        for c in commitments
        for position, entry in enumerate(packages.load_json(c.get(key)) or [], start=1)
        if isinstance(entry, dict)
    ]


def _history(commitment_ids: list[str]) -> list[dict[str, Any]]:
    """Every active snapshot of these commitments, in date order (two queries)."""
    rows = progress_snapshot.of_commitments(commitment_ids)
    names = packages.names(
        {r.commitment_id for r in rows} | {r.report_id for r in rows if r.report_id}
    )
    found = [
        {
            "commitment": names[row.commitment_id],
            **{k: v for k, v in history.as_dict(row, names).items() if k in _HISTORY_KEYS},
            "entry": row.id,
        }
        for row in rows
    ]
    return sorted(found, key=lambda row: row["commitment"])  # stable: dates stay in order


_HISTORY_KEYS = ("date", "progress", "completion_level", "source", "report", "recorded_at")
