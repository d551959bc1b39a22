"""Validators every type's fields share: bounded numbers, dates and texts, multilingual
text, references, and the shape of repeating fields. Scheming presets name the
``opendataplan_*`` ones."""

from __future__ import annotations

import json
import math
from typing import Any

import ckan.plugins.toolkit as tk
from ckan.lib.navl.dictization_functions import missing
from ckan.logic.validators import owner_org_validator
from ckanext.scheming.helpers import scheming_get_dataset_schema

from ckanext.opendataplan.common import access, multilingual
from ckanext.opendataplan.domain import checks
from ckanext.opendataplan.domain.numbers import NotFinite, as_finite
from ckanext.opendataplan.domain.text import has_spoofing_controls

Key = tuple[Any, ...]


def _parsed(parse: Any, value: Any) -> Any:
    """``parse(value)``, its ``ValueError`` turned into a translated field error."""
    if value is None or value == "" or value is missing:
        return value
    try:
        return parse(value)
    except ValueError as error:
        raise tk.Invalid(tk._(error.args[0])) from error


def opendataplan_percent(value: Any) -> Any:
    return _parsed(checks.parse_percent, value)


def opendataplan_number(value: Any) -> Any:
    """A finite decimal number (amounts, indicator values); empty stays empty."""
    return _parsed(checks.parse_amount, value)


def opendataplan_count(value: Any) -> Any:
    """A count of things (requests, petitions): a whole number from 0; empty stays empty."""
    if value in (None, ""):
        return value
    return bounded_int(0, MAX_COUNT)(value)


def opendataplan_plan_date(value: Any) -> Any:
    """A date from 1900 to 2200."""
    return _parsed(checks.parse_plan_date, value)


def opendataplan_weight(value: Any) -> Any:
    """A weight in a mean: above 0, at most 1000."""
    return _parsed(checks.parse_weight, value)


MAX_COUNT = 1_000_000_000


def at_most_characters(limit: int) -> str:
    """The error of a text over ``limit`` characters, counted in the reader's language."""
    return tk.ungettext(
        "At most %(limit)s character", "At most %(limit)s characters", limit, limit=limit
    )


def _text(value: Any, limit_option: str) -> str:
    """Text, or a number given where text is expected; never a list or an object."""
    finite = isinstance(value, int) or (isinstance(value, float) and math.isfinite(value))
    if isinstance(value, (bool, NotFinite)) or not (isinstance(value, str) or finite):
        raise tk.Invalid(tk._("Enter text"))
    text = value if isinstance(value, str) else str(value)
    if not access.is_clean_text(text):
        raise tk.Invalid(tk._("The text contains characters that cannot be stored"))
    if has_spoofing_controls(text, paragraph=limit_option == TEXT_MAX):
        raise tk.Invalid(
            tk._(
                "The text contains invisible control characters (direction overrides or "
                "control codes): remove them"
            )
        )
    limit = tk.config.get(limit_option)
    if len(text) > limit:
        raise tk.Invalid(at_most_characters(limit))
    return text


LINE_MAX = "ckanext.opendataplan.line_max_length"
TEXT_MAX = "ckanext.opendataplan.text_max_length"


def opendataplan_line(value: Any) -> Any:
    """One line of text: a name, a role, a number, a place."""
    return _text(value, LINE_MAX)


def opendataplan_long_text(value: Any) -> Any:
    """A text in several paragraphs (markdown)."""
    return _text(value, TEXT_MAX)


def opendataplan_address(value: Any) -> Any:
    """A resource's address or file name: one line of text, never a number (CKAN's
    uploader reads it as text)."""
    if not isinstance(value, str):
        raise tk.Invalid(tk._("Enter text"))
    return opendataplan_line(value)


def opendataplan_web_url(value: Any) -> Any:
    text = opendataplan_line(value)
    if text and not checks.is_web_url(text):
        raise tk.Invalid(tk._("Enter a web address starting with http:// or https://"))
    return text


def opendataplan_email(value: Any) -> Any:
    text = opendataplan_line(value)
    if text and not checks.is_email(text.removeprefix("mailto:")):
        raise tk.Invalid(tk._("Enter an email address"))
    return text.removeprefix("mailto:")


def form_values(key: Key, data: dict[Key, Any]) -> dict[str, str]:
    """Texts posted by the form as ``<field>-<lang>`` inputs; the validation puts inputs
    that are not schema fields under ``__extras``."""
    extras = data.get(("__extras",)) or {}
    values = {}
    for lang in multilingual.content_languages():
        name = f"{key[-1]}-{lang}"
        value = data.get((name,), extras.get(name))
        if value:
            values[lang] = value
    return values


def _read_texts(value: Any) -> dict[str, str]:
    """The one reading of multilingual text: a ``{lang: text}`` object or its JSON, or
    plain text (as CKAN clients send it), which is in the portal's default language."""
    if isinstance(value, str) and not value.strip().startswith("{"):
        keep = bool(multilingual.trimmed(value))  # a lone control character is refused
        return {tk.config.get("ckan.locale_default"): value} if keep else {}
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except (ValueError, RecursionError):
            value = "not an object"  # text that opens like an object but is not one
    if value in (None, "", missing):
        return {}
    if not isinstance(value, dict) or not all(isinstance(text, str) for text in value.values()):
        raise tk.Invalid(tk._('Give the text as {"ar": "...", "fr": "...", "en": "..."}'))
    return multilingual.parse(value)


def _checked_texts(value: Any, limit_option: str) -> dict[str, str]:
    """:func:`_read_texts`, in the content languages only, each text within the limit."""
    texts = _read_texts(value)
    unknown = set(texts) - set(multilingual.content_languages())
    if unknown:
        raise tk.Invalid(tk._("Unknown language: %s") % access.shown(", ".join(sorted(unknown))))
    for text in texts.values():
        _text(text, limit_option)
    return texts


def _texts(value: Any, key: Key, errors: dict, limit_option: str) -> dict[str, str]:
    try:
        return _checked_texts(value, limit_option)
    except tk.Invalid as error:
        errors[key].append(error.error)
        return {}


def _multilingual(key: Key, data: dict[Key, Any], errors: dict, limit_option: str) -> None:
    """Store ``{lang: text}`` as JSON, from the API's object, the form's inputs, or CKAN's
    core field alone (``title``, ``notes``), as any CKAN client sends it: in the portal's
    default language."""
    core = (key[-1].removesuffix("_translated"),)
    texts: dict[str, str] = {}
    for given in (data.get(key), form_values(key, data), data.get(core)):
        texts = _texts(given, key, errors, limit_option)
        if texts or errors[key]:
            break
    data[key] = json.dumps(texts, ensure_ascii=False) if texts and not errors[key] else ""


def opendataplan_multilingual(key: Key, data: dict[Key, Any], errors: dict, context: dict) -> None:
    """A description in several languages (markdown)."""
    _multilingual(key, data, errors, TEXT_MAX)


def opendataplan_multilingual_required(
    key: Key, data: dict[Key, Any], errors: dict, context: dict
) -> None:
    """A title in several languages, at least one. An empty object sent for it is
    refused, not filled from CKAN's ``title`` (which ``package_patch`` carries over)."""
    if _is_empty_object(data.get(key)):
        errors[key].append(tk._("Give the text in at least one language"))
        return
    _multilingual(key, data, errors, LINE_MAX)
    if not data[key] and not errors[key]:
        errors[key].append(tk._("Give the text in at least one language"))


def _is_empty_object(value: Any) -> bool:
    """``{}``, ``{"ar": ""}`` or their JSON: a ``{lang: text}`` object with no text."""
    if isinstance(value, str) and value.strip().startswith("{"):
        try:
            value = json.loads(value)
        except (ValueError, RecursionError):
            return False
    return isinstance(value, dict) and not multilingual.parse(value)


def opendataplan_multilingual_output(value: Any) -> dict[str, str]:
    return multilingual.parse(value)


def opendataplan_from_translated(
    key: Key, data: dict[Key, Any], errors: dict, context: dict
) -> None:
    """Fill a core field (``title``, ``notes``) from its ``*_translated`` companion, in the
    default locale first, when it is not given."""
    if data.get(key) in (None, "", missing):
        companion = (f"{key[-1]}_translated",)
        texts = multilingual.parse(data.get(companion)) or form_values(companion, data)
        data[key] = multilingual.pick(texts, tk.config.get("ckan.locale_default"))
    check = opendataplan_line if key[-1] == "title" else opendataplan_long_text
    try:
        data[key] = check(data[key]) if data[key] else data[key]
    except tk.Invalid as error:
        errors[key].append(error.error)


def opendataplan_owner_org(key: Key, data: dict[Key, Any], errors: dict, context: dict) -> Any:
    """CKAN's owner_org validator, for ids and names only."""
    check_organization_reference(data.get(key))
    return owner_org_validator(key, data, errors, context)


def check_organization_reference(value: Any) -> None:
    """What CKAN's owner_org validator would send to the database unchecked."""
    if value not in (None, "", missing) and access.reference(value) is None:
        raise tk.Invalid(tk._("Organization does not exist"))


def opendataplan_input_shapes(key: Key, data: dict[Key, Any], errors: dict, context: dict) -> None:
    """Before any field validator: infinite and NaN numbers (which CKAN's API reads from
    JSON) become :class:`NotFinite` text, which every field refuses with its own error,
    and which scheming can still serialise while it reports the errors."""
    for field, value in list(data.items()):
        if isinstance(value, float) and not math.isfinite(value):
            data[field] = NotFinite(repr(value))


def repeating_field_errors(data_dict: dict[str, Any]) -> dict[str, list[str]]:
    """Repeating fields (milestones, updates...) given anything but a list of rows (CKAN
    refuses those before any validator runs, untranslated or with a server error), or
    more rows than ``rows_max``."""
    dataset_type = data_dict.get("type")
    if not isinstance(dataset_type, str):
        return {}
    schema = scheming_get_dataset_schema(dataset_type) or {}
    limit = tk.config.get("ckanext.opendataplan.rows_max")
    errors = {}
    for field in schema.get("dataset_fields", []):
        value = data_dict.get(field["field_name"])
        if not field.get("repeating_subfields") or value in (None, ""):
            continue
        if not (isinstance(value, list) and all(isinstance(row, dict) for row in value)):
            errors[field["field_name"]] = [tk._("Give a list of rows")]
        elif len(value) > limit:
            errors[field["field_name"]] = [tk._("At most %(count)s rows") % {"count": limit}]
    return errors


def add_problems(errors: dict, prefix: Key, problems: list[checks.Problem]) -> None:
    for field, message in problems:
        errors.setdefault(prefix + (field,), []).append(tk._(message))


def repeating(data: dict[Key, Any], field: str) -> dict[int, dict[str, Any]]:
    """``{index: {subfield: value}}`` of a repeating field in flattened data."""
    rows: dict[int, dict[str, Any]] = {}
    for key, value in data.items():
        if len(key) == 3 and key[0] == field:
            rows.setdefault(key[1], {})[key[2]] = value
    return rows


MAX_LIST_LENGTH = 100


def texts(value: Any, context: dict) -> dict[str, str]:
    """``{lang: text}``; plain text counts as the portal's default language."""
    return _checked_texts(value, TEXT_MAX)


def line_texts(value: Any, context: dict) -> dict[str, str]:
    """``{lang: text}`` of one line each (a title); plain text counts as the portal's
    default language."""
    return _checked_texts(value, LINE_MAX)


def required_texts(value: Any, context: dict) -> dict[str, str]:
    parsed = texts(value, context)
    if not parsed:
        raise tk.Invalid(tk._("Give the text in at least one language"))
    return parsed


def as_bool(value: Any) -> bool:
    try:
        if not isinstance(value, (bool, str, int)):
            raise ValueError(value)
        return checks.parse_bool(value)
    except ValueError as error:
        raise tk.Invalid(tk._("Answer yes or no")) from error


def as_list(value: Any) -> list[str]:
    """Formats and request ids: short texts, a list or separated by commas."""
    is_texts = isinstance(value, list) and all(isinstance(v, str) for v in value)
    if not (is_texts or (isinstance(value, str) and not isinstance(value, NotFinite))):
        raise tk.Invalid(tk._("Enter a list of texts"))
    parts = checks.parse_list(opendataplan_long_text(value) if isinstance(value, str) else value)
    if len(parts) > MAX_LIST_LENGTH:
        limit = MAX_LIST_LENGTH
        raise tk.Invalid(
            tk.ungettext("At most %(limit)s value", "At most %(limit)s values", limit, limit=limit)
        )
    return [opendataplan_line(part) for part in parts]


def reference(value: Any) -> str:
    """An id or a name: short text, nothing else."""
    found = access.reference(value)
    if found is None:
        raise tk.Invalid(tk._("Enter an id or a name"))
    return found


def line(value: Any) -> Any:
    """One line of text, stripped; empty stays empty."""
    return opendataplan_line(value).strip() if value not in (None, "") else value


def bounded_int(low: int, high: int) -> Any:
    """A whole number from ``low`` to ``high`` (what the table's column holds)."""

    def validator(value: Any) -> int:
        number = as_finite(value)
        if number is None or not number.is_integer() or not low <= number <= high:
            raise tk.Invalid(
                tk._("Enter a whole number from %(low)s to %(high)s") % {"low": low, "high": high}
            )
        return int(number)

    return validator


def as_date(value: Any) -> Any:
    """A date from 1900 to 2200, like every date of a plan; empty stays empty."""
    if value in (None, ""):
        return None
    return opendataplan_plan_date(value)
