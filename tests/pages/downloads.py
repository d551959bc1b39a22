"""Reading the CSV downloads of the citizen pages as a spreadsheet would."""

from __future__ import annotations

import csv
import io
from typing import Any


def csv_rows(response: Any) -> list[dict[str, str]]:
    """The rows of a CSV download, which must start with a BOM (Arabic in spreadsheets)."""
    assert response.status_code == 200
    assert response.data.startswith("\ufeff".encode())
    return list(csv.DictReader(io.StringIO(response.data.decode("utf-8-sig"))))
