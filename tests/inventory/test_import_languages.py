"""The import reads a file written in the page's language: headers and choices in
Arabic, French or English (or their codes), dates typed day first; its errors and its
counts are written in the reader's language."""

from __future__ import annotations

import io
from urllib.parse import urlparse

import pytest
from babel.support import Translations
from bs4 import BeautifulSoup
from ckan.tests import helpers
from flask_babel import force_locale
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from werkzeug.datastructures import FileStorage

from ckanext.opendataplan import i18n
from ckanext.opendataplan.inventory import labels
from tests import factories_odp as f
from tests import signing
from tests.marks import portal

pytestmark = portal

ARABIC_CSV = (
    "المرجع,العنوان (العربية),حالة النشر,تاريخ النشر المبرمج,مانع قانوني للنشر,وتيرة التحيين\n"
    "م-1,الميزانية,مبرمجة,15/09/2026,لا يوجد,شهري\n"
    "م-2,الصفقات,مرشحة للنشر,,معطيات شخصية,\n"
    "م-3,المدارس,غير قابلة للنشر,1/2/2027,الأمن,سنوي\n"
)


def upload(text: str, name: str = "items.csv") -> FileStorage:
    return FileStorage(io.BytesIO(text.encode("utf-8")), filename=name)


def listed(inventory: dict) -> dict[str, dict]:
    items = helpers.call_action(
        "opendataplan_inventory_item_list",
        {"user": inventory["creator_user_id"]},
        inventory=inventory["name"],
    )
    return {item["reference"]: item for item in items}


def test_an_arabic_file_with_the_labels_and_day_first_dates_imports(admin, inventory):
    result = f.import_outcome(admin, inventory, upload(ARABIC_CSV))

    assert result == {"created": 3, "updated": 0, "errors": []}
    items = listed(inventory)
    assert {
        reference: (
            item["publication_status"],
            item["planned_publication_date"],
            item["restriction"],
            item["update_frequency"],
        )
        for reference, item in items.items()
    } == {
        "م-1": ("planned", "2026-09-15", "none", "monthly"),
        "م-2": ("candidate", None, "personal_data", None),
        "م-3": ("not_eligible", "2027-02-01", "security", "annual"),
    }


CHOSEN = [
    (field, code)
    for field in ("publication_status", "restriction", "update_frequency")
    for code in labels.CHOICES[field]
]


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    chosen=st.sampled_from(CHOSEN),
    header_lang=st.sampled_from(["ar", "fr", "en", "code"]),
    value_lang=st.sampled_from(["ar", "fr", "en", "code"]),
    day=st.dates(),
    day_first=st.booleans(),
)
def test_any_label_in_any_language_reads_as_its_code(
    admin, inventory, chosen, header_lang, value_lang, day, day_first
):
    field, code = chosen
    if field == "publication_status" and code in ("planned", "published"):
        code = "candidate"  # these need a date or a dataset: other tests cover them
    if (field, code) == ("restriction", "other"):
        code = "security"  # "other" needs its own column said: another rule
    columns = ["reference", "title_fr", field, "planned_publication_date"]
    header = [c if header_lang == "code" else labels.header(c, header_lang) for c in columns]
    value = code if value_lang == "code" else labels.choice(field, code, value_lang)
    if 1900 <= day.year <= 2200:
        typed = f"{day.day:02}/{day.month:02}/{day.year}" if day_first else day.isoformat()
        expected_day = day.isoformat()
    else:
        typed, expected_day = "", None
    text = ",".join(header) + "\n" + ",".join(["R", "Jeu", value, typed]) + "\n"

    result = f.import_outcome(admin, inventory, upload(text))

    assert result["errors"] == []
    item = listed(inventory)["R"]
    assert (item[field], item["planned_publication_date"]) == (code, expected_day)


def _error_rows(page: bytes) -> list[list[str]]:
    table = BeautifulSoup(page, "html.parser").select(".opendataplan-import-errors tbody tr")
    return [[cell.text for cell in row.find_all("td")] for row in table]


def _post(app, admin, inventory, text: str, prefix: str = ""):
    headers = {"Authorization": f.factories.APIToken(user=admin["name"])["token"]}
    page = app.get(f"{prefix}/inventory/{inventory['name']}", headers=headers)
    token = BeautifulSoup(page.body, "html.parser").select_one(
        "form.opendataplan-inventory__import input[name=_csrf_token]"
    )["value"]
    return app.post(
        f"{prefix}/inventory/{inventory['name']}/import",
        data={"_csrf_token": token, "upload": (io.BytesIO(text.encode("utf-8")), "items.csv")},
        headers=headers,
        follow_redirects=False,
    )


def test_a_wrong_label_is_named_by_row_and_column_in_arabic(app, admin, inventory):
    text = (
        "المرجع,العنوان (العربية),حالة النشر,تاريخ النشر المبرمج\n"
        "م-1,الميزانية,مبرمج,15/09/2026\n"  # a letter short of مبرمجة
        "م-2,الصفقات,مرشحة للنشر,31/02/2026\n"
    )

    response = _post(app, admin, inventory, text)

    assert response.status_code == 400
    assert _error_rows(response.body) == [
        [
            "2",
            "حالة النشر",
            "اختر إحدى القيم: غير قابلة للنشر | مرشحة للنشر | مبرمجة | منشورة",
        ],
        [
            "3",
            "تاريخ النشر المبرمج",
            "أدخل تاريخًا بين 1900 و2200 على الشكل يوم/شهر/سنة (مثل 15/09/2026)",
        ],
    ]
    assert listed(inventory) == {}


def test_the_count_of_an_import_is_in_the_right_arabic_form(app, inventory):
    # Signed in as a browser is (the notice lives in the session cookie; a request signed
    # by an API token keeps no session on CKAN 2.11).
    browser = signing.cookie_browser(app, f.factories.Sysadmin(password=signing.PASSWORD))
    url = f"/inventory/{inventory['name']}"
    upload = (io.BytesIO(ARABIC_CSV.encode("utf-8")), "items.csv")
    form = {"_csrf_token": signing.page_token(browser, url), "upload": upload}
    response = browser.post(f"{url}/import", data=form, follow_redirects=False)
    assert response.status_code == 302
    page = browser.get(urlparse(response.headers["Location"]).path).get_data(as_text=True)
    notice = " ".join(a.text for a in BeautifulSoup(page, "html.parser").select(".alert"))
    assert "تم الاستيراد: أُنشئت 3 عناصر، لم يُحدَّث أي عنصر" in notice


# Counted messages: Arabic has six forms (0, 1, 2, 3-10, 11-99, 100-102), French two.
CREATED = {
    "ar": {
        0: "لم يُنشأ أي عنصر",
        1: "أُنشئ عنصر واحد",
        2: "أُنشئ عنصران",
        3: "أُنشئت 3 عناصر",
        10: "أُنشئت 10 عناصر",
        11: "أُنشئ 11 عنصرًا",
        99: "أُنشئ 99 عنصرًا",
        100: "أُنشئ 100 عنصر",
        102: "أُنشئ 102 عنصر",
        103: "أُنشئت 103 عناصر",
        111: "أُنشئ 111 عنصرًا",
    },
    "fr": {0: "0 élément créé", 1: "1 élément créé", 2: "2 éléments créés"},
    "en": {0: "0 items created", 1: "1 item created", 2: "2 items created"},
}


@pytest.mark.parametrize("lang", CREATED)
@pytest.mark.usefixtures("with_plugins", "with_request_context")
def test_ckan_counts_in_each_languages_forms(lang):
    """Through CKAN's own merged catalogs, as a page says it."""
    import ckan.plugins.toolkit as tk

    with force_locale(lang):
        said = {
            n: tk.ungettext("%(count)s item created", "%(count)s items created", n, count=n)
            for n in CREATED[lang]
        }
    assert said == CREATED[lang]


def test_every_counted_message_has_every_form_and_its_number():
    import polib

    for lang, forms in (("ar", 6), ("fr", 3)):
        path = f"{i18n.catalog_directory()}/{lang}/LC_MESSAGES/ckanext-opendataplan.po"
        counted = [entry for entry in polib.pofile(path) if entry.msgid_plural]
        assert len(counted) >= 10
        for entry in counted:
            assert sorted(entry.msgstr_plural) == list(range(forms)), entry.msgid
            assert all(entry.msgstr_plural.values()), entry.msgid
    catalog = Translations.load(i18n.catalog_directory(), ["ar"], "ckanext-opendataplan")
    for entry in counted:
        for n in (3, 11, 100):  # the forms that show the number
            said = catalog.ungettext(entry.msgid, entry.msgid_plural, n)
            assert "%(" in said, (entry.msgid, n)
