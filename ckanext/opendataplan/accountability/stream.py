"""The activity stream of plans, commitments, progress reports and inventories: one
line per save, in words, in the reader's language ("ux-editor changed the figure of the
commitment ... from 40 % to 55 %", "... updated the commitment ...: Activities").

CKAN's activity plugin writes one activity per save with the whole package; the chained
``activity_create`` adds what the save changed (``opendataplan_save``: the fields that
differ from the version before, and the plugin's own activities that the save wrote,
which the line tells in their place). The stream's template (``snippets/stream.html``)
renders these activities with ``opendataplan_save.html`` and leaves out the plugin's
activities that a line of the same stream tells. CKAN's ``dataset`` type is untouched."""

from __future__ import annotations

from typing import Any

import ckan.model as model
import ckan.plugins as p
import ckan.plugins.toolkit as tk
from babel.lists import format_list
from markupsafe import Markup, escape

from ckanext.opendataplan.catalogue import scope
from ckanext.opendataplan.common import multilingual
from ckanext.opendataplan.domain import saves

KEY = "opendataplan_save"
# Session key: the plugin's activities written in this save, until the save's own
# activity tells them (every package activity empties it: nothing is left for another).
TOLD = "opendataplan_told"
PACKAGE_ACTIVITIES = {f"{kind} package": kind for kind in saves.KINDS}


def remember_told(commitment_id: str, activity: dict[str, Any] | None) -> None:
    """A plugin activity written during a save of the commitment: its line tells it."""
    if activity:
        entry = {"commitment": commitment_id, "id": activity["id"], "data": activity["data"]}
        model.Session.info.setdefault(TOLD, []).append(entry)


def _previous_version(object_id: str) -> dict[str, Any] | None:
    from ckanext.activity.model import Activity

    row = (
        model.Session.query(Activity.data)
        .filter(
            Activity.object_id == object_id,
            Activity.activity_type.in_(["new package", "changed package"]),
        )
        .order_by(Activity.timestamp.desc())
        .first()
    )
    return (row.data or {}).get("package") if row else None


def _schema_fields(package_type: str) -> list[dict[str, Any]]:
    from ckanext.scheming.helpers import scheming_get_dataset_schema

    return (scheming_get_dataset_schema(package_type) or {}).get("dataset_fields", [])


@tk.chained_action
def activity_create(up: Any, context: Any, data_dict: dict[str, Any]) -> Any:
    """CKAN's ``activity_create``; a save of one of the plugin's types keeps what it
    changed in the activity."""
    kind = PACKAGE_ACTIVITIES.get(data_dict.get("activity_type") or "")
    data = data_dict.get("data")
    package = data.get("package") if kind and isinstance(data, dict) else None
    if isinstance(package, dict) and package.get("type") in scope.PLUGIN_TYPES:
        told = [
            entry
            for entry in model.Session.info.pop(TOLD, [])
            if entry["commitment"] == package.get("id")
        ]
        # the form's fields, and who can read it (its own publishing page)
        names = [field["field_name"] for field in _schema_fields(package["type"])]
        names.append("private")
        before = _previous_version(package["id"]) if kind == saves.CHANGED else None
        fields = saves.changed_fields(before, package, names)
        data_dict = {**data_dict, "data": {**data, KEY: saves.summary(kind, fields, told)}}
    elif kind:
        model.Session.info.pop(TOLD, None)
    return up(context, data_dict)


def chained_actions() -> dict[str, Any]:
    """``activity_create`` when CKAN's activity plugin is on (nothing to chain else)."""
    return {"activity_create": activity_create} if p.plugin_loaded("activity") else {}


# Template helpers ------------------------------------------------------------------


def opendataplan_stream(activities: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The stream less the plugin's activities that a save's line in it tells, and
    less the saves that changed nothing (CKAN 2.11 records those; 2.12 does not)."""
    hidden = saves.left_out(activities)
    return [
        activity
        for activity in activities
        if activity.get("id") not in hidden
        and not saves.says_nothing((activity.get("data") or {}).get(KEY) or {})
    ]


def opendataplan_activity_snippet(activity: dict[str, Any]) -> str:
    """The snippet of one activity: the plugin's saves their own, any other CKAN's."""
    if (activity.get("data") or {}).get(KEY):
        return "snippets/activities/opendataplan_save.html"
    return "snippets/activities/{}.html".format(activity["activity_type"].replace(" ", "_"))


def _sentences() -> dict[tuple[str, str], str]:
    _ = tk._
    return {
        ("new", "plan"): _("{actor} created the plan {object}"),
        ("new", "commitment"): _("{actor} created the commitment {object}"),
        ("new", "progress_report"): _("{actor} created the progress report {object}"),
        ("new", "inventory"): _("{actor} created the inventory {object}"),
        ("deleted", "plan"): _("{actor} deleted the plan {object}"),
        ("deleted", "commitment"): _("{actor} deleted the commitment {object}"),
        ("deleted", "progress_report"): _("{actor} deleted the progress report {object}"),
        ("deleted", "inventory"): _("{actor} deleted the inventory {object}"),
        ("changed", "plan"): _("{actor} updated the plan {object}"),
        ("changed", "commitment"): _("{actor} updated the commitment {object}"),
        ("changed", "progress_report"): _("{actor} updated the progress report {object}"),
        ("changed", "inventory"): _("{actor} updated the inventory {object}"),
        ("fields", "plan"): _("{actor} updated the plan {object}: {fields}"),
        ("fields", "commitment"): _("{actor} updated the commitment {object}: {fields}"),
        ("fields", "progress_report"): _("{actor} updated the progress report {object}: {fields}"),
        ("fields", "inventory"): _("{actor} updated the inventory {object}: {fields}"),
    }


def _labels(package_type: str, names: list[str]) -> list[str]:
    from ckanext.scheming.helpers import scheming_language_text

    labels = {f["field_name"]: f.get("label") for f in _schema_fields(package_type)}
    labels["private"] = tk._("Who can read it")
    return [scheming_language_text(labels.get(name)) or name for name in names]


def _joined(items: list[str]) -> str:
    return format_list(items, locale=tk.h.lang() or "en") if items else ""


def _object(package: dict[str, Any], lang: str) -> Markup:
    title = multilingual.title(package, lang) or package.get("name") or ""
    url = tk.h.url_for(f"{package.get('type')}.read", id=package.get("name"))
    return Markup('<a href="{}" dir="auto"><bdi>{}</bdi></a>').format(url, title)


def opendataplan_save_line(activity: dict[str, Any]) -> Markup:
    """One save in words, in the reader's language."""
    data = activity.get("data") or {}
    facts, package = data.get(KEY) or {}, data.get("package") or {}
    kind, package_type = facts.get("kind"), package.get("type")
    actor = Markup(tk.h.linked_user(activity.get("user_id"), 0, 30))
    words = {"actor": actor, "object": _object(package, tk.h.lang())}
    fields = _joined(_labels(package_type, facts.get("fields") or []))
    figure, tails = facts.get("figure"), []
    if kind == saves.CHANGED and figure:
        after = f"{figure.get('after')} %"
        line = (
            tk._("{actor} changed the figure of the commitment {object} from {before} to {after}")
            if figure.get("before") is not None
            else tk._("{actor} set the figure of the commitment {object} to {after}")
        )
        text = escape(line).format(**words, before=f"{figure.get('before')} %", after=after)
        if fields:
            tails.append(escape(tk._("also updated: {fields}")).format(fields=fields))
    else:
        key = ("fields" if fields and kind == saves.CHANGED else kind, package_type)
        text = escape(_sentences()[key]).format(**words, fields=fields)
    completed = facts.get("completed") or []
    if completed:
        titles = _joined([f"“{title}”" for title in completed])
        done = tk.ungettext(
            "%(num)d activity completed: {activities}",
            "%(num)d activities completed: {activities}",
            len(completed),
        )
        tails.append(escape(done).format(activities=titles))
    return Markup(" · ").join([text, *tails])


def opendataplan_activity_type_label(activity_type: str) -> str:
    """A kind of activity in words, for the stream's filter (CKAN's code otherwise)."""
    _ = tk._
    labels = {
        "new package": _("Created"),
        "changed package": _("Updated"),
        "deleted package": _("Deleted"),
        "follow dataset": _("Followed"),
        "new resource view": _("View added"),
        "changed resource view": _("View changed"),
        "deleted resource view": _("View deleted"),
    }
    return labels.get(activity_type) or activity_type.title()
