"""The progress history action."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan.logic import validate
from ckan.types import Context, DataDict

from ckanext.opendataplan.common import access, packages
from ckanext.opendataplan.model import progress_snapshot
from ckanext.opendataplan.progress import history
from ckanext.opendataplan.reports import schema


@tk.side_effect_free
@validate(schema.progress_history)
def opendataplan_progress_history(context: Context, data_dict: DataDict) -> list[dict[str, Any]]:
    """A commitment's progress history, in date order.

    :param id: the commitment's id or name
    :param include_withdrawn: also the snapshots of deleted reports (default false)
    :returns: snapshots with ``date``, ``progress``, ``completion_level``, ``source``
        (``report``, ``edit``, ``recompute``), ``report`` (the report's name),
        ``withdrawn`` and ``recorded_at``
    """
    commitment = access.package(data_dict["id"], "commitment")
    if commitment is None or commitment.state not in access.SHOWN_STATES:
        raise tk.ObjectNotFound(tk._("Commitment not found"))
    access.check_visible(
        "opendataplan_progress_history", context, commitment.id, tk._("Commitment not found")
    )
    rows = progress_snapshot.of_commitment(commitment.id, data_dict["include_withdrawn"])
    names = packages.names({row.report_id for row in rows if row.report_id})
    return [history.as_dict(row, names) for row in rows]
