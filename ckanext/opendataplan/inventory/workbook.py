"""Inventory items written as XLSX and CSV: the template and the export, in a language.

The API's export gives codes (``title_ar``, ``personal_data``); the files people open
name each column and each choice in the page's language (an Arabic sheet reads right to
left), and the import reads them back in any of the portal's languages.
"""

from __future__ import annotations

import io
from typing import Any

from ckanext.opendataplan.common import multilingual, responses
from ckanext.opendataplan.domain import checks
from ckanext.opendataplan.inventory import labels
from ckanext.opendataplan.inventory.spreadsheet import ALLOWED, MULTILINGUAL, SCALAR, columns

TEMPLATE_ROWS = 10_000  # the template's drop-downs reach this many rows


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
    """The items as the API's columns and rows, in codes."""
    langs = multilingual.content_languages()
    return {"columns": columns(), "rows": [_cells(item, langs) for item in items]}


def in_language(data: dict[str, Any], lang: str) -> dict[str, Any]:
    """The table with its headers and its chosen values in ``lang``."""
    names = data["columns"]
    chosen = {position: field for position, field in enumerate(names) if field in labels.CHOICES}

    def row(cells: list[Any]) -> list[Any]:
        return [
            labels.choice(chosen[n], cell, lang)
            if n in chosen and cell in labels.CHOICES[chosen[n]]
            else cell
            for n, cell in enumerate(cells)
        ]

    return {
        "columns": names,
        "headers": [labels.header(column, lang) for column in names],
        "rows": [row(cells) for cells in data["rows"]],
        "lang": lang,
    }


def _allowed(field: str, lang: str) -> list[str]:
    if field in labels.CHOICES:
        return [labels.choice(field, code, lang) for code in ALLOWED[field]]
    return list(ALLOWED[field])


def to_csv(data: dict[str, Any], notes: bool = False) -> bytes:
    rows: list[list[Any]] = []
    if notes:  # the template lists the allowed values on rows the import skips
        for field in ALLOWED:
            position = data["columns"].index(field)
            row = [""] * len(data["columns"])
            row[0] = f"# {data['headers'][position]}"
            row[position] = " | ".join(_allowed(field, data["lang"]))
            rows.append(row)
    return responses.csv_bytes(data["headers"], [*rows, *data["rows"]])


def to_xlsx(data: dict[str, Any]) -> bytes:
    """The items sheet, and the allowed values on their own sheet, offered as drop-downs;
    right to left for a language written so."""
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    lang = data["lang"]
    book = Workbook()
    sheet = book.active
    sheet.title = labels.gettext(lang)(labels.ITEMS_SHEET)
    sheet.append(data["headers"])
    for row in data["rows"]:
        sheet.append(row)
    allowed = book.create_sheet(labels.gettext(lang)(labels.ALLOWED_SHEET))
    last_row = max(len(data["rows"]) + 1, TEMPLATE_ROWS + 1)
    for position, field in enumerate(ALLOWED, start=1):
        letter = get_column_letter(position)
        column = data["columns"].index(field)
        allowed.cell(row=1, column=position, value=data["headers"][column])
        values = _allowed(field, lang)
        for offset, value in enumerate(values, start=2):
            allowed.cell(row=offset, column=position, value=value)
        quoted = allowed.title.replace("'", "''")
        source = f"'{quoted}'!${letter}$2:${letter}${len(values) + 1}"
        validation = DataValidation(type="list", formula1=source, allow_blank=True)
        target = get_column_letter(column + 1)
        validation.add(f"{target}2:{target}{last_row}")
        sheet.add_data_validation(validation)
    for each in (sheet, allowed):
        each.sheet_view.rightToLeft = labels.is_right_to_left(lang)
    sheet.freeze_panes = "B2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
