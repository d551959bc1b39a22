"""The IRM's assessment of a commitment, set by the IRM's assessors (who may hold no role
in the lead institution) and by nothing else: ordinary saves keep it as it is."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan.logic import validate
from ckan.types import Context, DataDict

from ckanext.opendataplan.accountability import activities, schema
from ckanext.opendataplan.common import access
from ckanext.opendataplan.domain import irm


@validate(schema.irm_assessment)
def opendataplan_irm_assessment_update(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Set the IRM's fields of a commitment; a field left out is kept, an empty one
    cleared.

    :param id: the commitment's id or name
    :param irm_specificity: ``none``, ``low``, ``medium`` or ``high``
    :param irm_potential_impact: ``none``, ``minor``, ``moderate`` or ``transformative``
    :param irm_did_it_open_government: ``worsened``, ``did_not_change``, ``marginal``,
        ``major`` or ``outstanding``
    :param irm_starred: ``yes`` or ``no``
    :returns: the commitment
    """
    commitment = access.visible_package(data_dict.get("id"), context, "commitment")
    if commitment is None:
        raise tk.ObjectNotFound(tk._("Commitment not found"))
    tk.check_access("opendataplan_irm_assessment_update", context, {"id": commitment.id})
    changes = {name: data_dict[name] for name in irm.ASSESSMENT_FIELDS if name in data_dict}
    patch = {"id": commitment.id, **changes}
    # the assessor may hold no role in the lead institution: the check above is the one
    return tk.get_action("package_patch")({**context, "ignore_auth": True}, patch)


@tk.chained_action
@tk.side_effect_free
def dashboard_activity_list(
    next_action: Any, context: Context, data_dict: DataDict
) -> list[dict[str, Any]]:
    """CKAN's dashboard (and so its activity emails), with one activity per meeting
    recorded in one form: its followers hear of it once."""
    return activities.one_per_meeting(next_action(context, data_dict))
