"""Text kept in several languages as a ``{lang: text}`` object, and read in the visitor's."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import ckan.plugins.toolkit as tk
from ckan.lib.i18n import get_locales_dict


def content_languages() -> list[str]:
    return tk.aslist(tk.config.get("ckanext.opendataplan.content_languages"))


def language_name(lang: str) -> str:
    """The language's name in itself (العربية, français), for form labels (CKAN 2.12
    deprecates ``h.lang_native_name``)."""
    locale = get_locales_dict().get(lang)
    return (locale.display_name or locale.english_name) if locale else lang


def parse(value: Any) -> dict[str, str]:
    """A ``{lang: text}`` dict from a dict or its JSON; plain text counts as unknown language."""
    if isinstance(value, Mapping):
        raw = value
    elif isinstance(value, str) and value.strip().startswith("{"):
        try:
            raw = json.loads(value)
        except (ValueError, RecursionError):
            raw = {}
    else:
        raw = {}
    # Only spaces and line ends are trimmed: Python's strip() would also drop control
    # characters such as U+0085 and U+001C-U+001F, which the validators must see to refuse.
    return {lang: trimmed(text) for lang, text in raw.items() if text and trimmed(text)}


def trimmed(text: Any) -> str:
    """The text without the spaces and line ends around it."""
    return str(text).strip(_SPACES)


_SPACES = " \t\n\r\f\v\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
_SPACES += "\u202f\u205f\u3000"


def title(package: Mapping[str, Any], lang: str | None) -> str:
    """A plan's, commitment's or report's title in ``lang`` (as ``pick`` falls back),
    else its plain title."""
    return titled(package, lang)[0]


def titled(package: Mapping[str, Any], lang: str | None) -> tuple[str, str]:
    """:func:`title` and the language it is in, for a ``lang`` attribute ("": a plain
    title, in a language not known)."""
    text, code = picked(package.get("title_translated"), lang)
    if text:
        return text, code or ""
    return package.get("title") or "", ""


def pick(value: Any, lang: str | None = None) -> str:
    """The text in ``lang``, else in the default locale, else in the first language that has it."""
    return picked(value, lang)[0]


def picked(value: Any, lang: str | None = None) -> tuple[str, str | None]:
    """:func:`pick`'s text and the language it is in (``None``: plain text, unknown)."""
    texts = parse(value)
    if not texts:
        return (value if isinstance(value, str) else ""), None
    if lang in texts:  # the usual case: the configuration is not read
        return texts[lang], lang
    order = [lang, tk.config.get("ckan.locale_default"), *content_languages(), *texts]
    code = next(code for code in order if code in texts)
    return texts[code], code
