"""Writing one harvested plan in this portal, all or nothing: the plan, its commitments
(with their milestones and indicators) and their progress history, through CKAN's and
the plugin's own actions (so every figure, the index and what follows them stay
right), in one transaction and one Solr request sent once the database has committed.
Every object carries the federation marks (:mod:`.marks`); the history keeps the
source's entries with their own dates, adding only those not written yet (and marking
withdrawn those the source no longer has, as a withdrawn report is here). A plan gone
from the source, and a commitment gone from its plan, is withdrawn: made private (its
institution's members still see it), never purged."""

from __future__ import annotations

import dataclasses
from typing import Any

import ckan.model as model
import ckan.plugins.toolkit as tk

from ckanext.opendataplan.common import access, packages, search_batch, transaction
from ckanext.opendataplan.domain import harvest
from ckanext.opendataplan.domain.plandata_rows import RowError
from ckanext.opendataplan.domain.text import N_
from ckanext.opendataplan.federation import marks
from ckanext.opendataplan.federation.reader import SourceError, describe
from ckanext.opendataplan.model.progress_snapshot import ProgressSnapshot
from ckanext.opendataplan.progress import rollup, settling


@dataclasses.dataclass
class Origin:
    """Where a harvest comes from and who writes it here."""

    source_id: str
    source_name: str
    portal: dict[str, str]
    owner_org: str
    user: str
    harvested: str

    def marks(self, package_type: str, name: str) -> dict[str, str]:
        url = (self.portal.get("path") or "").rstrip("/")
        return {
            "federation_source": self.source_name,
            "federation_portal_title": self.portal.get("title") or url,
            "federation_portal_url": url,
            "federation_link": f"{url}/{package_type}/{name}" if url else "",
            "federation_harvested": self.harvested,
        }

    def context(self) -> dict[str, Any]:
        return {"user": self.user, marks.HARVESTER_CONTEXT: True, settling.IMPORTED: True}


def write_plan(bundle: dict[str, Any], origin: Origin) -> str:
    """Create or update the plan of a bundle and everything in it; returns its id."""
    try:
        harvest.check_names(bundle)
        plan = _ours(bundle["fields"]["plan"], "plan", origin, ("plans", bundle["row"], "plan"))
        existing = {
            entry["fields"]["commitment"]: _ours(
                entry["fields"]["commitment"],
                "commitment",
                origin,
                ("commitments", entry["row"], "commitment"),
            )
            for entry in bundle["commitments"]
        }
        entries = {
            entry["fields"]["commitment"]: harvest.history_entries(entry, origin.source_id)
            for entry in bundle["commitments"]
        }
    except RowError as error:
        raise SourceError(describe(error)) from error
    try:
        with search_batch.one_request():
            with transaction.held():
                plan_id = _save(plan, _plan_dict(bundle, origin), ("plans", bundle["row"]), origin)
                written = [
                    _commitment(entry, existing, entries, plan_id, origin)
                    for entry in bundle["commitments"]
                ]
                gone = _withdraw_commitments(plan_id, origin, keep=set(written))
                rollup.reindex([plan_id, *written, *gone])
            model.repo.commit()
    except Exception:
        model.Session.rollback()
        raise
    return plan_id


def withdraw(plan_id: str | None, origin: Origin) -> None:
    """A plan gone from the source: it and its commitments made private, all or nothing."""
    plan = access.package(plan_id, "plan")
    if plan is None or plan.extras.get("federation_source") != origin.source_name:
        return
    try:
        with search_batch.one_request():
            with transaction.held():
                _patch(plan.id, {"private": True}, origin)
                gone = _withdraw_commitments(plan.id, origin, keep=set())
                rollup.reindex([plan.id, *gone])
            model.repo.commit()
    except Exception:
        model.Session.rollback()
        raise


def withdraw_source(source_name: str, owner_org: str, user: str) -> list[str]:
    """Every public plan and commitment a harvest source brought (its
    ``federation_source`` mark) into its organization, made private as a plan gone from
    the source is, never purged; their ids. Flushes only: the caller commits (a source
    cleared or deleted)."""
    found = (
        model.Session.query(model.Package.id)
        .filter(
            model.Package.id.in_(packages.ids_with("federation_source", source_name)),
            model.Package.owner_org == owner_org,
            model.Package.type.in_(("plan", "commitment")),
            model.Package.state == "active",
            model.Package.private.is_(False),
        )
        .order_by(model.Package.type.desc())  # plans first, as ``withdraw`` does
        .all()
    )
    context = {"user": user, marks.HARVESTER_CONTEXT: True, settling.IMPORTED: True}
    for row in found:
        tk.get_action("package_patch")(dict(context), {"id": row.id, "private": True})
    return [row.id for row in found]


def _ours(name: str, package_type: str, origin: Origin, where: tuple) -> model.Package | None:
    """The local object of that name when this source wrote it in its organization; a
    name this portal, another source or another organization uses is refused (a harvest
    never moves an object into another organization)."""
    found = model.Session.query(model.Package).filter_by(name=name).first()
    if found is None:
        return None
    ours = (found.type, found.extras.get("federation_source"), found.owner_org)
    if ours == (package_type, origin.source_name, origin.owner_org):
        return found
    raise RowError(
        *where, N_("{value}: this name is taken here, by this portal or another source"), value=name
    )


def _plan_dict(bundle: dict[str, Any], origin: Origin) -> dict[str, Any]:
    fields = harvest.plan_fields(bundle)
    return {
        **fields,
        **origin.marks("plan", fields["name"]),
        "owner_org": origin.owner_org,
        "private": False,
    }


def _commitment(
    entry: dict[str, Any],
    existing: dict[str, model.Package | None],
    entries: dict[str, list[dict[str, Any]]],
    plan_id: str,
    origin: Origin,
) -> str:
    fields = harvest.commitment_fields(entry)
    data = {
        **fields,
        **origin.marks("commitment", fields["name"]),
        "plan": plan_id,
        "owner_org": origin.owner_org,
        "private": False,
    }
    commitment_id = _save(existing[fields["name"]], data, ("commitments", entry["row"]), origin)
    _history(commitment_id, entries[fields["name"]])
    return commitment_id


def _save(
    stored: model.Package | None, data: dict[str, Any], where: tuple[str, int], origin: Origin
) -> str:
    action = "package_create" if stored is None else "package_update"
    if stored is not None:
        data = {**data, "id": stored.id}
    try:
        return tk.get_action(action)(origin.context(), data)["id"]
    except tk.ValidationError as error:
        table, row = where
        field = next(iter(error.error_dict), None)
        found = error.error_dict.get(field) if field else None
        problem = access.shown("; ".join(dict.fromkeys(_messages(found))), 300)
        raise SourceError(
            tk._("{table}, row {row}, column {column}: {problem}").format(
                table=f"{table}.csv", row=row, column=field, problem=problem
            )
        ) from error


def _messages(found: Any) -> list[str]:
    """The texts of a (nested) CKAN error, in order."""
    if isinstance(found, str):
        return [found]
    if isinstance(found, dict):
        found = list(found.values())
    if isinstance(found, list):
        return [text for item in found for text in _messages(item)]
    return []


def _history(commitment_id: str, entries: list[dict[str, Any]]) -> None:
    """The source's entries not written yet; those it no longer has, withdrawn."""
    stored = {
        row.id: row
        for row in model.Session.query(ProgressSnapshot).filter(
            ProgressSnapshot.commitment_id == commitment_id
        )
    }
    wanted = {entry["id"] for entry in entries}
    for entry in entries:
        if entry["id"] in stored:
            stored[entry["id"]].withdrawn = False
        else:
            model.Session.add(ProgressSnapshot(commitment_id=commitment_id, **entry))
    for row_id, row in stored.items():
        if row_id not in wanted:
            row.withdrawn = True
    model.Session.flush()


def _withdraw_commitments(plan_id: str, origin: Origin, keep: set[str]) -> list[str]:
    found = (
        model.Session.query(model.Package.id)
        .filter(
            model.Package.id.in_(packages.ids_with("plan", plan_id)),
            model.Package.state == "active",
            model.Package.private.is_(False),
        )
        .all()
    )
    gone = [row.id for row in found if row.id not in keep]
    for commitment_id in gone:
        _patch(commitment_id, {"private": True}, origin)
    return gone


def _patch(package_id: str, fields: dict[str, Any], origin: Origin) -> None:
    tk.get_action("package_patch")(origin.context(), {"id": package_id, **fields})
