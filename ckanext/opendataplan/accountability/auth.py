"""Who sets the IRM's own assessment of a commitment: sysadmins and the users named in
``ckanext.opendataplan.irm_assessors``, on any commitment they may see (the IRM is
independent of the institutions: it needs no role in them)."""

from __future__ import annotations

import ckan.plugins.toolkit as tk
from ckan.types import AuthResult, Context, DataDict

from ckanext.opendataplan.common import access


def opendataplan_irm_assessment_update(context: Context, data_dict: DataDict) -> AuthResult:
    user = context.get("user")
    commitment = access.reference((data_dict or {}).get("id"))
    if not (commitment and access.can("package_show", user, commitment)):
        return {"success": False, "msg": tk._("Commitment not found")}
    if not access.may_assess_irm(user):
        return {"success": False, "msg": tk._("Only the IRM's assessors may do this")}
    return {"success": True}
