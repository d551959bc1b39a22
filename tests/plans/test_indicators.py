"""Indicators whose source is the portal are counted live, not typed."""

from __future__ import annotations

from ckan.tests import helpers

from tests import factories_odp as f
from tests.marks import portal

pytestmark = portal

SEED_INDICATORS = [
    {
        "title": "Institutions taking part",
        "unit": "institutions",
        "baseline": 16,
        "target": 32,
        "current": 999,
        "source": "portal_publishers",
    },
    {
        "title": "Datasets on the portal",
        "unit": "datasets",
        "baseline": 136,
        "target": 300,
        "source": "portal_datasets",
    },
    {"title": "Reuse initiatives", "unit": "reuses", "target": 20, "source": "portal_reuses"},
    {
        "title": "Agency datasets tagged budget",
        "source": "portal_datasets",
        "scope_organization": "agency",
        "scope_tag": "budget",
    },
    {"title": "Workshops held", "baseline": 0, "target": 10, "current": 4, "source": "manual"},
]


def dataset(org: dict, **fields) -> dict:
    return f.factories.Dataset(owner_org=org["id"], notes="", **fields)


def test_commitment_4_indicators_are_computed_from_the_portal():
    admin = f.factories.Sysadmin()
    agency = f.factories.Organization(name="agency")
    ministry = f.factories.Organization(name="ministry")
    f.factories.Organization(name="silent")  # publishes nothing
    dataset(agency, tags=[{"name": "budget"}])
    dataset(agency)
    dataset(ministry, tags=[{"name": "budget"}])
    dataset(ministry, private=True)  # not public: not counted
    plan = f.plan(admin, agency)
    commitment = f.commitment(admin, plan, agency, indicators=SEED_INDICATORS)

    shown = helpers.call_action("package_show", id=commitment["id"])
    publishers, datasets, reuses, scoped, manual = shown["indicators"]

    # the portal's counts beside the reported values, never in their place
    assert (publishers["live_current"], publishers["baseline"], publishers["target"]) == (2, 16, 32)
    assert publishers["current"] == 999  # the value reported for it stays
    assert datasets["live_current"] == 3
    assert reuses["live_current"] is None  # ckanext-showcase is not enabled
    assert scoped["live_current"] == 1
    assert manual["current"] == 4 and "live" not in manual
    assert publishers["live"] and datasets["live"]


def test_the_portal_counts_of_the_overview_read_one_search(monkeypatch):
    """Datasets and publishers come from the same answer (the overview's first reader
    after a save waits for it): one Solr search, and the same counts as one by one."""
    import ckan.plugins.toolkit as tk

    from ckanext.opendataplan.common import search_batch
    from ckanext.opendataplan.plans import indicators

    agency = f.factories.Organization()
    dataset(agency)
    dataset(f.factories.Organization())
    one_by_one = {s: indicators.live_value({"source": s}) for s in indicators.LIVE_SOURCES}
    searches = []
    real = tk.get_action("package_search")
    monkeypatch.setattr(tk, "get_action", lambda name: lambda *a: searches.append(name) or real(*a))
    with search_batch.memo():
        together = {s: indicators.live_value({"source": s}) for s in indicators.LIVE_SOURCES}

    assert together == one_by_one and together["portal_publishers"] >= 2
    assert searches == ["package_search"]


def test_live_value_moves_when_a_dataset_is_published():
    admin = f.factories.Sysadmin()
    org = f.factories.Organization()
    plan = f.plan(admin, org)
    commitment = f.commitment(admin, plan, org, indicators=SEED_INDICATORS[1:2])
    draft = dataset(org, private=True)

    shown = helpers.call_action("package_show", id=commitment["id"])
    before = shown["indicators"][0]["live_current"]
    helpers.call_action("package_patch", {"user": admin["name"]}, id=draft["id"], private=False)
    shown = helpers.call_action("package_show", id=commitment["id"])
    after = shown["indicators"][0]["live_current"]

    assert (before, after) == (0, 1)


def test_the_cards_never_leave_a_value_blank_and_name_the_live_count(app):
    """A value left out reads "Not reported" (never an empty "Current value:"), a
    baseline of 0 reads 0, and the portal's own count is named for what it counts,
    apart from the reported values (136 reported nationally is not 2 here)."""
    from bs4 import BeautifulSoup

    admin = f.factories.Sysadmin()
    org = f.factories.Organization()
    plan = f.plan(admin, org)
    f.commitment(admin, plan, org, indicators=SEED_INDICATORS)

    page = BeautifulSoup(app.get("/en/commitment/commitment-4").body, "html.parser")
    cards = {
        card.select_one(".opendataplan-kpi__title").text: card
        for card in page.select(".opendataplan-kpi")
    }

    def values(title: str) -> str:
        return " ".join(cards[title].select_one(".opendataplan-kpi__values").get_text(" ").split())

    assert "Last reported value: Not reported" in values("Datasets on the portal")
    assert "Baseline: Not reported" in values("Reuse initiatives")
    assert "Baseline: 0" in values("Workshops held")
    live = cards["Datasets on the portal"].select_one(".opendataplan-kpi__live").get_text(" ")
    assert "Portal: public datasets, counted on this portal now" in " ".join(live.split())
    assert "not one of the values reported above" in live
    assert not cards["Workshops held"].select(".opendataplan-kpi__live")
    ar = BeautifulSoup(app.get("/ar/commitment/commitment-4").body, "html.parser")
    for value in ar.select(".opendataplan-kpi__values strong"):
        assert value.get_text().split(":", 1)[1].strip(), value  # never an empty value
