"""Inventory items in XLSX and CSV: the template, the export and the all-or-nothing import.

Columns are the item fields' API names, one per language for the multilingual ones
(``title_ar``, ``title_fr``...), so that a file exported here imports back as it is.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from typing import Any
from xml.etree.ElementTree import ParseError

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.model.types import make_uuid
from lxml.etree import XMLSyntaxError  # openpyxl parses with lxml when it is installed
from sqlalchemy.exc import IntegrityError

from ckanext.opendataplan.common import access, cache, multilingual, responses, transaction
from ckanext.opendataplan.domain import checks
from ckanext.opendataplan.domain import inventory as inventory_rules
from ckanext.opendataplan.inventory import records, schema
from ckanext.opendataplan.inventory import validators as item_validators
from ckanext.opendataplan.model import InventoryItem, inventory_item

MULTILINGUAL = ("title", "description")
# Every other field, in the API's order: one column each.
SCALAR = tuple(
    field
    for field in (*records.ITEM_FIELDS, *records.LINKS)
    if field not in ("reference", *MULTILINGUAL)
)
ALLOWED = {
    "electronic": ("yes", "no"),
    "open_format": ("yes", "no"),
    "restriction": inventory_rules.RESTRICTIONS,
    "quality": tuple(str(n) for n in range(1, 6)),
    "update_frequency": inventory_rules.UPDATE_FREQUENCIES,
    "publication_status": inventory_rules.PUBLICATION_STATUSES,
}
ITEMS_SHEET, ALLOWED_SHEET = "items", "allowed values"
UNPACKED_RATIO = 20  # an XLSX unpacks to at most this many times the largest upload
Row = tuple[int, dict[str, Any]]


class FileProblem(Exception):
    """The file cannot be read as an items table at all."""

    def __init__(self, message: str, column: str = "upload", row: int | None = None) -> None:
        super().__init__(message)
        self.message, self.column, self.row = message, column, row

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "message": self.message}


def columns() -> list[str]:
    langs = multilingual.content_languages()
    return [
        "reference",
        *(f"{field}_{lang}" for field in MULTILINGUAL for lang in langs),
        *SCALAR,
    ]


# Reading


def _cell(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        return value.strip()
    return "" if value is None else value


def limits() -> dict[str, int]:
    """The import's bounds, from the configuration."""
    return {
        name: tk.config.get(f"ckanext.opendataplan.import_max_{name}")
        for name in ("bytes", "rows", "cell_length")
    }


def _too_many_rows(limit: int) -> FileProblem:
    return FileProblem(tk._("The file has more than %(limit)s rows") % {"limit": limit})


def _bounded_rows(rows: Any, max_rows: int) -> list[list[Any]]:
    """The rows, header included, stopping as soon as there are too many."""
    table = []
    for row in rows:
        if len(table) > max_rows:
            raise _too_many_rows(max_rows)
        table.append(list(row))
    return table


def _xlsx_table(raw: bytes, bounds: dict[str, int]) -> list[list[Any]]:
    from openpyxl import load_workbook

    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
        if unpacked > UNPACKED_RATIO * bounds["bytes"]:
            raise FileProblem(tk._("The workbook is too large once unpacked"))
        book = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
        sheet = book[ITEMS_SHEET] if ITEMS_SHEET in book.sheetnames else book.worksheets[0]
        declared = sheet.max_row  # the sheet's own dimension: refuse before reading on
        if declared is not None and declared > bounds["rows"] + 1:
            raise _too_many_rows(bounds["rows"])
        sheet.reset_dimensions()  # a row outside a wrong dimension is read, not dropped
        return _bounded_rows(sheet.iter_rows(values_only=True), bounds["rows"])
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        ParseError,
        XMLSyntaxError,
        NotImplementedError,
        EOFError,
        KeyError,
        ValueError,
        OSError,
        TypeError,
        IndexError,
    ) as error:
        raise FileProblem(tk._("The file is not a readable XLSX workbook")) from error


def _csv_table(raw: bytes, bounds: dict[str, int]) -> list[list[Any]]:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise FileProblem(tk._("The CSV file is not in UTF-8")) from error
    first_line = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first_line.count)  # French Excel writes ";"
    # Long cells are reported with their row and column below, not refused by csv.
    csv.field_size_limit(max(csv.field_size_limit(), bounds["bytes"] + 1))
    try:
        return _bounded_rows(csv.reader(io.StringIO(text), delimiter=delimiter), bounds["rows"])
    except csv.Error as error:
        raise FileProblem(tk._("The CSV file cannot be read: %s") % error) from error


def _upload_bytes(upload: Any, limit: int) -> bytes:
    """At most ``limit`` bytes of the upload; a larger file is refused unread."""
    raw = upload.read(limit + 1)
    if len(raw) > limit:
        raise FileProblem(tk._("The file is larger than %(limit)s bytes") % {"limit": limit})
    return raw


def _check_cells(header: list[str], number: int, cells: list[Any], max_length: int) -> None:
    for name, value in zip(header, cells):
        if isinstance(value, str) and len(value) > max_length:
            message = tk._("At most %(limit)s characters") % {"limit": max_length}
            raise FileProblem(message, column=name or "?", row=number)


def read(upload: Any) -> list[Row]:
    """Rows of the uploaded file by their spreadsheet row number (the header is row 1).

    Blank rows and rows whose reference starts with ``#`` (the template's notes) are left
    out. The file's size, its number of rows and the length of its cells are bounded
    (``ckanext.opendataplan.import_max_*``) before any row is validated.
    """
    filename = getattr(upload, "filename", None)
    filename = filename.lower() if isinstance(filename, str) else ""
    if not filename or not hasattr(upload, "read"):
        raise FileProblem(tk._("Choose an XLSX or CSV file"))
    bounds = limits()
    if filename.endswith(".xlsx"):
        table = _xlsx_table(_upload_bytes(upload, bounds["bytes"]), bounds)
    elif filename.endswith(".csv"):
        table = _csv_table(_upload_bytes(upload, bounds["bytes"]), bounds)
    else:
        raise FileProblem(tk._("Choose an XLSX or CSV file"))
    if not table:
        raise FileProblem(tk._("The file is empty"))
    header = [str(cell or "").strip() for cell in table[0]]
    known = set(columns())
    for name in header:
        if name and name not in known:
            shown = access.shown(name)
            raise FileProblem(tk._("Unknown column: %s") % shown, column=shown, row=1)
    if "reference" not in header:
        raise FileProblem(tk._("The file has no reference column"), column="reference", row=1)
    rows = []
    for number, cells in enumerate(table[1:], start=2):
        _check_cells(header, number, cells, bounds["cell_length"])
        row = {name: _cell(value) for name, value in zip(header, cells) if name}
        reference = str(row.get("reference", ""))
        if reference.startswith("#") or all(value == "" for value in row.values()):
            continue
        rows.append((number, row))
    return rows


def _as_input(row: dict[str, Any]) -> dict[str, Any]:
    langs = multilingual.content_languages()
    data: dict[str, Any] = {"reference": str(checks.uninert(row.get("reference", "")))}
    for field in MULTILINGUAL:
        data[field] = {
            lang: checks.uninert(str(row[f"{field}_{lang}"]))
            for lang in langs
            if row.get(f"{field}_{lang}") not in (None, "")
        }
    for field in SCALAR:
        if row.get(field) not in (None, ""):
            data[field] = checks.uninert(row[field])
    return data


def _column(field: str) -> str:
    if field in MULTILINGUAL:
        return f"{field}_{multilingual.content_languages()[0]}"
    return field


def _check_rows(
    package: model.Package, rows: list[Row], context: dict
) -> tuple[list[tuple[str, dict[str, Any]]], list[dict[str, Any]]]:
    item_schema = schema.inventory_item()
    ready, errors, seen = [], [], {}
    context[item_validators.ALREADY_LINKED] = inventory_item.linked_package_ids(package.id)

    def error(row: int, column: str, message: str) -> None:
        errors.append({"row": row, "column": column, "message": message})

    for number, row in rows:
        data = _as_input(row)
        reference = data["reference"]
        if not reference:
            error(number, "reference", tk._("Give each item a reference"))
        elif reference in seen:
            error(number, "reference", tk._("This reference is also on row %s") % seen[reference])
        seen.setdefault(reference, number)
        validated, problems = tk.navl_validate(
            {**data, "inventory": package.id}, item_schema, context
        )
        for field, messages in problems.items():
            for message in messages:
                error(number, _column(field), message)
        ready.append((reference, validated))
    return ready, errors


def import_rows(package: model.Package, rows: list[Row], context: dict) -> dict[str, Any]:
    """Check every row, then write them all in one transaction, or nothing."""
    ready, errors = _check_rows(package, rows, context)
    if errors:
        raise tk.ValidationError({"upload": errors})
    existing = inventory_item.ids_by_reference(package.id)
    now = dt.datetime.utcnow()
    new, changed = [], []
    for reference, data in ready:
        values = {**records.column_values(data), "reference": reference}
        if reference in existing:
            changed.append({"id": existing[reference], **values})
        else:
            new.append({"id": make_uuid(), "inventory_id": package.id, "created": now, **values})
    try:
        with model.Session.begin_nested():  # a savepoint: a clash undoes the import only
            model.Session.bulk_insert_mappings(InventoryItem, new)
            model.Session.bulk_update_mappings(InventoryItem, changed)
            cache.touch()  # bulk writes pass the session's change tracking by
            records.follow_linked_datasets(package.id)
    except IntegrityError:
        message = tk._("The inventory changed during the import: import the file again")
        raise tk.ValidationError({"upload": [FileProblem(message).as_dict()]}) from None
    records.reindex(package.id)
    transaction.commit(context)
    return {"created": len(new), "updated": len(changed)}


# Writing


def _cells(item: dict[str, Any], langs: list[str]) -> list[Any]:
    def yes_no(value: Any) -> str:
        return "yes" if value else "no"

    cells = [item["reference"]]
    for field in MULTILINGUAL:
        cells.extend((item.get(field) or {}).get(lang, "") for lang in langs)
    values = {
        **item,
        "formats": ", ".join(item.get("formats") or []),
        "datarequests": ", ".join(item.get("datarequests") or []),
        "electronic": yes_no(item.get("electronic")),
        "open_format": yes_no(item.get("open_format")),
        "commitment": item.get("commitment_name"),
        "dataset": item.get("dataset_name"),
    }
    cells.extend(values.get(field) for field in SCALAR)
    return [checks.inert("" if cell is None else cell) for cell in cells]


def table(items: list[dict[str, Any]]) -> dict[str, Any]:
    langs = multilingual.content_languages()
    return {"columns": columns(), "rows": [_cells(item, langs) for item in items]}


def to_csv(data: dict[str, Any], notes: bool = False) -> bytes:
    rows: list[list[Any]] = []
    if notes:  # the template lists the allowed values on rows the import skips
        for field, values in ALLOWED.items():
            row = [""] * len(data["columns"])
            row[0] = f"# {field}"
            row[data["columns"].index(field)] = " | ".join(values)
            rows.append(row)
    return responses.csv_bytes(data["columns"], [*rows, *data["rows"]])


def to_xlsx(data: dict[str, Any]) -> bytes:
    """The items sheet, and the allowed values on their own sheet, offered as drop-downs."""
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    book = Workbook()
    sheet = book.active
    sheet.title = ITEMS_SHEET
    sheet.append(data["columns"])
    for row in data["rows"]:
        sheet.append(row)
    allowed = book.create_sheet(ALLOWED_SHEET)
    last_row = max(len(data["rows"]) + 1, 10_001)
    for position, (field, values) in enumerate(ALLOWED.items(), start=1):
        letter = get_column_letter(position)
        allowed.cell(row=1, column=position, value=field)
        for offset, value in enumerate(values, start=2):
            allowed.cell(row=offset, column=position, value=value)
        source = f"'{ALLOWED_SHEET}'!${letter}$2:${letter}${len(values) + 1}"
        validation = DataValidation(type="list", formula1=source, allow_blank=True)
        target = get_column_letter(data["columns"].index(field) + 1)
        validation.add(f"{target}2:{target}{last_row}")
        sheet.add_data_validation(validation)
    sheet.freeze_panes = "B2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
