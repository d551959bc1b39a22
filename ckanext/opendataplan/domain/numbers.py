"""The one rule for reading a number, wherever one is read: a form's field, an API
value, a spreadsheet's cell, or a figure stored before and read back by a rule.

A number is a finite ``int`` or ``float`` (not ``True`` or ``False``), or its text in
ASCII digits: ``,`` or ``.`` as the decimal mark, spaces and no-break spaces between
groups of digits (``1 500,5``). Arabic-Indic and other digits are refused, as the
validators always refused them: the portal stores and shows ASCII digits only, and a
figure that one reader would read and another refuse would not be the same figure
everywhere."""

from __future__ import annotations

import math
from typing import Any

_GROUP_SEPARATORS = (" ", "\u00a0")


class NotFinite(str):
    """What an infinite or NaN number becomes before validation: text that JSON can
    carry, that no number field and no text field accepts."""


def as_finite(value: Any) -> float | None:
    """The number ``value`` holds by the rule above, else ``None``."""
    if isinstance(value, (bool, NotFinite)) or value is None:
        return None
    if isinstance(value, str):
        for separator in _GROUP_SEPARATORS:
            value = value.replace(separator, "")
        value = value.strip().replace(",", ".")
        if not value.isascii():
            return None  # float() reads Arabic-Indic and other digits: refused
    try:
        number = float(value)
    except (TypeError, ValueError, OverflowError):
        return None
    return number if math.isfinite(number) else None
