"""The IRM data export: one row per public commitment of the public OGP plans, with the
variables of the Independent Reporting Mechanism's commitments data. Its figures are
the pages' (the current figure from the history); three queries whatever the size."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.opendataplan.common import institutions, multilingual, packages
from ckanext.opendataplan.domain import irm, progress
from ckanext.opendataplan.progress import rollup

COLUMNS = irm.COLUMNS
OGP_KINDS = ("ogp_national", "ogp_local")
_PLAN_KEYS = ("plan_kind", "period_start", "period_end", "title_translated")
_COMMITMENT_KEYS = (*rollup.COMMITMENT_KEYS, "ogp_values", "partners", *irm.ASSESSMENT_FIELDS)


def rows(plan_id: str | None, lang: str) -> list[dict[str, Any]]:
    """The rows of one public plan (any kind), or of every adopted public OGP plan."""
    plans, commitments = rollup.published(_PLAN_KEYS, _COMMITMENT_KEYS, drafts=plan_id is not None)
    if plan_id is not None:
        plans = {pid: plan for pid, plan in plans.items() if pid == plan_id}
    else:
        plans = {pid: plan for pid, plan in plans.items() if plan.get("plan_kind") in OGP_KINDS}
    commitments = [c for c in commitments if c["plan"] in plans]
    rollup.current_figures(commitments)
    leads = institutions.names_and_titles((c["owner_org"] for c in commitments), lang)
    country = tk.config.get("ckanext.opendataplan.country") or ""
    found = []
    for commitment in commitments:
        plan = plans[commitment["plan"]]
        found.append(
            irm.commitment_row(
                {**plan, "title": multilingual.title(plan, lang)},
                _commitment(commitment, lang, leads),
                country,
            )
        )
    return sorted(
        found, key=lambda row: (row["plan"], progress.number_order(row["commitment_number"]))
    )


def _commitment(
    commitment: dict[str, Any], lang: str, leads: dict[str, tuple[str, str]]
) -> dict[str, Any]:
    partners = packages.load_json(commitment.get("partners")) or []
    return {
        **commitment,
        "title": multilingual.title(commitment, lang),
        "ogp_values": packages.load_json(commitment.get("ogp_values")) or [],
        "lead_institution": leads.get(commitment["owner_org"], ("", ""))[1],
        "supporting_institutions": [
            p.get("name") for p in partners if isinstance(p, dict) and p.get("name")
        ],
        "url": tk.h.url_for("commitment.read", id=commitment["name"], qualified=True),
    }
