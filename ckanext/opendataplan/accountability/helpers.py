"""Template helpers of the accountability loop."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.opendataplan.accountability import wording
from ckanext.opendataplan.common import access, dates, multilingual


def opendataplan_may_assess_irm() -> bool:
    """Whether the visitor may set the IRM's assessment fields of a commitment."""
    return access.may_assess_irm(access.current_user_name())


def opendataplan_following(package_id: str) -> dict[str, Any]:
    """``{me: whether the visitor follows the package, count: its followers}``."""
    user = access.current_user_name()
    count = tk.get_action("dataset_follower_count")({}, {"id": package_id})
    me = bool(user) and tk.get_action("am_following_dataset")({"user": user}, {"id": package_id})
    return {"me": me, "count": count}


def opendataplan_change_sentence(data: dict[str, Any]) -> str:
    """An activity of the plugin in words, in the reader's language."""
    lang = tk.h.lang()
    title = multilingual.pick(data.get("titles"), lang) or data.get("title") or ""
    return wording.change_sentence(data, title, dates.in_words(data.get("date"), lang))
