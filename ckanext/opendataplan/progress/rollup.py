"""Computed progress of commitments and plans, added to what package_show returns.

A plan's figures come from one query over its commitments' stored fields, so that
showing or indexing a plan costs the same whatever its number of commitments.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import ckan.model as model
import ckan.plugins.toolkit as tk

from ckanext.opendataplan.common import access, multilingual, packages, search_batch, shared
from ckanext.opendataplan.domain import progress
from ckanext.opendataplan.domain.numbers import as_finite
from ckanext.opendataplan.model import progress_snapshot
from ckanext.opendataplan.progress import history

FIGURE_KEYS = ("milestones", "progress", "completion_level")
# What an average stands on, beside it on every page and in every file.
COVERAGE_KEYS = ("commitment_count", "reported_count", "unreported_count", "reported_share")
COMMITMENT_KEYS = (
    "plan",
    "milestones",
    "progress",
    "completion_level",
    "weight",
    "number",
    "title_translated",
    "start_date",
    "end_date",
)


def bands() -> tuple[int, int, int]:
    return progress.parse_bands(tk.config.get("ckanext.opendataplan.completion_bands"))


def commitment_figures(
    fields: dict[str, Any], bands_: tuple[int, int, int] | None = None
) -> tuple[int, str]:
    """``(progress, completion_level)`` of a commitment from its stored fields."""
    value = progress.commitment_progress(
        packages.load_json(fields.get("milestones")) or [], fields.get("progress")
    )
    return value, progress.commitment_level(
        value, fields.get("completion_level"), bands_ or bands()
    )


def reported_figures(
    fields: dict[str, Any], bands_: tuple[int, int, int]
) -> tuple[int | None, str]:
    """``(progress, completion_level)`` that a commitment's fields give a reader when it
    has no snapshot: ``(None, "not_reported")`` when they give no figure."""
    milestones = packages.load_json(fields.get("milestones")) or []
    value = progress.reported_progress(
        milestones if isinstance(milestones, list) else [], fields.get("progress")
    )
    return value, progress.reported_level(value, fields.get("completion_level"), bands_)


def stored_figures(package: model.Package) -> tuple[int, str]:
    """What a commitment's own fields give (milestones, or progress set by hand), as
    stored: what an edit changes, before the history decides what is current."""
    return commitment_figures({key: package.extras.get(key) for key in FIGURE_KEYS})


def has_figure(package: model.Package) -> bool:
    """Whether the commitment's fields give a figure: progress set by hand, or a
    milestone with its progress."""
    return package.extras.get("progress") not in (None, "") or milestones_give_figure(package)


def milestones_give_figure(package: model.Package) -> bool:
    """Whether one of the commitment's activities has a progress figure: then they, not
    the progress set by hand, give the commitment's figure."""
    milestones = packages.load_json(package.extras.get("milestones")) or []
    return bool(progress.milestone_parts(milestones if isinstance(milestones, list) else []))


DRAFT = "draft"


def is_draft(plan: dict[str, Any]) -> bool:
    """A plan in preparation: shown with a badge, left out of national figures."""
    return plan.get("version_status") == DRAFT


def public_plans(plan_keys: tuple[str, ...], drafts: bool = True) -> dict[str, dict[str, Any]]:
    """The public plans (``{id: plan}``) with these fields (one query); without
    ``drafts``, not those in preparation."""
    plans = _public_plans(tuple(dict.fromkeys((*plan_keys, "version_status"))))
    if not drafts:
        plans = {pid: plan for pid, plan in plans.items() if not is_draft(plan)}
    return plans


@shared.once
def _public_plans(keys: tuple[str, ...]) -> dict[str, dict[str, Any]]:
    return packages.with_fields("plan", keys, public_only=True)


def published(
    plan_keys: tuple[str, ...], commitment_keys: tuple[str, ...], drafts: bool = True
) -> tuple[dict[str, dict[str, Any]], list[dict[str, Any]]]:
    """The public plans (``{id: plan}``) and their public commitments, sorted by name,
    with these fields: what every citizen page and file counts (two queries). Without
    ``drafts``, the plans in preparation and their commitments are left out."""
    plans = public_plans(plan_keys, drafts)
    keys = tuple(dict.fromkeys(("plan", *commitment_keys)))
    found = packages.with_fields("commitment", keys, public_only=True)
    commitments = [c for c in found.values() if c.get("plan") in plans]
    return plans, sorted(commitments, key=lambda c: c["name"])


def figures_on(commitments: list[dict[str, Any]], day: dt.date) -> None:
    """Set each commitment's ``progress``, ``completion_level`` and ``progress_as_of`` as
    they stood on ``day``, from the history (one query); with no figure by then it is
    not reported."""
    bands_ = bands()
    snapshots = progress_snapshot.as_of([c["id"] for c in commitments], day)
    for commitment in commitments:
        snapshot = snapshots.get(commitment["id"])
        if snapshot is None:
            commitment["progress"], commitment["completion_level"] = None, progress.NOT_REPORTED
            commitment["progress_as_of"] = None
        else:
            commitment["progress"], commitment["completion_level"] = history.figures(
                snapshot, bands_
            )
            commitment["progress_as_of"] = snapshot.date.isoformat()


def current_figures(commitments: list[dict[str, Any]], day: dt.date | None = None) -> None:
    """Set each commitment's ``progress`` and ``completion_level`` to its current figure:
    its latest snapshot by date (one query for all), else what its fields give (``None``
    and ``not_reported`` when they give none); and ``progress_as_of``, the date that
    figure speaks of (``None``: nothing recorded yet). With ``day``, as they stood
    that day (:func:`figures_on`)."""
    if day is not None:
        figures_on(commitments, day)
        return
    bands_ = bands()
    snapshots = history.current([c["id"] for c in commitments])
    for commitment in commitments:
        snapshot = snapshots.get(commitment["id"])
        if snapshot is not None:
            commitment["progress"], commitment["completion_level"] = history.figures(
                snapshot, bands_
            )
            commitment["progress_as_of"] = snapshot.date.isoformat()
        else:
            commitment["progress"], commitment["completion_level"] = reported_figures(
                commitment, bands_
            )
            commitment["progress_as_of"] = None


def decorate_commitment(pkg_dict: dict[str, Any]) -> None:
    current_figures([pkg_dict])


def plan_commitments(plan_id: str) -> list[dict[str, Any]]:
    """The active commitments of a plan with their figures, in one query."""
    in_plan = model.Package.id.in_(packages.ids_with("plan", plan_id))
    commitments = packages.with_fields("commitment", COMMITMENT_KEYS, where=in_plan)
    entries = list(commitments.values())
    current_figures(entries)
    result = []
    for entry in entries:
        value, level = entry["progress"], entry["completion_level"]
        result.append(
            {
                "id": entry["id"],
                "name": entry["name"],
                "title": entry["title"],
                "title_translated": multilingual.parse(entry.get("title_translated")),
                "number": entry.get("number") or "",
                "private": entry["private"],
                "owner_org": entry["owner_org"],
                "progress": value,
                "completion_level": level,
                "weight": entry.get("weight"),
                "start_date": entry.get("start_date"),
                "end_date": entry.get("end_date"),
                "progress_as_of": entry["progress_as_of"],
            }
        )
    return sorted(result, key=_number_order)


def _number_order(commitment: dict[str, Any]) -> tuple:
    return progress.number_order(commitment["number"], commitment["name"])


def plan_figures(commitments: list[dict[str, Any]]) -> dict[str, Any]:
    """A plan's (or any group's) figures: the weighted mean of its reported commitments
    with its coverage (:func:`progress.coverage`; the not reported never count as 0),
    its commitments per level and the date of its latest figure."""
    parts = [(c["progress"], as_finite(c.get("weight"))) for c in commitments]
    return {
        **progress.coverage(parts),
        "levels": progress.count_levels(c["completion_level"] for c in commitments),
        "progress_as_of": max(
            (c["progress_as_of"] for c in commitments if c.get("progress_as_of")), default=None
        ),
    }


def counted_commitments(
    commitments: list[dict[str, Any]], plan_private: bool, plan_org: str | None
) -> list[dict[str, Any]]:
    """What a plan's figures count, the same for every reader (pages, API, index,
    overview): its public commitments and, while the plan itself is private (a draft),
    the private ones of the plan's own institution, who alone may see that plan."""
    return [
        c for c in commitments if not c["private"] or (plan_private and c["owner_org"] == plan_org)
    ]


def decorate_plan(pkg_dict: dict[str, Any]) -> None:
    """``progress`` and ``commitment_count`` of the commitments the plan counts."""
    counted = counted_commitments(
        plan_commitments(pkg_dict["id"]), bool(pkg_dict.get("private")), pkg_dict.get("owner_org")
    )
    figures = plan_figures(counted)
    for key in ("progress", "progress_as_of", *COVERAGE_KEYS):
        pkg_dict[key] = figures[key]


def reindex(package_ids: list[str]) -> None:
    """Reindex these packages in one Solr request, their current figures and report
    figures read from the history in one query each (see ``search_batch.reindex``).

    On CKAN 2.12 an unchanged plan or commitment is indexed from the dicts Solr keeps,
    its show hooks run again: they overwrite every key they set, except a commitment's
    figure when it has no snapshot (then read from its fields, which the stored dict
    holds overwritten), so such a commitment is dictized again. On CKAN 2.11 from the
    raw dict and what validation gave, kept before any hook: none is validated again."""
    ids = sorted(set(package_ids))
    with history.read_ahead(ids):
        figured = set(history.current(ids))

        def reusable(shown: dict[str, Any]) -> bool:
            return shown.get("type") == "plan" or (
                shown.get("type") == "commitment" and shown.get("id") in figured
            )

        search_batch.reindex(ids, reusable=reusable)


def reindex_plan_of(pkg_dict: dict[str, Any]) -> None:
    """A commitment was deleted: its plan's indexed figures follow."""
    package = access.package(pkg_dict.get("id")) or model.Package.get(pkg_dict.get("id") or "")
    if package is not None and package.type == "commitment" and package.extras.get("plan"):
        reindex([package.extras["plan"]])
