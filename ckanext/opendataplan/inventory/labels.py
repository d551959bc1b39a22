"""The inventory's words: its choices' labels and its spreadsheet's column headers, in
the page's language or in any language of the portal (what an import accepts).

One list of English messages; the pages translate them with the request's language,
the spreadsheets with the catalog of the language asked for."""

from __future__ import annotations

import functools
from collections.abc import Callable

import ckan.plugins.toolkit as tk
from babel import Locale, UnknownLocaleError
from babel.support import NullTranslations, Translations
from flask import has_request_context

from ckanext.opendataplan import i18n
from ckanext.opendataplan.common import multilingual
from ckanext.opendataplan.domain import cells
from ckanext.opendataplan.domain.text import N_

Gettext = Callable[[str], str]
ITEMS_SHEET, ALLOWED_SHEET = N_("Items"), N_("Allowed values")  # the template's sheets

CHOICES = {
    "publication_status": {
        "not_eligible": N_("Not eligible"),
        "candidate": N_("Candidate"),
        "planned": N_("Planned"),
        "published": N_("Published"),
    },
    "restriction": {
        "none": N_("None"),
        "personal_data": N_("Personal data"),
        "security": N_("Security"),
        "third_party_rights": N_("Third-party rights"),
        "other": N_("Other impediment"),
    },
    "update_frequency": {
        "real_time": N_("Real time"),
        "daily": N_("Daily"),
        "weekly": N_("Weekly"),
        "monthly": N_("Monthly"),
        "quarterly": N_("Quarterly"),
        "annual": N_("Annual"),
        "irregular": N_("Irregular"),
        "one_off": N_("One-off"),
    },
    "electronic": {"yes": N_("Yes"), "no": N_("No")},
    "open_format": {"yes": N_("Yes"), "no": N_("No")},
}
HEADERS = {
    "reference": N_("Reference"),
    "title": N_("Title"),
    "description": N_("Description"),
    "producing_unit": N_("Producing unit"),
    "theme": N_("Theme"),
    "formats": N_("Formats"),
    "electronic": N_("Available in electronic form"),
    "open_format": N_("In an open format"),
    "restriction": N_("Legal impediment to publication"),
    "restriction_other": N_("Other impediment"),
    "demand": N_("Requests received"),
    "datarequests": N_("Data requests (ids)"),
    "quality": N_("Data quality (1 to 5)"),
    "update_frequency": N_("Update frequency"),
    "planned_publication_date": N_("Planned publication date"),
    "publication_status": N_("Publication status"),
    "milestone": N_("Plan action (number within the commitment)"),
    "commitment": N_("Commitment (name)"),
    "dataset": N_("Published dataset (name)"),
}


def page_language() -> str:
    """The request's language; the portal's default one outside a request (API tests)."""
    lang = tk.h.lang() if has_request_context() else None
    return lang or tk.config.get("ckan.locale_default") or "en"


def languages() -> list[str]:
    """Every language a spreadsheet may be written in: the pages' and the contents'."""
    offered = tk.aslist(tk.config.get("ckan.locales_offered")) or ["en"]
    return list(dict.fromkeys([*offered, *multilingual.content_languages(), "en"]))


@functools.lru_cache(maxsize=16)
def _catalog(lang: str) -> NullTranslations:
    return Translations.load(i18n.catalog_directory(), [lang], "ckanext-opendataplan")


def gettext(lang: str) -> Gettext:
    return _catalog(lang).gettext


def is_right_to_left(lang: str) -> bool:
    try:
        return Locale.parse(lang).character_order == "right-to-left"
    except (ValueError, UnknownLocaleError):
        return False


def _language_name(lang: str, in_lang: str) -> str:
    try:
        return Locale.parse(lang).get_display_name(in_lang) or lang
    except (ValueError, UnknownLocaleError):
        return lang


def header(column: str, lang: str) -> str:
    """``Title (Arabic)`` for ``title_ar``, in ``lang``: ``العنوان (العربية)``."""
    _ = gettext(lang)
    field, _sep, content_lang = column.rpartition("_")
    if field in ("title", "description") and content_lang in multilingual.content_languages():
        return f"{_(HEADERS[field])} ({_language_name(content_lang, lang)})"
    return _(HEADERS[column])


def choice(field: str, code: str, lang: str) -> str:
    return gettext(lang)(CHOICES[field][code])


@functools.lru_cache(maxsize=64)
def _headers_lookup(columns: tuple[str, ...], langs: tuple[str, ...]) -> dict[str, str]:
    return cells.lookup({column: [header(column, lang) for lang in langs] for column in columns})


def column_of(name: str, columns: list[str]) -> str | None:
    """The column a header names: its code or its header in any of the languages."""
    return _headers_lookup(tuple(columns), tuple(languages())).get(cells.normal(name))


@functools.lru_cache(maxsize=16)
def _choices_lookup(field: str, langs: tuple[str, ...]) -> dict[str, str]:
    names = {
        code: [gettext(lang)(label) for lang in langs] for code, label in CHOICES[field].items()
    }
    return cells.lookup(names)


def code_of(field: str, value: str) -> str | None:
    """The code a cell names: the code or its label in any of the languages."""
    return _choices_lookup(field, tuple(languages())).get(cells.normal(value))
