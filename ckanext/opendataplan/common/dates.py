"""Dates in words, in a language or in the country locale configured for it."""

from __future__ import annotations

import datetime as dt
import functools
from typing import Any

import ckan.plugins.toolkit as tk
from babel.dates import format_date

from ckanext.opendataplan.domain.checks import as_date


def in_words(value: Any, lang: str) -> str:
    """``15 يوليو 2020``, ``15 juillet 2020``; empty for no date."""
    day = as_date(value)
    if day is None:
        return ""
    overrides = dict(
        item.split(":", 1)
        for item in tk.aslist(tk.config.get("ckanext.opendataplan.date_locales"))
        if ":" in item
    )
    return _long(day, overrides.get(lang, lang))


@functools.lru_cache(maxsize=4096)
def _long(day: dt.date, locale: str) -> str:
    # Babel reads the locale's pattern on each call: a page of 500 plans asks 500 times
    return format_date(day, format="long", locale=locale)


def default_language() -> str:
    """The portal's default language: what its emails and commands write in."""
    return tk.config.get("ckan.locale_default") or "en"
