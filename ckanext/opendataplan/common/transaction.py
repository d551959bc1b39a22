"""The one commit rule of the plugin's actions, CKAN's own: an action commits what it
wrote, unless its caller asked to commit later (``defer_commit``)."""

from __future__ import annotations

from typing import Any

import ckan.model as model


def commit(context: dict[str, Any]) -> None:
    if not context.get("defer_commit"):
        model.repo.commit()
