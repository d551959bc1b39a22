"""A percentage as every reader sees it: the page, the PDF and the DOCX print the one form
of the language (``78%`` in Arabic and English, ``78 %`` in French), kept left to right
inside right-to-left text."""

from __future__ import annotations

import functools
from typing import Any

from babel.numbers import format_percent

# Unicode's left-to-right isolate and its end: what <span dir="ltr"> is to a page, for
# text laid out without markup (a document's cell). Without it, the bidi algorithm puts
# the sign of "78%" on the number's other side in an Arabic line ("% 78").
LTR_ISOLATE, POP_ISOLATE = "\u2066", "\u2069"


def in_words(value: Any, lang: str) -> str:
    """A whole percent (``value`` from 0 to 100) in ``lang``'s form."""
    return _formatted(float(value), lang)


@functools.lru_cache(maxsize=1024)
def _formatted(value: float, lang: str) -> str:
    # Babel reads the locale's pattern on each call: a page of 500 plans asks 1,000 times
    return format_percent(value / 100, locale=lang)


def isolated(value: Any, lang: str) -> str:
    """:func:`in_words`, isolated left to right for text without markup."""
    return f"{LTR_ISOLATE}{in_words(value, lang)}{POP_ISOLATE}"
