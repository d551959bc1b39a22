"""CKAN's organization actions, chained: ``title_translated`` (an object, its JSON, or
the form's ``title_translated-<lang>`` inputs) is checked before anything is written and
kept as the organization's extra; an update or patch that does not name it keeps the
extras CKAN is given, as CKAN does."""

from __future__ import annotations

import json
from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.opendataplan.common import multilingual, validators
from ckanext.opendataplan.common.institutions import TITLES_KEY


def with_titles(data_dict: dict[str, Any]) -> dict[str, Any]:
    """The organization's data with its titles per language as its extra, or a
    ``ValidationError`` naming ``title_translated``."""
    data = dict(data_dict)
    given = data.pop(TITLES_KEY, None)
    inputs = {
        lang: data.pop(f"{TITLES_KEY}-{lang}")
        for lang in multilingual.content_languages()
        if f"{TITLES_KEY}-{lang}" in data
    }
    if given is None and not inputs:
        return data
    try:
        texts = validators.line_texts(inputs if given is None else given, {})
    except tk.Invalid as error:
        raise tk.ValidationError({TITLES_KEY: [error.error]}) from error
    extras = data.get("extras")
    kept = [
        extra
        for extra in (extras if isinstance(extras, list) else [])
        if not (isinstance(extra, dict) and extra.get("key") == TITLES_KEY)
    ]
    if texts:
        kept.append({"key": TITLES_KEY, "value": json.dumps(texts, ensure_ascii=False)})
    data["extras"] = kept
    return data


@tk.chained_action
def organization_create(up_func: Any, context: dict, data_dict: dict[str, Any]) -> Any:
    return up_func(context, with_titles(data_dict))


@tk.chained_action
def organization_update(up_func: Any, context: dict, data_dict: dict[str, Any]) -> Any:
    return up_func(context, with_titles(data_dict))
