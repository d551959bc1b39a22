"""Cells of a spreadsheet as people type them: labels in any of the portal's languages
and day-first dates, read back into the codes and ISO dates the rules use."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from typing import Any

# Arabic short vowels and other marks, and the tatweel: typed or not, the same word.
_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_SPACES = re.compile(r"\s+")
_DAY_FIRST = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")


def normal(text: Any) -> str:
    """A label as compared: case, Arabic marks and runs of spaces do not count."""
    return _SPACES.sub(" ", _MARKS.sub("", str(text))).strip().casefold()


def lookup(names: Mapping[str, Iterable[str]]) -> dict[str, str]:
    """``{normal(name): code}`` for ``{code: [its names]}``, the code itself a name too."""
    table: dict[str, str] = {}
    for code, labels in names.items():
        for label in (code, *labels):
            table.setdefault(normal(label), code)
    return table


def day_first_date(value: Any) -> Any:
    """``15/09/2026`` (also with ``-`` or ``.``, and in any digits) as ``2026-09-15``;
    anything else, an impossible day included, as it is, for the date check to refuse."""
    if not isinstance(value, str):
        return value
    found = _DAY_FIRST.match(value.strip())
    if not found:
        return value
    day, month, year = (int(part) for part in found.groups())
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return value
