"""Import and export of inventory items: templates, all-or-nothing import, 10,000 rows,
formulas made inert."""

from __future__ import annotations

import csv
import io

import pytest
from bs4 import BeautifulSoup
from ckan.tests import helpers
from openpyxl import Workbook, load_workbook
from werkzeug.datastructures import FileStorage

from tests import factories_odp as f
from tests.marks import ReadOnlyStartingPoint, portal

pytestmark = portal


def upload(content: bytes | str, filename: str = "items.csv") -> FileStorage:
    raw = content.encode("utf-8") if isinstance(content, str) else content
    return FileStorage(io.BytesIO(raw), filename=filename)


def xlsx(rows: list[list]) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet("items")
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def run_import(admin, inventory, file: FileStorage) -> dict:
    return f.import_outcome(admin, inventory, file)


def items(inventory) -> dict[str, dict]:
    """Every item, restricted ones included (as the inventory's own sysadmin sees them)."""
    listed = helpers.call_action(
        "opendataplan_inventory_item_list",
        {"user": inventory["creator_user_id"]},
        inventory=inventory["name"],
    )
    return {item["reference"]: item for item in listed}


GOOD_CSV = (
    "reference,title_ar,title_fr,quality,demand,electronic,open_format,restriction,"
    "publication_status,planned_publication_date\n"
    "B-1,الميزانية,Budget,4,3,oui,oui,none,planned,2025-03-31\n"
    "B-2,,Effectifs,2,0,non,non,personal_data,not_eligible,\n"
)


def test_import_creates_then_updates_by_reference(admin, inventory):
    first = run_import(admin, inventory, upload(GOOD_CSV))
    assert first == {"created": 2, "updated": 0, "errors": []}
    assert items(inventory)["B-1"]["title"] == {"ar": "الميزانية", "fr": "Budget"}

    changed = GOOD_CSV.replace("Budget,4,3", "Budget,4,9")
    again = run_import(admin, inventory, upload(changed))

    assert again == {"created": 0, "updated": 2, "errors": []}
    assert len(items(inventory)) == 2
    assert items(inventory)["B-1"]["demand"] == 9


def test_semicolon_csv_from_french_excel(admin, inventory):
    text = "reference;title_fr;quality\nS-1;Écoles;5\n"
    assert run_import(admin, inventory, upload(text))["created"] == 1


def test_bad_rows_are_all_reported_and_nothing_is_written(admin, inventory):
    f.item(admin, inventory, reference="B-1", demand=1)
    before = items(inventory)
    bad = (
        "reference,title_fr,quality,restriction,publication_status,commitment\n"
        "B-1,Budget,4,none,candidate,\n"  # valid: would update B-1
        "B-2,Effectifs,9,none,candidate,\n"
        "B-3,Marchés,3,secret,candidate,\n"
        "B-4,,3,none,candidate,\n"
        "B-5,Écoles,3,personal_data,planned,\n"
        "B-2,Doublon,3,none,candidate,no-such-commitment\n"
        "B-6,Nouveau,3,none,candidate,\n"  # valid: would be created
    )

    result = run_import(admin, inventory, upload(bad))

    cells = {(error["row"], error["column"]) for error in result["errors"]}
    assert cells == {
        (3, "quality"),
        (4, "restriction"),
        (5, "title_fr"),  # the file's title column
        (6, "publication_status"),
        (6, "planned_publication_date"),
        (7, "reference"),
        (7, "commitment"),
    }
    assert all(error["message"] for error in result["errors"])
    assert (result["created"], result["updated"]) == (0, 0)
    assert items(inventory) == before


class TestUnreadableFiles(ReadOnlyStartingPoint):
    @pytest.mark.parametrize(
        "file, column",
        [
            (upload("reference,title_fr,colour\nA,B,red\n"), "colour"),
            (upload("title_fr\nB\n"), "reference"),
            (upload(b"reference,title_fr\nA,\xe9t\xe9\n"), "upload"),
            (upload(b"not a workbook", "items.xlsx"), "upload"),
            (upload("reference\n", "items.ods"), "upload"),
        ],
    )
    def test_unreadable_files_are_refused_with_the_reason(self, admin, inventory, file, column):
        result = run_import(admin, inventory, file)

        assert [error["column"] for error in result["errors"]] == [column]
        assert result["errors"][0]["message"]
        assert items(inventory) == {}


def test_errors_in_the_users_language_through_the_web_form(app, admin, inventory):
    headers = {"Authorization": f.factories.APIToken(user=admin["name"])["token"]}
    page = app.get(f"/fr/inventory/{inventory['name']}", headers=headers)
    token = BeautifulSoup(page.body, "html.parser").select_one(
        "form.opendataplan-inventory__import input[name=_csrf_token]"
    )["value"]

    response = app.post(
        f"/fr/inventory/{inventory['name']}/import",
        data={
            "_csrf_token": token,
            "upload": (io.BytesIO(b"reference,title_fr,quality\nX,Budget,9\n"), "items.csv"),
        },
        headers=headers,
    )

    assert response.status_code == 400
    row = BeautifulSoup(response.body, "html.parser").select_one(
        ".opendataplan-import-errors tbody tr"
    )
    assert [cell.text for cell in row.find_all("td")] == [
        "2",
        "quality",
        "La qualité est un nombre entier de 1 à 5",
    ]
    assert items(inventory) == {}


def test_ten_thousand_rows_import(admin, inventory):
    header = ["reference", "title_ar", "title_fr", "quality", "demand", "electronic", "theme"]
    rows = [
        [f"R-{n:05d}", f"مجموعة {n}", f"Jeu {n}", n % 5 + 1, n % 12, "yes", "Santé"]
        for n in range(10_000)
    ]

    result = run_import(admin, inventory, upload(xlsx([header, *rows]), "items.xlsx"))

    assert result == {"created": 10_000, "updated": 0, "errors": []}
    listed = helpers.call_action("opendataplan_inventory_item_list", inventory=inventory["name"])
    assert len(listed) == 10_000
    assert listed[0]["priority_score"] >= listed[-1]["priority_score"]


RESTRICTION = "مانع قانوني للنشر"
RESTRICTIONS_AR = ["لا يوجد", "معطيات شخصية", "الأمن", "حقوق الغير", "مانع آخر"]
RESTRICTIONS_FR = [
    "Aucun",
    "Données personnelles",
    "Sécurité",
    "Droits de tiers",
    "Autre empêchement",
]
TEMPLATES = {
    "": (["العناصر", "القيم المسموح بها"], "العنوان (العربية)", RESTRICTION, RESTRICTIONS_AR),
    "/fr": (
        ["Éléments", "Valeurs permises"],
        "Titre (arabe)",
        "Empêchement juridique à la publication",
        RESTRICTIONS_FR,
    ),
}


@pytest.mark.parametrize("prefix", TEMPLATES)
def test_xlsx_template_in_the_pages_language(app, inventory, prefix):
    sheets, title, restriction, choices = TEMPLATES[prefix]
    response = app.get(f"{prefix}/inventory/{inventory['name']}/template.xlsx")
    book = load_workbook(io.BytesIO(response.data))

    assert book.sheetnames == sheets
    sheet, allowed = book.worksheets
    for each in (sheet, allowed):  # an Arabic sheet reads right to left
        assert bool(each.sheet_view.rightToLeft) is (prefix == "")
    header = [cell.value for cell in sheet[1]]
    assert header[1] == title
    shown = {cell.value for each in book.worksheets for row in each.iter_rows() for cell in row}
    assert not {"reference", "title_ar", "restriction", "personal_data", "not_eligible"} & shown
    on_allowed = [cell.value for cell in allowed[1]].index(restriction)
    listed = [row[on_allowed].value for row in allowed.iter_rows(min_row=2)]
    assert [value for value in listed if value] == choices
    target = sheet.cell(row=1, column=header.index(restriction) + 1).column_letter
    lists = {str(v.sqref): v.formula1 for v in sheet.data_validations.dataValidation}
    assert lists[f"{target}2:{target}10001"].startswith(f"'{sheets[1]}'!$")


def test_csv_template_imports_as_nothing(app, admin, inventory):
    template = app.get(f"/inventory/{inventory['name']}/template.csv").data
    text = template.decode("utf-8-sig")

    assert f"# {RESTRICTION}" in text
    assert " | ".join(RESTRICTIONS_AR) in text
    assert "personal_data" not in text
    result = run_import(admin, inventory, upload(template))
    assert result == {"created": 0, "updated": 0, "errors": []}


PRODUCING_UNIT = "الوحدة المنتجة"
FORMULAS = {"title_fr": '=HYPERLINK("http://evil.example","x")', "producing_unit": "+33 Unit"}


def test_export_makes_formulas_inert_and_imports_back(app, admin, inventory):
    f.item(
        admin,
        inventory,
        reference="@ref",
        title={"fr": FORMULAS["title_fr"]},
        producing_unit=FORMULAS["producing_unit"],
    )
    name = inventory["name"]

    book = load_workbook(io.BytesIO(app.get(f"/inventory/{name}/items.xlsx").data))
    sheet = book.worksheets[0]
    header = [cell.value for cell in sheet[1]]
    cells = {column: sheet.cell(row=2, column=header.index(column) + 1) for column in header}
    assert cells["العنوان (الفرنسية)"].value == "'" + FORMULAS["title_fr"]
    assert cells["العنوان (الفرنسية)"].data_type == "s"
    assert cells["المرجع"].value == "'@ref"
    assert cells["مانع قانوني للنشر"].value == "لا يوجد"  # the label, not the code

    exported_csv = app.get(f"/inventory/{name}/items.csv").data
    row = next(csv.DictReader(io.StringIO(exported_csv.decode("utf-8-sig"))))
    assert row[PRODUCING_UNIT] == "'+33 Unit"

    exported_xlsx = app.get(f"/inventory/{name}/items.xlsx").data
    before = items(inventory)
    for content, filename in ((exported_csv, "back.csv"), (exported_xlsx, "back.xlsx")):
        result = run_import(admin, inventory, upload(content, filename))
        assert result == {"created": 0, "updated": 1, "errors": []}
        after = items(inventory)
        assert after["@ref"]["title"] == {"fr": FORMULAS["title_fr"]}
        assert after["@ref"]["producing_unit"] == FORMULAS["producing_unit"]
        assert {k: v for k, v in after["@ref"].items() if k != "modified"} == {
            k: v for k, v in before["@ref"].items() if k != "modified"
        }


def test_import_through_the_http_api_with_a_multipart_upload(app, admin, inventory):
    response = app.post(
        "/api/3/action/opendataplan_inventory_import",
        data={
            "inventory": inventory["name"],
            "upload": (io.BytesIO(GOOD_CSV.encode("utf-8")), "items.csv"),
        },
        headers={"Authorization": f.factories.APIToken(user=admin["name"])["token"]},
    )

    assert response.status_code == 200, response.body
    assert response.json["result"] == {"created": 2, "updated": 0}


def test_a_refused_import_answers_like_any_invalid_action_with_every_cell(app, admin, inventory):
    response = app.post(
        "/api/3/action/opendataplan_inventory_import",
        data={
            "inventory": inventory["name"],
            "upload": (io.BytesIO(b"reference,title_en,demand\nR1,One,lots\n"), "items.csv"),
        },
        headers={"Authorization": f.factories.APIToken(user=admin["name"])["token"]},
    )

    assert response.status_code == 409, response.body
    error = response.json["error"]
    assert error["__type"] == "Validation Error"
    assert [(p["row"], p["column"]) for p in error["upload"]] == [(2, "demand")]
    assert items(inventory) == {}


def test_the_inventory_page_shows_an_import_and_an_edit_at_once(app, admin, inventory):
    """The page's ranking is cached per generation of the data: an import (bulk writes
    the session's change tracking does not see) and an item edit each move it on."""

    def references() -> list[str]:
        soup = BeautifulSoup(app.get(f"/en/inventory/{inventory['name']}").body, "html.parser")
        rows = soup.select(".opendataplan-inventory__table tbody tr")
        return [row.find("td").text for row in rows]

    assert references() == []  # the empty ranking is now cached
    run_import(admin, inventory, upload(GOOD_CSV))
    assert references() == ["B-1"]  # B-2 has an impediment: anonymous visitors do not see it

    run_import(admin, inventory, upload("reference,title_fr,quality\nB-0,Écoles,1\n"))
    assert references() == ["B-1", "B-0"]

    helpers.call_action(
        "opendataplan_inventory_item_update",
        {"user": admin["name"]},
        id=items(inventory)["B-0"]["id"],
        quality=5,
        electronic=True,
        open_format=True,
        demand=1000,
    )
    assert references() == ["B-0", "B-1"]


def test_an_update_writes_every_kind_of_cell_as_a_create_does(admin, inventory):
    """Two rows swap references: each item then holds what the other was created with,
    texts, translations, numbers, yes/no, dates and emptied cells alike."""
    run_import(admin, inventory, upload(GOOD_CSV))
    created = items(inventory)
    swapped = GOOD_CSV.replace("B-1,", "B-X,").replace("B-2,", "B-1,").replace("B-X,", "B-2,")

    assert run_import(admin, inventory, upload(swapped))["updated"] == 2

    updated = items(inventory)
    own = {"id", "reference", "modified", "created", "rank"}
    for reference, other in (("B-1", "B-2"), ("B-2", "B-1")):
        assert updated[reference]["id"] == created[reference]["id"]
        assert {k: v for k, v in updated[reference].items() if k not in own} == {
            k: v for k, v in created[other].items() if k not in own
        }
    assert updated["B-1"]["modified"] > created["B-1"]["modified"]
