"""The list pages of plans, commitments, progress reports and inventories: the plugin's
own page (filters, badges, labelled figures) on CKAN's search, no dataset furniture, the
same cost whatever the number of rows; CKAN's dataset search unchanged."""

from __future__ import annotations

import re

import pytest

from tests import factories_odp as f
from tests.marks import portal
from tests.pages.test_query_counts import counting

pytestmark = portal

# What CKAN's search page says of any type, that these lists must not.
CKAN_LIST_WORDS = (
    "found",
    "There is no description",
    "Search Plans",
    "Search Commitments",
    "Groups",
    "Tags",
    "Formats",
    "Licenses",
    "/dataset/",
)


def _cards(body: str) -> list[str]:
    return re.findall(r'<li class="opendataplan-list__item">(.*?)</li>', body, re.S)


@pytest.mark.parametrize("kind", ["plan", "commitment", "progress_report", "inventory"])
def test_each_list_is_the_plugins_page(app, admin, org, plan, kind):
    commitment = f.commitment(admin, plan, org, progress=40)
    f.report(admin, plan, [{"commitment": commitment["id"], "progress": 40}])
    f.inventory(admin, org)

    page = app.get(f"/en/{kind}/").body
    body = page[page.index('<div class="main">') : page.index('<footer class="site-footer">')]

    assert 'class="module opendataplan-list"' in body
    assert len(_cards(body)) == 1
    assert "Results: 1" in body
    assert [word for word in CKAN_LIST_WORDS if word in body] == []
    assert 'role="search"' in body and 'method="get"' in body


def test_dataset_search_keeps_ckans_page(app, admin, org):
    f.factories.Dataset(owner_org=org["id"], title="Budget data")

    body = app.get("/en/dataset/").body

    assert "opendataplan-list" not in body
    assert "1 dataset found" in body
    assert "Tags" in body and "Formats" in body


def test_plan_list_badges_and_labelled_figures(app, admin, org):
    adopted = f.plan(admin, org, name="adopted", version_status="final")
    f.plan(admin, org, name="drafted", version_status="draft")
    f.commitment(admin, adopted, org, progress=40)

    cards = {
        re.search(r'href="/ar/plan/([^"]+)"', card).group(1): card
        for card in _cards(app.get("/ar/plan/").body)
    }

    assert "مشروع خطة" in cards["drafted"]  # Draft plan
    assert "مشروع خطة" not in cards["adopted"]
    assert all("التقدم" in card for card in cards.values())
    assert 'role="progressbar"' in cards["adopted"] and "40" in cards["adopted"]
    # A plan with nothing reported says so, never a 0 % bar.
    assert "لم يبلغ عنه" in cards["drafted"] and 'role="progressbar"' not in cards["drafted"]
    assert all("المؤسسة" in card and "الفترة" in card for card in cards.values())


def test_plan_list_filters(app, admin, org):
    f.plan(admin, org, name="p2019", period_start="2018-08-01", period_end="2020-08-31")
    f.plan(
        admin,
        org,
        name="p2022",
        period_start="2022-01-01",
        period_end="2022-12-31",
        version_status="draft",
        plan_kind="national_open_data",
    )

    def listed(query: str) -> set[str]:
        body = app.get(f"/en/plan/?{query}").body
        return set(
            re.findall(r'<h2 class="opendataplan-list__title"><a href="/en/plan/([^"]+)"', body)
        )

    assert listed("ext_year=2019") == {"p2019"}
    assert listed("ext_year=2022") == {"p2022"}
    assert listed("ext_year=2021") == set()
    assert listed("version_status=draft") == {"p2022"}
    assert listed("plan_kind=ogp_national") == {"p2019"}
    assert listed(f"organization={org['name']}") == {"p2019", "p2022"}


def test_report_list_year_is_the_meeting_year(app, admin, org, plan):
    commitment = f.commitment(admin, plan, org)
    f.report(
        admin, plan, [{"commitment": commitment["id"], "progress": 10}], meeting_date="2020-07-15"
    )

    assert "Results: 1" in app.get("/en/progress_report/?ext_year=2020").body
    assert "Results: 0" in app.get("/en/progress_report/?ext_year=2019").body


@pytest.mark.parametrize("year", ["abc", "1800", "20200", "-1"])
def test_a_bad_year_is_a_400_naming_it(app, year):
    response = app.get(f"/en/plan/?ext_year={year}", status=400)

    assert "year: enter a year such as 2020" in response.body


def test_commitment_list_names_only_plans_the_visitor_may_see(app, admin, org):
    secret = f.plan(admin, org, name="secret-plan", private=True)
    f.commitment(admin, secret, org, name="open-commitment", private=False)

    body = app.get("/en/commitment/").body

    assert "open-commitment" in body
    assert "secret-plan" not in body


def test_no_catalogue_alternate_links_on_the_plugins_pages(app, plan):
    body = app.get(f"/en/plan/{plan['name']}").body

    assert "application/ld+json" not in body and "text/turtle" not in body


def _commitments(admin, org, plan, count: int, start: int = 0) -> None:
    for n in range(start, start + count):
        f.commitment(admin, plan, org, name=f"c{n}", number=str(n), progress=n)


def test_commitment_list_cost_does_not_grow_with_rows(app, monkeypatch, admin, org, plan):
    def cost() -> dict[str, int]:
        app.get("/en/commitment/")
        with counting(monkeypatch) as counts:
            assert app.get("/en/commitment/").status_code == 200
        return dict(counts)

    _commitments(admin, org, plan, 2)
    small = cost()
    other = f.plan(admin, org, name="other-plan")
    _commitments(admin, org, other, 16, start=2)
    large = cost()

    assert large == small
    assert small["search"] == 1
