"""Reading another portal's plans in the plan-data profile, over real HTTP: this
portal's own export reads back with the figures it serves; a hostile or broken source
stops the reading with an error naming the file, row and column."""

from __future__ import annotations

import csv
import functools
import http.server
import io
import json
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import ckan.plugins.toolkit as tk
import pytest
from ckan.cli.cli import ckan

from ckanext.opendataplan.federation import reader
from tests.federation.test_profile import download, edit_rows
from tests.pages.test_export import scene  # noqa: F401 - the export test's plans

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db_once", "scene")


class Files(http.server.SimpleHTTPRequestHandler):
    """A folder served as a portal serves its files; ``slow`` ones after a pause."""

    slow: tuple[str, ...] = ()
    trickle: tuple[str, ...] = ()  # sent a byte every 0.2 s
    moved: dict[str, str] = {}

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        if self.path.lstrip("/") in self.slow:
            time.sleep(3)
        if self.path.lstrip("/") in self.trickle:
            self._trickle(Path(self.directory, self.path.lstrip("/")).read_bytes())
            return
        if self.path.lstrip("/") in self.moved:
            self.send_response(302)
            self.send_header("Location", self.moved[self.path.lstrip("/")])
            self.end_headers()
            return
        super().do_GET()

    def _trickle(self, body: bytes) -> None:
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        try:
            for byte in body[:50]:
                self.wfile.write(bytes([byte]))
                self.wfile.flush()
                time.sleep(0.2)
        except OSError:
            pass  # the reader gave up

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def source(app: Any, tmp_path: Path) -> Iterator[tuple[Path, str]]:
    """The export saved in a folder served over HTTP: (descriptor path, its address)."""
    path = download(app, tmp_path)
    handler = functools.partial(Files, directory=str(tmp_path))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield path, f"http://127.0.0.1:{server.server_address[1]}/datapackage.json"
    finally:
        server.shutdown()
        server.server_close()
        Files.slow, Files.trickle, Files.moved = (), (), {}


def read(app: Any, url: str) -> reader.Source:
    with app.flask_app.test_request_context():
        return reader.read(url)


def problem(app: Any, url: str) -> str:
    """The text of the error that stops the reading."""
    with app.flask_app.test_request_context(), pytest.raises(reader.SourceError) as error:
        reader.read(url)
    return str(error.value)


def said(app: Any, message: str, **values: Any) -> str:
    """A message as the reader words it (in the portal's language)."""
    with app.flask_app.test_request_context():
        return tk._(message).format(**values)


def test_the_export_reads_back_with_the_figures_it_serves(app, source):
    read_back = read(app, source[1])

    for table, rows in read_back.tables.items():
        served = app.get(f"/progress/open-data/{table}.json").json
        assert len(rows) == len(served) > 0, table
        for got, want in zip(rows, served):
            assert {k: v for k, v in got.items() if v is not None} == {
                k: v for k, v in want.items() if v not in (None, "")
            }
    assert read_back.licence["name"] == "cc-by"
    assert read_back.portal["path"] == tk.config["ckan.site_url"]


def rewrite(path: Path, change: Callable[[dict[str, Any]], Any]) -> None:
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    change(descriptor)
    path.write_text(json.dumps(descriptor), encoding="utf-8")


def column(rows: list[list[str]], index: int, value: str) -> list[list[str]]:
    """The first row with one cell changed."""
    first = list(rows[0])
    first[index] = value
    return [first, *rows[1:]]


DESCRIPTORS: dict[str, tuple[Callable[[dict[str, Any]], Any], str, dict[str, Any]]] = {
    "not the profile": (
        lambda d: d.pop("opendataplan"),
        "datapackage.json: not a package in the plan-data profile",
        {},
    ),
    "another version": (
        lambda d: d["opendataplan"].update(version="2.0"),
        "datapackage.json: profile version {version}; this portal reads {ours}",
        {"version": "2.0", "ours": "1.1"},
    ),
    "a table elsewhere": (
        lambda d: d["resources"][1].update(path="http://169.254.169.254/latest/meta-data"),
        "datapackage.json: the table {table} is on another site",
        {"table": "commitments"},
    ),
    "a table missing": (
        lambda d: d["resources"].pop(4),
        "datapackage.json: the table {table} is missing",
        {"table": "history"},
    ),
}


@pytest.mark.parametrize("case", DESCRIPTORS)
def test_a_descriptor_that_is_not_the_profile_is_refused(app, source, case):
    change, message, values = DESCRIPTORS[case]
    rewrite(source[0], change)

    assert problem(app, source[1]) == said(app, message, **values)


def test_a_descriptor_that_is_not_json_is_refused(app, source):
    source[0].write_text("{not json", encoding="utf-8")

    assert problem(app, source[1]) == said(app, "datapackage.json: not a JSON document")


# (table, change of its rows (header apart), or of its header, row, column, message)
CELLS = {
    "wrong type": (
        "commitments",
        lambda r: column(r, 10, "abc"),
        2,
        "progress",
        "Not a whole number",
    ),
    "above 100": (
        "history",
        lambda r: column(r, 2, "150"),
        2,
        "progress",
        "Progress must be a whole number between 0 and 100",
    ),
    "a date": (
        "plans",
        lambda r: column(r, 6, "31/12/2020"),
        2,
        "period_start",
        "Not a date (YYYY-MM-DD)",
    ),
    "a formula": (
        "plans",
        lambda r: column(r, 1, '=HYPERLINK("http://x.example","ok")'),
        2,
        "title_ar",
        "A spreadsheet would run this cell as a formula",
    ),
    "no key": (
        "commitments",
        lambda r: column(r, 0, ""),
        2,
        "commitment",
        "Required: this column identifies the row",
    ),
    "a short row": (
        "milestones",
        lambda r: [r[0][:3], *r[1:]],
        2,
        None,
        "This row does not have one cell per column",
    ),
}


@pytest.mark.parametrize("case", CELLS)
def test_a_bad_cell_is_named_by_its_file_row_and_column(app, source, case):
    table, change, row, name, message = CELLS[case]
    edit_rows(source[0], table, change)

    assert problem(app, source[1]) == where(app, table, row, name, said(app, message))


def where(app: Any, table: str, row: int, name: str | None, text: str) -> str:
    """A problem as the reader places it: file, row and column."""
    found = {"table": f"{table}.csv", "row": row, "column": name, "problem": text}
    if name is None:
        return said(app, "{table}, row {row}: {problem}", **found)
    return said(app, "{table}, row {row}, column {column}: {problem}", **found)


def test_an_inert_formula_reads_back_as_typed(app, source):
    edit_rows(source[0], "plans", lambda r: column(r, 1, "'=1+1"))

    assert read(app, source[1]).tables["plans"][0]["title_ar"] == "=1+1"


def edit_header(path: Path, table: str, change: Callable[[list[list[str]]], Any]) -> None:
    """Rewrite a whole CSV file, its header included."""
    file = path.parent / f"{table}.csv"
    rows = list(csv.reader(io.StringIO(file.read_text(encoding="utf-8-sig"))))
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(change(rows))
    file.write_text(out.getvalue(), encoding="utf-8")


def without(index: int) -> Callable[[list[list[str]]], list[list[str]]]:
    return lambda rows: [row[:index] + row[index + 1 :] for row in rows]


def with_extra(rows: list[list[str]]) -> list[list[str]]:
    return [rows[0] + ["secret"], *(row + ["x"] for row in rows[1:])]


def test_a_missing_and_an_extra_column_are_named(app, source):
    edit_header(source[0], "commitments", without(10))
    missing = said(app, "This column is missing")
    assert problem(app, source[1]) == where(app, "commitments", 1, "progress", missing)

    edit_header(source[0], "commitments", with_extra)
    extra = said(app, "This column is not in the plan-data profile")
    assert problem(app, source[1]) == where(app, "commitments", 1, "secret", extra)


def test_a_source_of_profile_1_0_without_the_plans_source_columns_reads(app, source):
    # 1.1 added plans.source, source_portal and source_link at the end of the table
    edit_header(source[0], "plans", lambda rows: [row[:-3] for row in rows])
    rewrite(source[0], lambda d: d["opendataplan"].update(version="1.0"))

    plans = read(app, source[1]).tables["plans"]
    assert plans and all("source" not in plan and plan["plan"] for plan in plans)
    # a column of 1.0 is still required
    edit_header(source[0], "plans", without(0))
    missing = said(app, "This column is missing")
    assert problem(app, source[1]) == where(app, "plans", 1, "plan", missing)


def test_a_repeated_key_and_a_broken_join_are_named(app, source):
    edit_rows(source[0], "milestones", lambda rows: [rows[0], rows[0], *rows[1:]])
    repeated = said(app, "Repeats row {other}", other=2)
    assert problem(app, source[1]) == where(app, "milestones", 3, "position", repeated)

    edit_rows(source[0], "milestones", lambda rows: rows[1:])
    edit_rows(source[0], "history", lambda rows: column(rows, 0, "c9"))
    unknown = said(app, "{value} is not in the table {other}", value="c9", other="commitments")
    assert problem(app, source[1]) == where(app, "history", 2, "commitment", unknown)


def test_an_oversized_file_is_not_read_past_the_limit(app, source, ckan_config, monkeypatch):
    limit = (source[0].parent / "plans.csv").stat().st_size  # plans.csv just fits
    monkeypatch.setitem(ckan_config, "ckanext.opendataplan.federation_max_bytes", limit)
    larger = next(
        f"{table}.csv"
        for table in ("commitments", "milestones", "indicators", "history")
        if (source[0].parent / f"{table}.csv").stat().st_size > limit
    )

    expected = said(app, "{file}: larger than {limit} bytes", file=larger, limit=limit)
    assert problem(app, source[1]) == expected


@pytest.mark.ckan_config("ckanext.opendataplan.federation_timeout", 1)
@pytest.mark.parametrize("how", ["slow", "trickle"])
def test_a_source_that_does_not_answer_in_time(app, source, how):
    # slow: nothing for 3 s; trickle: a byte every 0.2 s (each read gets something)
    setattr(Files, how, ("history.csv",))
    started = time.monotonic()

    text = problem(app, source[1])

    assert time.monotonic() - started < 2.5
    assert text == said(
        app, "{file}: the source did not answer within {seconds} s", file="history.csv", seconds=1
    )


def test_a_file_the_source_does_not_have(app, source):
    (source[0].parent / "indicators.csv").unlink()

    expected = said(app, "{file}: the source answered {status}", file="indicators.csv", status=404)
    assert problem(app, source[1]) == expected


def test_the_command_reads_a_source_and_names_its_problem(cli, source):
    result = cli.invoke(ckan, ["opendataplan", "federation-check", source[1]])
    assert result.exit_code == 0, result.output
    assert "licence: cc-by; rows: plans 1, commitments 2," in result.output

    edit_rows(source[0], "history", lambda rows: column(rows, 0, "c9"))
    result = cli.invoke(ckan, ["opendataplan", "federation-check", source[1]])
    assert result.exit_code == 1
    assert "history.csv" in result.output and "c9" in result.output


def test_a_file_that_moves_elsewhere_is_not_followed(app, source):
    Files.moved = {"plans.csv": "http://169.254.169.254/latest/meta-data"}

    expected = said(app, "{file}: the source answered {status}", file="plans.csv", status=302)
    assert problem(app, source[1]) == expected
