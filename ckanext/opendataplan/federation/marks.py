"""The marks a harvested plan or commitment carries (its federation contract): the
local harvest source it came from, the source portal as its descriptor names it, the
object's page there, and when the last harvest wrote it. Only the harvester sets them:
any other save that changes one is refused, and a save that leaves one out keeps it."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan.lib.navl.dictization_functions import missing

from ckanext.opendataplan.domain import sources

Key = tuple[Any, ...]

FIELDS = (
    "federation_source",
    "federation_portal_title",
    "federation_portal_url",
    "federation_link",
    "federation_harvested",
)
ADDRESSES = ("federation_portal_url", "federation_link")
# The context key the harvester's own saves carry (never reachable from a request).
HARVESTER_CONTEXT = "opendataplan_federation_harvester"


def is_harvester(context: dict[str, Any]) -> bool:
    return context.get(HARVESTER_CONTEXT) is True


def stored(context: dict[str, Any], field: str) -> str:
    """The mark the package being updated carries ('' for a new one or none)."""
    package = context.get("package")
    extras = getattr(package, "extras", None) or {}
    return str(extras.get(field) or "")


def opendataplan_federation_mark(
    key: Key, data: dict[Key, Any], errors: dict, context: dict
) -> None:
    """A mark is the harvester's alone: others keep the stored value or are refused."""
    value = data.get(key)
    given = "" if value in (None, missing) else value
    if is_harvester(context):
        if not given:
            data.pop(key, None)
        elif key[-1] in ADDRESSES and not sources.web_address(given):
            errors[key].append(tk._("Give a web address (http or https)"))
        return
    kept = stored(context, key[-1])
    if given not in ("", kept):
        errors[key].append(tk._("Set only by the harvester of another portal's plans"))
        return
    if kept:
        data[key] = kept
    else:
        data.pop(key, None)


def harvested_refusal(context: dict[str, Any], package: Any) -> tk.ValidationError | None:
    """A harvested plan or commitment (or a plan's new commitment or report) is edited
    at its source: the error that says so, for everyone but the harvester."""
    if getattr(package, "type", None) not in ("plan", "commitment"):
        return None  # the marks mean something on plans and commitments only
    extras = getattr(package, "extras", None) or {}
    if not extras.get("federation_source") or is_harvester(context):
        return None
    portal = extras.get("federation_portal_title") or extras.get("federation_portal_url")
    message = tk._("Harvested from {portal}: edit it there ({link})").format(
        portal=portal, link=extras.get("federation_link") or extras.get("federation_portal_url")
    )
    return tk.ValidationError({"federation_source": [message]})
