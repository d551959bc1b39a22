"""The signals a change of progress sends, through CKAN's signals (blinker): the
features that care subscribe to them in the plugin's ``ISignal`` hook, so that this
floor calls none of them. Receivers run in the save, inside its transaction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import ckan.plugins.toolkit as tk

# sender: ``None``; before, after ({commitment id: progress}), day, user_id
progress_changed = tk.signals.ckanext.signal("opendataplan_progress_changed")
# sender: the commitment's id; before, after (its milestones), day, user_id
milestones_changed = tk.signals.ckanext.signal("opendataplan_milestones_changed")


def announce_progress(
    before: Mapping[str, int | None], after: Mapping[str, int], day: dt.date, user_id: str | None
) -> None:
    progress_changed.send(None, before=before, after=after, day=day, user_id=user_id)


def announce_milestones(
    commitment_id: str, before: Any, after: Any, day: dt.date, user_id: str | None
) -> None:
    milestones_changed.send(commitment_id, before=before, after=after, day=day, user_id=user_id)
