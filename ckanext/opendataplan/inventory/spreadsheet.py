"""Inventory items in XLSX and CSV: the template, the export and the all-or-nothing import.

Columns are the item fields' API names, one per language for the multilingual ones
(``title_ar``, ``title_fr``...), so that a file exported here imports back as it is.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from typing import Any, NamedTuple
from xml.etree.ElementTree import ParseError

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.model.types import make_uuid
from lxml.etree import XMLSyntaxError  # openpyxl parses with lxml when it is installed
from sqlalchemy.exc import IntegrityError

from ckanext.opendataplan.common import access, cache, multilingual, transaction
from ckanext.opendataplan.common import validators as common_validators
from ckanext.opendataplan.domain import cells, checks
from ckanext.opendataplan.domain import inventory as inventory_rules
from ckanext.opendataplan.inventory import labels, records, schema
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
# Read from their label in any language (yes and no are read by the yes/no check).
CHOSEN = ("restriction", "update_frequency", "publication_status")
DATE = "planned_publication_date"
ITEMS_SHEET = "items"
UNPACKED_RATIO = 20  # an XLSX unpacks to at most this many times the largest upload
Row = tuple[int, dict[str, Any]]


class Sheet(NamedTuple):
    """The rows of a file by their columns' codes, and each column's header as written
    (what an error names)."""

    rows: list[Row]
    written: dict[str, str]


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
    message = tk.ungettext(
        "The file has more than %(limit)s row",
        "The file has more than %(limit)s rows",
        limit,
        limit=limit,
    )
    return FileProblem(message)


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
        message = tk.ungettext(
            "The file is larger than %(limit)s byte",
            "The file is larger than %(limit)s bytes",
            limit,
            limit=limit,
        )
        raise FileProblem(message)
    return raw


def _check_cells(header: list[str], number: int, cells: list[Any], max_length: int) -> None:
    for name, value in zip(header, cells):
        if isinstance(value, str) and len(value) > max_length:
            message = common_validators.at_most_characters(max_length)
            raise FileProblem(message, column=name or "?", row=number)


def _header(first_row: list[Any]) -> list[str | None]:
    """The column code of each header cell: its code, or its header in any language."""
    known, codes = columns(), []
    for cell in first_row:
        name = str(cell or "").strip()
        code = labels.column_of(name, known) if name else None
        if name and code is None:
            shown = access.shown(name)
            raise FileProblem(tk._("Unknown column: %s") % shown, column=shown, row=1)
        if code is not None and code in codes:
            shown = access.shown(name)
            raise FileProblem(tk._("This column is in the file twice"), column=shown, row=1)
        codes.append(code)
    return codes


def read(upload: Any) -> Sheet:
    """Rows of the uploaded file by their spreadsheet row number (the header is row 1).

    Columns are named by their code or their header in any of the portal's languages.
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
    header = _header(table[0])
    written = {
        code: access.shown(str(name).strip()) for code, name in zip(header, table[0]) if code
    }
    if "reference" not in header:
        shown = _shown("reference", written)
        raise FileProblem(tk._("The file has no reference column"), column=shown, row=1)
    shown_header = [written.get(code, "") if code else "" for code in header]
    rows = []
    for number, values in enumerate(table[1:], start=2):
        _check_cells(shown_header, number, values, bounds["cell_length"])
        row = {code: _cell(value) for code, value in zip(header, values) if code}
        reference = str(row.get("reference", ""))
        if reference.startswith("#") or all(value == "" for value in row.values()):
            continue
        rows.append((number, row))
    return Sheet(rows, written)


def _choices_refused(row: dict[str, Any]) -> dict[str, str]:
    """The chosen cells that name no choice, with the error that lists the choices."""
    lang = labels.page_language()
    refused = {}
    for field in CHOSEN:
        value = row.get(field)
        if value in (None, "") or labels.code_of(field, str(value)) is not None:
            continue
        shown = " | ".join(labels.choice(field, code, lang) for code in labels.CHOICES[field])
        refused[field] = tk._("Choose one of: %(choices)s") % {"choices": shown}
    return refused


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
    for field in CHOSEN:
        if field in data:
            data[field] = labels.code_of(field, str(data[field])) or data[field]
    if DATE in data:
        data[DATE] = cells.day_first_date(data[DATE])
    return data


def _column(field: str, written: dict[str, str]) -> str:
    column = field
    if field in MULTILINGUAL:
        langs = multilingual.content_languages()
        column = next((f"{field}_{lang}" for lang in langs if f"{field}_{lang}" in written), "")
        column = column or f"{field}_{langs[0]}"
    return _shown(column, written)


def _shown(column: str, written: dict[str, str]) -> str:
    """A column as the file names it; one it lacks, as its other columns are named (by
    their codes, or by their headers in the page's language)."""
    if column in written:
        return written[column]
    coded = all(name == code for code, name in written.items())
    if coded or column not in columns():
        return column
    return labels.header(column, labels.page_language())


def _check_rows(
    package: model.Package, sheet: Sheet, context: dict
) -> tuple[list[tuple[str, dict[str, Any]]], list[dict[str, Any]]]:
    item_schema = schema.inventory_item()
    ready, errors, seen = [], [], {}
    stored_links = inventory_item.links_by_reference(package.id)

    def error(row: int, column: str, message: str) -> None:
        errors.append({"row": row, "column": column, "message": message})

    reference_column = _column("reference", sheet.written)
    for number, row in sheet.rows:
        data, refused = _as_input(row), _choices_refused(row)
        reference = data["reference"]
        links = stored_links.get(reference, (None, None, None))
        # keeping its own ties needs no new right; another item's ties are not its own
        context[item_validators.ALREADY_LINKED] = {links[0], links[1]} - {None}
        _keep_hidden_links(data, links, context)
        if not reference:
            error(number, reference_column, tk._("Give each item a reference"))
        elif reference in seen:
            message = tk._("This reference is also on row %s") % seen[reference]
            error(number, reference_column, message)
        seen.setdefault(reference, number)
        validated, problems = tk.navl_validate(
            {**data, "inventory": package.id}, item_schema, context
        )
        for field, message in refused.items():
            error(number, _column(field, sheet.written), message)
        for field, messages in problems.items():
            if field in refused:
                continue
            for message in messages:
                if field == DATE:
                    message = tk._("Enter a date between 1900 and 2200, as DD/MM/YYYY")
                error(number, _column(field, sheet.written), message)
        ready.append((reference, validated))
    return ready, errors


def _keep_hidden_links(
    data: dict[str, Any], links: tuple[str | None, str | None, int | None], context: dict
) -> None:
    """An item's tie to a commitment or dataset the importer may not see is exported as
    an empty cell: imported back, an empty cell keeps it (with the commitment's action
    number), since nobody can mean to remove what they cannot see."""
    commitment_id, dataset_id, milestone = links
    for field, package_id in (("commitment", commitment_id), ("dataset", dataset_id)):
        cleared = package_id and field not in data
        if cleared and item_validators.hidden_from_user(context, package_id, field):
            data[field] = package_id
            if field == "commitment" and milestone and "milestone" not in data:
                data["milestone"] = milestone


def import_rows(package: model.Package, sheet: Sheet, context: dict) -> dict[str, Any]:
    """Check every row, then write them all in one transaction, or nothing."""
    ready, errors = _check_rows(package, sheet, context)
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
            inventory_item.update_many(changed)
            cache.touch()  # bulk writes pass the session's change tracking by
            records.follow_linked_datasets(package.id)
    except IntegrityError:
        message = tk._("The inventory changed during the import: import the file again")
        raise tk.ValidationError({"upload": [FileProblem(message).as_dict()]}) from None
    records.reindex(package.id)
    transaction.commit(context)
    return {"created": len(new), "updated": len(changed)}
