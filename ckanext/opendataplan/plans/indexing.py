"""What plans and commitments put in the search index.

Their structured fields (lists of milestones, indicators...) stay out of Solr's fields,
which are flat; the index gets flat, searchable text instead, one field per language.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

from ckanext.opendataplan.common import multilingual
from ckanext.opendataplan.inventory import records
from ckanext.opendataplan.progress import rollup

_SEARCHABLE_SUBFIELDS = ("title", "activity", "name", "role")
SOLR_TERM_BYTES = 32766


def drop_unindexable_terms(pkg_dict: dict[str, Any]) -> dict[str, Any]:
    """CKAN copies every extra to a top-level field of Solr's catch-all string type, one
    term each, which Solr refuses beyond 32,766 bytes (a long Arabic text reaches it at
    16,383 characters). Such copies are dropped; the text stays searchable in
    ``extras_<key>``, a text field."""
    for key, value in list(pkg_dict.items()):
        if isinstance(value, str) and f"extras_{key}" in pkg_dict and _too_long(value):
            del pkg_dict[key]
    return pkg_dict


# Fields of CKAN's Solr schema that are split into words, or not indexed: a long text
# there is no single term. Every other field keeps its value whole, as one term.
_NOT_ONE_TERM = frozenset(
    ("title", "notes", "text", "urls", "author", "author_email", "maintainer")
    + ("maintainer_email", "res_name", "res_description", "data_dict", "validated_data_dict")
)


def drop_every_unindexable_term(pkg_dict: dict[str, Any]) -> dict[str, Any]:
    """For the plugin's types: no value Solr would refuse reaches it, in any field, so
    that a save is never undone by its index: no term over Solr's bytes (a resource
    address stored before the forms bounded it, a bound a portal raised), and no free
    extra that Solr reads as a number or a date it cannot take (see
    :func:`_keep_solr_types`). The package keeps the value; only its search by that
    exact value is lost."""
    for key, value in list(_keep_solr_types(drop_unindexable_terms(pkg_dict)).items()):
        if key in _NOT_ONE_TERM or key.startswith(("extras_", "res_extras_")):
            continue
        if isinstance(value, str) and _too_long(value):
            del pkg_dict[key]
        elif isinstance(value, list) and any(isinstance(v, str) and _too_long(v) for v in value):
            pkg_dict[key] = [v for v in value if not (isinstance(v, str) and _too_long(v))]
    return pkg_dict


# Fields of CKAN's Solr schema that take integers; an extra of that name is copied there.
_SOLR_INTEGERS = (
    "views_total",
    "views_recent",
    "resources_accessed_total",
    "resources_accessed_recent",
)


def _keep_solr_types(pkg_dict: dict[str, Any]) -> dict[str, Any]:
    """CKAN copies each extra to a field of its name: ``_version_`` is Solr's own (a
    number it compares to refuse a write), the views' counts are integers, and
    ``*_date`` fields dates, which CKAN writes with the offset they were given and Solr
    takes in UTC only. Such values are left out, or written in UTC."""
    pkg_dict.pop("_version_", None)
    for key in _SOLR_INTEGERS:
        if key in pkg_dict and not re.fullmatch(r"-?\d{1,18}", str(pkg_dict[key])):
            del pkg_dict[key]
    for key, value in list(pkg_dict.items()):
        if key.endswith("_date") and isinstance(value, str):
            utc = _in_utc(value)
            if utc is None:
                del pkg_dict[key]
            else:
                pkg_dict[key] = utc
    return pkg_dict


def _in_utc(value: str) -> str | None:
    """A date as Solr takes it (``...Z``), or ``None`` for what it could not take."""
    try:
        moment = dt.datetime.fromisoformat(value.removesuffix("Z"))
    except ValueError:
        return None
    if moment.tzinfo is not None:
        moment = moment.astimezone(dt.timezone.utc).replace(tzinfo=None)
    return moment.isoformat() + "Z"


def _too_long(text: str) -> bool:
    return len(text.encode("utf-8", "surrogatepass")) > SOLR_TERM_BYTES


def _flatten_text(rows: list[dict[str, Any]]) -> str:
    return " ".join(str(row[f]) for row in rows for f in _SEARCHABLE_SUBFIELDS if row.get(f))


def before_index(pkg_dict: dict[str, Any]) -> dict[str, Any]:
    # CKAN indexes an unvalidated package_show; the figures are computed here, on the
    # validated dict, which is also what package_search returns.
    validated = json.loads(pkg_dict.get("validated_data_dict") or "{}")
    if validated.get("type") == "commitment":
        rollup.decorate_commitment(validated)
    elif validated.get("type") == "plan":
        rollup.decorate_plan(validated)
    pkg_dict["validated_data_dict"] = json.dumps(validated)
    for key, value in list(pkg_dict.items()):
        loaded = validated.get(key, value)
        if key.endswith("_translated"):
            for lang, text in multilingual.parse(loaded).items():
                pkg_dict[f"extras_{key[: -len('_translated')]}_{lang}"] = text
            del pkg_dict[key]
        elif isinstance(loaded, list) and loaded and isinstance(loaded[0], dict):
            pkg_dict[f"extras_{key}_text"] = _flatten_text(loaded)
            del pkg_dict[key]
        elif isinstance(value, dict):
            pkg_dict[key] = json.dumps(value)
    if validated.get("type") == "inventory":
        # Items with a legal impediment never reach the index.
        pkg_dict["extras_items_text"] = records.index_text(validated["id"])
    for key in ("progress", "completion_level", "commitment_count", "reported_count", "plan"):
        if validated.get(key) is not None:  # not reported: no progress to index
            pkg_dict[key] = validated[key]
    return pkg_dict
