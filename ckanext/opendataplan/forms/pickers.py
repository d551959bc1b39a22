"""The commitments a user may choose in a form: those of the plans of the institutions
they edit and those their institutions lead (every one for sysadmins and the editors of
a coordinating body), by title in the page's language; the value stays the id. The
actions still decide on save (``plans/validators.py``): a picker only offers."""

from __future__ import annotations

from typing import Any

import ckan.authz as authz
import ckan.plugins.toolkit as tk

from ckanext.opendataplan.common import access, multilingual, packages
from ckanext.opendataplan.domain import progress


def opendataplan_commitment_choices(current: str | None = None) -> list[dict[str, Any]]:
    """``[{"plan": title, "options": [{"value": id, "text": title}]}]``, by plan, each
    plan's commitments in their numbers' order; the commitment already chosen too, when
    the user may see it."""
    user = access.current_user_name()
    if not user:
        return []
    editable = {org["id"] for org in tk.h.organizations_available("create_dataset")}
    everything = authz.is_sysadmin(user) or any(map(access.is_coordinating_body, editable))
    chosen = access.visible_package(current, {"user": user}, "commitment") if current else None
    plans = packages.with_fields("plan", ("title_translated",))
    commitments = packages.with_fields("commitment", ("plan", "number", "title_translated"))
    groups: dict[str, list[dict[str, Any]]] = {}
    for commitment in commitments.values():
        plan = plans.get(commitment.get("plan") or "")
        if plan is None or not _offered(commitment, plan, editable, everything, chosen):
            continue
        if (commitment["private"] or plan["private"]) and not access.can(
            "package_show", user, commitment["id"]
        ):
            continue
        groups.setdefault(plan["id"], []).append(commitment)
    return sorted(
        (
            {"plan": _title(plans[plan_id]), "options": _options(entries)}
            for plan_id, entries in groups.items()
        ),
        key=lambda group: group["plan"],
    )


def _offered(
    commitment: dict[str, Any],
    plan: dict[str, Any],
    editable: set[str],
    everything: bool,
    chosen: Any,
) -> bool:
    if everything or (chosen is not None and commitment["id"] == chosen.id):
        return True
    return commitment["owner_org"] in editable or plan["owner_org"] in editable


def _title(package: dict[str, Any]) -> str:
    texts = multilingual.parse(package.get("title_translated"))
    return multilingual.pick(texts, tk.h.lang()) if texts else package["title"]


def _options(commitments: list[dict[str, Any]]) -> list[dict[str, str]]:
    ordered = sorted(commitments, key=lambda c: progress.number_order(c.get("number"), c["name"]))
    return [
        {
            "value": commitment["id"],
            "text": " ".join(filter(None, [commitment.get("number"), _title(commitment)])),
        }
        for commitment in ordered
    ]
