"""Consistency rules of plans, commitments and milestones.

Each check returns a list of ``(field, message)`` problems; messages are marked with
``N_`` so that the CKAN layer translates them in the user's language.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any, Union

from .numbers import as_finite
from .progress import MAX_WEIGHT
from .text import N_

DateLike = Union[dt.date, str, None]
Problem = tuple[str, str]


ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}(?:$|[T ])", re.ASCII)


def as_date(value: DateLike) -> dt.date | None:
    """A date from a date, a datetime or an ISO string; ``None`` if empty or unreadable."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str) or not ISO_DATE.match(value):
        return None  # not a number that happens to read as YYYYMMDD, not a list
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def check_period(start: DateLike, end: DateLike, end_field: str = "end_date") -> list[Problem]:
    start_date, end_date = as_date(start), as_date(end)
    if start_date and end_date and end_date < start_date:
        return [(end_field, N_("The end date is before the start date"))]
    return []


def check_milestone(milestone: Mapping[str, Any]) -> list[Problem]:
    problems = check_period(milestone.get("start_date"), milestone.get("end_date"))
    progress = as_finite(milestone.get("progress"))
    status = milestone.get("status")
    if status == "complete" and progress is not None and progress < 100:
        problems.append(("progress", N_("A complete milestone must be at 100%")))
    if status and status != "complete" and progress == 100:
        problems.append(("status", N_("A milestone at 100% must be marked complete")))
    return problems


def check_ogp_local_languages(plan_kind: str, languages: set[str]) -> list[Problem]:
    """An OGP Local plan is written in Arabic and English, as its handbook requires."""
    if plan_kind == "ogp_local" and not {"ar", "en"} <= languages:
        return [("title_translated", N_("An OGP Local plan needs its title in Arabic and English"))]
    return []


# Years a plan's dates may fall in (a typing mistake like 0001 or 9999 is refused).
FIRST_YEAR, LAST_YEAR = 1900, 2200

# Bounds of what users may enter. A figure is finite and fits where it is stored.
MAX_AMOUNT = 10**15  # budget amounts and indicator values, in any currency or unit
WEB_SCHEMES = ("http", "https")


def parse_percent(value: Any) -> int:
    """A whole percent from 0 to 100, or ``ValueError``."""
    number = as_finite(value)
    if number is None or not number.is_integer() or not 0 <= number <= 100:
        raise ValueError(N_("Progress must be a whole number between 0 and 100"))
    return int(number)


def parse_amount(value: Any) -> int | float:
    number = as_finite(value)
    if number is None or abs(number) > MAX_AMOUNT:
        raise ValueError(N_("Enter a number between -10^15 and 10^15"))
    return int(number) if number.is_integer() else number


def parse_weight(value: Any) -> int | float:
    number = as_finite(value)
    if number is None or not 0 < number <= MAX_WEIGHT:
        raise ValueError(N_("A weight is a number above 0 and at most 1000"))
    return int(number) if number.is_integer() else number


def parse_plan_date(value: Any) -> dt.date:
    """A date from 1900 to 2200, or ``ValueError``."""
    day = as_date(value)
    if day is None or not FIRST_YEAR <= day.year <= LAST_YEAR or not _whole_iso(value):
        raise ValueError(N_("Enter a date between 1900 and 2200, as YYYY-MM-DD"))
    return day


def _whole_iso(value: Any) -> bool:
    """A date, or an ISO text that is a date or a date and a time, nothing after it."""
    if not isinstance(value, str) or len(value) == 10:
        return True
    try:
        dt.datetime.fromisoformat(value)
    except ValueError:
        return False
    return True


def is_web_url(value: Any) -> bool:
    """An absolute http(s) address: the only links the portal renders or stores."""
    if not isinstance(value, str) or any(char.isspace() or ord(char) < 32 for char in value):
        return False
    scheme, _, rest = value.partition("://")
    return scheme.lower() in WEB_SCHEMES and bool(rest) and not rest.startswith("/")


_EMAIL_PART = r"[^@\s<>()\[\]\\,;:\"?]+"  # no query after it: mailto:a@b.org?subject=... is not one
EMAIL = re.compile(rf"^{_EMAIL_PART}@{_EMAIL_PART}\.{_EMAIL_PART}$")


def is_email(value: Any) -> bool:
    return isinstance(value, str) and len(value) <= 254 and bool(EMAIL.match(value))


# Cells and form values: yes/no, lists, dates; spreadsheet text made inert.


FORMULA_PREFIXES = ("=", "+", "-", "@")
# What a spreadsheet also reads as the start of a formula: a tab, a line break or spaces
# before one of those, their full-width forms, and the pipe of DDE links.
_HIDDEN_FORMULA_STARTS = ("\t", "\r", "\n", "＝", "＋", "－", "＠", "|")


def _runs_as_formula(value: str) -> bool:
    stripped = value.lstrip(" ")
    return stripped.startswith(FORMULA_PREFIXES) or stripped.startswith(_HIDDEN_FORMULA_STARTS)


_TRUE = {"yes", "y", "true", "1", "oui", "o", "نعم", "x"}


_FALSE = {"no", "n", "false", "0", "non", "لا", ""}


def parse_bool(value: Any) -> bool:
    """Yes/no as spreadsheets and forms give it, in English, French or Arabic."""
    if isinstance(value, bool):
        return value
    text = str(value if value is not None else "").strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ValueError(value)


def parse_list(value: Any) -> list[str]:
    """Formats and request ids: a list, or text separated by commas or semicolons."""
    if isinstance(value, (list, tuple)):
        parts = [str(part) for part in value]
    else:
        parts = str(value or "").replace(";", ",").split(",")
    return [part.strip() for part in parts if part.strip()]


def parse_date(value: Any) -> dt.date | None:
    if value in (None, ""):
        return None
    date = as_date(value)
    if date is None:
        raise ValueError(value)
    return date


def inert(value: Any) -> Any:
    """A text cell that a spreadsheet would run as a formula is prefixed with ``'``."""
    if isinstance(value, str) and _runs_as_formula(value):
        return "'" + value
    return value


def uninert(value: Any) -> Any:
    """Undo :func:`inert`, so that an exported file imports back unchanged."""
    if isinstance(value, str) and value.startswith("'") and _runs_as_formula(value[1:]):
        return value[1:]
    return value
