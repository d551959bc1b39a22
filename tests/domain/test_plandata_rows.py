"""The checks of a plan-data table, cell by cell (plain Python)."""

from __future__ import annotations

import pytest

from ckanext.opendataplan.domain import plandata_rows as rows
from ckanext.opendataplan.domain.plandata_rows import RowError

HEADER = ["commitment", "position", "title", "unit", "baseline", "target", "current"]
HEADER += ["current_date", "source"]


def indicator(**cells: str) -> list[str]:
    found = {"commitment": "c1", "position": "1", "title": "Datasets", "unit": "", **cells}
    return [found.get(column, "") for column in HEADER]


def test_cells_read_as_their_columns_types():
    row = indicator(baseline="-5", target="12.5", current_date="2020-01-31")

    (read,) = rows.parse_rows("indicators", HEADER, [row], max_chars=100)

    assert read["position"] == 1 and read["baseline"] == -5 and read["target"] == 12.5
    assert read["current_date"] == "2020-01-31" and read["unit"] is None


@pytest.mark.parametrize(
    ("cells", "column", "message"),
    [
        ({"title": "＝1+1"}, "title", "A spreadsheet would run this cell as a formula"),
        ({"title": "  @SUM(A1)"}, "title", "A spreadsheet would run this cell as a formula"),
        ({"title": "abc\u202edef"}, "title", "Invisible characters that change how the text reads"),
        ({"title": "x" * 101}, "title", "Longer than {limit} characters"),
        ({"position": "1.5"}, "position", "Not a whole number"),
        ({"target": "nan"}, "target", "Enter a number between -10^15 and 10^15"),
        ({"current_date": "2020-02-30"}, "current_date", "Not a date (YYYY-MM-DD)"),
    ],
)
def test_a_bad_cell_names_its_row_and_column(cells, column, message):
    with pytest.raises(RowError) as error:
        rows.parse_rows(
            "indicators", HEADER, [indicator(), indicator(**{"position": "2", **cells})], 100
        )

    assert (error.value.table, error.value.row, error.value.column) == ("indicators", 3, column)
    assert error.value.message == message


def test_an_inert_formula_reads_back_and_datetimes_are_iso():
    header = ["commitment", "date", "progress", "completion_level", "source", "report"]
    header += ["recorded_at", "entry"]
    cells = ["c1", "2020-01-31", "40", "limited", "'=report", "", "2020-02-01 10:00:00", "e1"]

    (read,) = rows.parse_rows("history", header, [cells], max_chars=100)

    assert read["source"] == "=report" and read["recorded_at"] == "2020-02-01T10:00:00"
