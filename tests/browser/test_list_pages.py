"""The plugin's list pages in headless Chromium, as a reader sees them: on the Arabic
and French pages no word of CKAN's dataset search (its counts, its empty descriptions,
its "Search ..." box, its Groups/Tags/Formats/Licenses facets), in English or in CKAN's
own translation; and French text inside an Arabic page laid out left to right."""

from __future__ import annotations

from pathlib import Path

import ckan
import pytest
from babel.messages.pofile import read_po

from tests import factories_odp as f
from tests.browser.test_accessibility import check_pages, live_server  # noqa: F401
from tests.marks import portal

pytestmark = portal

LISTS = ("/plan/", "/commitment/", "/progress_report/", "/inventory/")
# What CKAN's search page says of any type (its English; its translations added below).
CKAN_LIST_WORDS = (
    "plans found",
    "commitments found",
    "found",
    "There is no description",
    "Search Plans",
    "Search Inventorys",
    "Search Progress_Reports",
    "Groups",
    "Tags",
    "Formats",
    "Licenses",
)
FRENCH_TITLE = "Plan de données ouvertes de la ville"


def ckan_words(lang: str) -> set[str]:
    """CKAN's list words and their translations in ``lang`` (its own catalog)."""
    path = Path(ckan.__file__).parent / "i18n" / lang / "LC_MESSAGES" / "ckan.po"
    with path.open("rb") as handle:
        catalog = {m.id: m.string for m in read_po(handle) if isinstance(m.id, str)}
    facets = ("Groups", "Tags", "Formats", "Licenses", "No description provided")
    return {*CKAN_LIST_WORDS, *(catalog[word] for word in facets if catalog.get(word))}


@pytest.fixture
def listed(admin, org, plan):
    """A plan of each state, a commitment with a report, an inventory, and a plan titled
    in French alone (the Arabic page shows it in French, its own language)."""
    commitment = f.commitment(admin, plan, org, progress=40)
    f.report(admin, plan, [{"commitment": commitment["id"], "progress": 40}])
    f.inventory(admin, org)
    f.plan(admin, org, name="draft-plan", version_status="draft")
    f.plan(admin, org, name="french-plan", title_translated={"fr": FRENCH_TITLE})


def test_no_ckan_list_words_and_french_left_to_right(listed, live_server):  # noqa: F811
    paths = [f"/{lang}{page}" for lang in ("ar", "fr") for page in LISTS]
    reports = check_pages(live_server, "-", paths)
    words = {lang: ckan_words(lang) for lang in ("ar", "fr")}

    assert all(r["status"] == 200 for r in reports)
    found = {
        (r["path"], word)
        for r in reports
        for word in words[r["path"][1:3]]
        if word in r["mainText"]
    }
    assert found == set()
    arabic_plans = [r for r in reports if r["path"] == "/ar/plan/"]
    assert len(arabic_plans) == 2  # both widths
    for report in arabic_plans:
        assert report["dir"] == "rtl"
        assert [d for text, d in report["directions"] if text == FRENCH_TITLE] == ["ltr"]
