"""Reading a plan-data package that another portal or tool wrote, trusting nothing: each
table's header against the profile's columns, each cell against its column's type, the
keys that identify rows and the keys that join tables. The first problem stops the
reading and names its table, row (as a spreadsheet numbers it: the header is row 1)
and column."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from typing import Any

from .checks import _runs_as_formula, as_date, parse_amount, parse_percent, uninert
from .plandata import ADDED, FOREIGN_KEYS, PRIMARY_KEYS, TABLES
from .text import N_, has_spoofing_controls

_TITLE = re.compile(r"^title_[a-z]{2,3}$")
_INTEGER = re.compile(r"^-?[0-9]{1,15}$")
_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
_PERCENTS = {"progress", "reported_share"}


class RowError(ValueError):
    """A problem of a table's cell, row or header; ``message`` a msgid whose
    ``{placeholders}`` are ``values``."""

    def __init__(
        self, table: str, row: int | None, column: str | None, message: str, **values: Any
    ) -> None:
        super().__init__(table, row, column, message)
        self.table, self.row, self.column = table, row, column
        self.message, self.values = message, values


def types(table: str) -> dict[str, str]:
    """The table's fixed columns and their types (``title_{lang}`` apart)."""
    return {name: kind for name, kind, _description in TABLES[table] if "{lang}" not in name}


def check_header(table: str, header: Sequence[str]) -> None:
    """Every column of the profile (those a later 1.x added may be missing), any
    ``title_<lang>``, nothing else."""
    known = types(table)
    for column in header:
        if column not in known and not (_TITLE.match(column) and _has_titles(table)):
            raise RowError(table, 1, column, N_("This column is not in the plan-data profile"))
    for column in known:
        if column not in header and column not in ADDED.get(table, set()):
            raise RowError(table, 1, column, N_("This column is missing"))
    if len(set(header)) != len(header):
        repeated = next(column for column in header if list(header).count(column) > 1)
        raise RowError(table, 1, repeated, N_("This column is there twice"))


def _has_titles(table: str) -> bool:
    return any("{lang}" in name for name, _kind, _description in TABLES[table])


def parse_rows(
    table: str, header: Sequence[str], rows: Iterable[Sequence[str]], max_chars: int
) -> list[dict[str, Any]]:
    """The table's rows as typed values (empty cells ``None``)."""
    check_header(table, header)
    known = types(table)
    found = []
    for number, row in enumerate(rows, start=2):
        if len(row) != len(header):
            raise RowError(table, number, None, N_("This row does not have one cell per column"))
        found.append(
            {
                column: _cell(table, number, column, known.get(column, "string"), cell, max_chars)
                for column, cell in zip(header, row)
            }
        )
    _check_primary_key(table, found)
    return found


def _cell(table: str, row: int, column: str, kind: str, cell: str, max_chars: int) -> Any:
    if cell == "":
        if column in PRIMARY_KEYS[table] or column in _joining(table):
            raise RowError(table, row, column, N_("Required: this column identifies the row"))
        return None
    try:
        return _typed(column, kind, cell, max_chars)
    except ValueError as error:
        message, *values = error.args
        raise RowError(table, row, column, message, **(values[0] if values else {})) from error


def _typed(column: str, kind: str, cell: str, max_chars: int) -> Any:
    if kind == "string":
        return _text(cell, max_chars)
    if kind == "integer":
        if not _INTEGER.match(cell):
            raise ValueError(N_("Not a whole number"))
        return parse_percent(cell) if column in _PERCENTS else int(cell)
    if kind == "number":
        return parse_amount(cell)
    if kind == "date":
        if not _DATE.match(cell) or as_date(cell) is None:
            raise ValueError(N_("Not a date (YYYY-MM-DD)"))
        return cell
    try:
        return dt.datetime.fromisoformat(cell).isoformat()
    except ValueError:
        raise ValueError(N_("Not a date and time (YYYY-MM-DDTHH:MM:SS)")) from None


def _text(cell: str, max_chars: int) -> str:
    if len(cell) > max_chars:
        raise ValueError(N_("Longer than {limit} characters"), {"limit": max_chars})
    text = uninert(cell)  # the profile's files make formula-like text inert with a quote
    if text == cell and _runs_as_formula(cell):
        raise ValueError(N_("A spreadsheet would run this cell as a formula"))
    if has_spoofing_controls(text, paragraph=True):
        raise ValueError(N_("Invisible characters that change how the text reads"))
    return text


def _joining(table: str) -> set[str]:
    return {column for column, _other, _target in FOREIGN_KEYS.get(table, [])}


def _check_primary_key(table: str, rows: list[dict[str, Any]]) -> None:
    seen: dict[tuple, int] = {}
    for number, row in enumerate(rows, start=2):
        key = tuple(row[column] for column in PRIMARY_KEYS[table])
        if key in seen:
            column = PRIMARY_KEYS[table][-1]
            raise RowError(table, number, column, N_("Repeats row {other}"), other=seen[key])
        seen[key] = number


def check_foreign_keys(tables: dict[str, list[dict[str, Any]]]) -> None:
    """Each row refers to a row that the table it names holds."""
    for table, keys in FOREIGN_KEYS.items():
        for column, other, target in keys:
            present = {row[target] for row in tables[other]}
            for number, row in enumerate(tables[table], start=2):
                if row[column] is not None and row[column] not in present:
                    raise RowError(
                        table,
                        number,
                        column,
                        N_("{value} is not in the table {other}"),
                        value=row[column],
                        other=other,
                    )
