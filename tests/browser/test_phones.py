"""The citizen pages on a phone (375 x 667, Arabic) in headless Chromium: nothing wider
than the screen (every cell of the plan's commitments, the inventory with its status,
impediment, dataset and actions, the late page, scorecards and overview within it, by
their bounding boxes), progress bars a reader can read, and the late page's first
screen showing an activity of a running plan, not the filters or ended plans."""

from __future__ import annotations

import pytest

from tests import factories_odp as f
from tests.browser.test_accessibility import check_pages, live_server  # noqa: F401
from tests.marks import portal

pytestmark = portal
ASSESSMENT = [
    {"question": "petitions_received", "figure": "12", "comment": "دفتر العرائض بمقر الجهة"},
    {"question": "proactive", "answer": "partly", "evidence_url": "https://example.org/open"},
]


@pytest.fixture
def phone_scene(admin, org):
    # a plan that ended in 2020 with a dozen activities left unfinished since 2019
    ended = f.plan(admin, org)
    old = [
        {
            "title": f"نشاط قديم غير منجز رقم {number}",
            "start_date": "2018-09-01",
            "end_date": f"2019-{number:02d}-28",
            "status": "in_progress",
            "progress": 20,
        }
        for number in range(1, 13)
    ]
    f.commitment(admin, ended, org, name="old-commitment", milestones=old)
    running = f.plan(
        admin,
        org,
        name="running-plan",
        title_translated={"ar": "خطة جارية للبيانات المفتوحة"},
        period_start="2024-01-01",
        period_end=f.days_ago(-365),
    )
    titles = [
        "نشر قائمة المؤسسات العمومية وبياناتها المفتوحة وإعادة استعمالها في كل الجهات",
        "تكوين موظفي الإدارات على الحق في الحصول على المعلومات وتتبع الطلبات",
        "إحداث بوابة للشفافية",
    ]
    for number, title in enumerate(titles, start=1):
        f.commitment(
            admin,
            running,
            org,
            name=f"running-{number}",
            number=str(number),
            title_translated={"ar": title},
            start_date="2024-01-01",
            end_date=f.days_ago(-300),
            milestones=[f.activity("نشاط جار متأخر", 20 + number, 30 * number)],
        )
    f.plan(
        admin,
        org,
        name="open-region",
        plan_kind="ogp_local",
        title_translated={"ar": "خطة عمل الجهة المنفتحة", "en": "Open region action plan"},
        initial_assessment=ASSESSMENT,
    )
    inventory = f.inventory(admin, org)
    for number in range(1, 4):
        f.item(admin, inventory, reference=f"MP-0{number}", restriction="none")
    f.item(admin, inventory, reference="MP-04", restriction="personal_data")
    return f.factories.APIToken(user=admin["name"])["token"]


PAGES = [
    "/ar/plan/running-plan",
    "/ar/plan/open-region",
    "/ar/commitment/running-1",
    "/ar/inventory/inventory-2024",
    "/ar/progress/late",
    "/ar/progress/institutions",
    "/ar/progress",
]


def test_nothing_is_wider_than_a_phone(phone_scene, live_server):  # noqa: F811
    reports = check_pages(live_server, "-", PAGES, phone_scene, widths="375")
    phone = {r["path"]: r for r in reports if r["width"] == 375}

    assert sorted(phone) == sorted(PAGES)
    assert all(r["status"] == 200 and r["dir"] == "rtl" for r in phone.values())
    assert {path: r["wide"] for path, r in phone.items() if r["wide"]} == {}
    assert all(r["overflow"] <= 0 for r in phone.values())
    # the plan's commitments as cards: each bar across the card, not a pill
    assert phone["/ar/plan/running-plan"]["narrowestBar"] >= 150  # 40 % of the screen
    # the inventory's last columns (impediment, dataset, actions) inside the screen too
    inventory = phone["/ar/inventory/inventory-2024"]["text"]
    assert "MP-03" in inventory and "تحويل إلى مجموعة بيانات" in inventory


def test_the_late_pages_first_screen_shows_a_running_plans_activity(
    phone_scene,
    live_server,  # noqa: F811
):
    late = check_pages(live_server, "-", ["/ar/progress/late"], widths="375")[0]

    assert (late["width"], late["status"]) == (375, 200)
    assert "نشاط جار متأخر" in late["firstScreen"]
    assert "نشاط قديم غير منجز" not in late["text"]  # one click away, counted
    assert "12 نشاطًا غير منجز في خطة واحدة منتهية" in late["text"]
