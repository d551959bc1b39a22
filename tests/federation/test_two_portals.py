"""Two real portals: the suite's own (the national one) and a regional one beside it
(its own database, site id, Redis database and port, served by a real CKAN process).
The national portal harvests the regional plan data with ckanext-harvest's own command,
and then serves the same figures as the region: plan progress, late activities, the
history as of several dates; a new report at the source adds exactly its rows; a plan
removed at the source is withdrawn here, never purged."""

from __future__ import annotations

import json
import urllib.parse
import urllib.request
from collections.abc import Iterator
from typing import Any

import ckan.model as model
import pytest
from ckan.tests import factories, helpers

from ckanext.opendataplan.model.progress_snapshot import ProgressSnapshot
from tests.federation import harvesting as h
from tests.federation.regional import PLAN, Regional

pytestmark = pytest.mark.usefixtures("with_plugins")

SOURCE = "tth-region"
COMMITMENTS = (
    "ma-tth-2025-c1-access-to-information",
    "ma-tth-2025-c2-budget-transparency",
    "ma-tth-2025-c3-citizen-participation",
    "ma-tth-2025-c4-petitions",
)
# Days the figures are compared on: before the first meeting, between the two, after.
DAYS = ("2025-06-30", "2025-07-15", "2025-12-31", "2026-01-20", "2026-06-30")


def get_json(url: str, **query: str) -> Any:
    address = f"{url}?{urllib.parse.urlencode(query)}" if query else url
    with urllib.request.urlopen(address, timeout=120) as response:
        return json.load(response)


def there(regional: Regional, action: str, **data: str) -> Any:
    return get_json(f"{regional.url}/api/3/action/{action}", **data)["result"]


def here(action: str, **data: str) -> Any:
    return helpers.call_action(action, {"ignore_auth": True}, **data)


@pytest.fixture(scope="module")
def national(
    portal_app: Any, regional: Regional, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[dict[str, Any]]:
    """The national portal with ckanext-harvest, a source pointing at the regional
    portal's descriptor, owned by a local organization, and a first harvest job."""
    h.load_harvest()
    try:
        admin = factories.Sysadmin()
        org = factories.Organization(name="tth-region-council")
        h.create_source(admin, regional.descriptor, org["name"], name=SOURCE)
        ini = h.harvest_ini(tmp_path_factory.mktemp("config"))
        h.run_job(ini, SOURCE)
        yield {"admin": admin, "org": org, "ini": ini}
    finally:
        h.unload_harvest()


def history_rows() -> int:
    ids = [model.Package.get(name).id for name in COMMITMENTS]
    query = model.Session.query(ProgressSnapshot).filter(ProgressSnapshot.commitment_id.in_(ids))
    return query.filter(ProgressSnapshot.withdrawn.is_(False)).count()


def assert_same_figures(regional: Regional) -> None:
    for day in (None, *DAYS):
        on = {"as_of": day} if day else {}
        theirs = there(regional, "opendataplan_plan_progress", id=PLAN, **on)
        mine = here("opendataplan_plan_progress", id=PLAN, **on)
        for key in ("progress", "levels", "reported_count", "commitment_count", "progress_as_of"):
            assert mine[key] == theirs[key], (day, key)
        assert [(c["name"], c["progress"]) for c in mine["commitments"]] == [
            (c["name"], c["progress"]) for c in theirs["commitments"]
        ], day
    for name in COMMITMENTS:
        theirs = there(regional, "opendataplan_progress_history", id=name)
        mine = here("opendataplan_progress_history", id=name)
        assert [(e["date"], e["progress"]) for e in mine] == [
            (e["date"], e["progress"]) for e in theirs
        ], name


def test_the_regional_portal_is_a_site_of_its_own(regional: Regional):
    found = get_json(f"{regional.url}/api/3/action/package_search", fq="type:plan")["result"]
    assert [plan["name"] for plan in found["results"]] == [PLAN]
    assert found["results"][0]["plan_kind"] == "ogp_local"
    descriptor = get_json(regional.descriptor)
    assert descriptor["opendataplan"]["portal"]["path"] == regional.url


def test_a_harvest_job_brings_the_regional_plan(app, regional, national):
    assert h.last_job_errors(SOURCE) == {"gather": [], "objects": []}
    plan = here("package_show", id=PLAN)
    assert plan["federation_source"] == SOURCE
    assert plan["federation_portal_url"] == regional.url
    assert plan["owner_org"] == national["org"]["id"]
    for name in COMMITMENTS:
        assert here("package_show", id=name)["plan"] in (plan["id"], PLAN), name
    # the national overview lists it, saying where it comes from and linking back
    page = app.get("/ar/progress", status=200).body
    assert 'name="source"' in page and f'value="{SOURCE}"' in page
    assert f'href="{plan["federation_link"]}"' in page


def test_figures_are_equal_on_both_sides(app, regional, national):
    assert_same_figures(regional)
    theirs = get_json(f"{regional.url}/progress/late.json", period="all")
    mine = app.get("/progress/late.json", query_string={"source": SOURCE, "period": "all"}).json
    assert mine["counts"] == theirs["counts"]
    assert sorted(a["activity"] for a in mine["activities"]) == sorted(
        a["activity"] for a in theirs["activities"]
    )
    overview = app.get("/progress.json", query_string={"source": SOURCE}).json
    assert overview["progress"] == get_json(f"{regional.url}/progress.json")["progress"]


def test_a_new_report_at_the_source_adds_exactly_its_rows(app, regional, national):
    before = history_rows()
    regional.action(
        "package_create",
        type="progress_report",
        name="ma-tth-2025-steering-2026-06-10",
        plan=PLAN,
        meeting_date="2026-06-10",
        title_translated={"ar": "اجتماع فريق الإشراف، 10 يونيو 2026 (اختبار)"},
        updates=[
            {"commitment": COMMITMENTS[1], "progress": 80},
            {"commitment": COMMITMENTS[3], "progress": 45},
        ],
    )
    h.run_job(national["ini"], SOURCE)
    assert h.last_job_errors(SOURCE) == {"gather": [], "objects": []}
    assert history_rows() == before + 2
    h.run_job(national["ini"], SOURCE)  # once more: nothing new at the source
    assert history_rows() == before + 2
    assert_same_figures(regional)


def test_a_plan_removed_at_the_source_is_withdrawn_here(app, regional, national):
    for name in (*COMMITMENTS, PLAN):
        regional.action("package_delete", id=name)
    h.run_job(national["ini"], SOURCE)
    plan = model.Package.get(PLAN)
    assert plan.state == "active" and plan.private  # withdrawn, never purged
    assert history_rows() > 0  # its history is kept
    names = [row["name"] for row in app.get("/progress.json").json["plans"]]
    assert PLAN not in names
    assert 'name="source"' not in app.get("/ar/progress", status=200).body
    # a visitor finds it as if it did not exist
    app.get(f"/plan/{PLAN}", status=404)
