"""The overview, late-activities, plan and commitment pages cost the same number of
database queries and search calls whether a plan has 5 commitments or 50."""

from __future__ import annotations

import contextlib

import ckan
import ckan.lib.search.query as search_query
import ckan.model as model
import pytest
from ckan.common import config
from sqlalchemy import event

from tests import factories_odp as f
from tests.marks import COORDINATOR, ReadOnlyStartingPoint, portal

pytestmark = portal


@contextlib.contextmanager
def counting(monkeypatch):
    counts = {"sql": 0, "search": 0}

    def on_execute(*args, **kwargs):
        counts["sql"] += 1

    real_run = search_query.PackageSearchQuery.run

    def run(self, *args, **kwargs):
        counts["search"] += 1
        return real_run(self, *args, **kwargs)

    monkeypatch.setattr(search_query.PackageSearchQuery, "run", run)
    engine = model.meta.engine
    event.listen(engine, "before_cursor_execute", on_execute)
    try:
        yield counts
    finally:
        event.remove(engine, "before_cursor_execute", on_execute)


def plan_with(admin, org, name: str, size: int, extras: int = 1) -> None:
    """A plan of ``size`` commitments, and ``extras`` of what the pages also read: its
    progress reports (each updates every commitment) and datasets published under its
    commitment c1."""
    plan = f.plan(admin, org, name=name)
    for n in range(size):
        f.commitment(
            admin,
            plan,
            org,
            name=f"{name}-c{n}",
            number=str(n),
            milestones=[
                {
                    "title": "a",
                    "start_date": "2019-01-01",
                    "end_date": "2019-06-30",
                    "status": "in_progress",
                    "progress": n % 100,
                },
                {
                    "title": "b",
                    "start_date": "2019-07-01",
                    "end_date": "2019-12-31",
                    "status": "not_started",
                    "progress": 0,
                },
            ],
        )
    for n in range(extras):
        updates = [{"commitment": f"{name}-c{c}", "progress": 10 + n} for c in range(size)]
        f.report(admin, plan, updates, name=f"{name}-r{n}", meeting_date=f"202{n}-06-30")
        f.factories.Dataset(owner_org=org["id"], commitment=f"{name}-c1", name=f"{name}-d{n}")


# What each page may cost at most, whatever the plan's size (CKAN's own page furniture
# included): a regression that adds queries fails here even when it adds them equally.
# Measured on CKAN 2.11.6 (2026-11-26).
SQL_BUDGET = {
    "/en/progress": 6,
    "/en/progress/late": 6,
    "/en/progress/institutions": 6,
    "/en/progress?as_of=2021-01-01": 6,
    "/en/progress/late?as_of=2021-01-01": 6,
    "/en/progress/institutions?as_of=2021-01-01&sort=coverage": 6,
    # +2 (+3 on 2.11): which rows this reader may see; +1: which figure stands
    # measured 21 on CKAN 2.11 since the minutes and the institutions' titles by language
    # (2026-12-06), 18 on 2.12; flat in the number of commitments on both
    "/en/progress_report/{name}-r0": 21 if ckan.__version__.startswith("2.11") else 18,
    "/en/plan/{name}": 36,
    "/en/commitment/{name}-c1": 39,
}
SEARCH_BUDGET = {
    "/en/progress": 2,
    "/en/progress/late": 0,
    "/en/progress/institutions": 0,
    "/en/progress?as_of=2021-01-01": 2,
    "/en/progress/late?as_of=2021-01-01": 0,
    "/en/progress/institutions?as_of=2021-01-01&sort=coverage": 0,
    # measured 21 on CKAN 2.11 since the minutes and the institutions' titles by language
    # (2026-12-06), 18 on 2.12; flat in the number of commitments on both
    "/en/progress_report/{name}-r0": 21 if ckan.__version__.startswith("2.11") else 18,
    "/en/plan/{name}": 4,
    "/en/commitment/{name}-c1": 5,
}


def cost(app, monkeypatch, url: str) -> dict[str, int]:
    app.get(url)  # warm caches (templates, assets, config) before counting
    with counting(monkeypatch) as counts:
        assert app.get(url).status_code == 200
    return dict(counts)


class TestPagesCostTheSameFor5Or50Commitments(ReadOnlyStartingPoint):
    @pytest.fixture(scope="class")
    def costs(self, portal_app, admin, org) -> dict[str, tuple[dict, dict]]:
        """Each page's cost in a country of one plan of 5 commitments, then once a plan
        of 50 has joined it (the country-wide pages count both)."""
        with pytest.MonkeyPatch.context() as patch:
            patch.setitem(config, "ckanext.opendataplan.coordinating_bodies", COORDINATOR)
            # two reports at least: the plan page compares its last two meetings
            plan_with(admin, org, "small", 5, extras=2)
            small = {url: cost(portal_app, patch, url.format(name="small")) for url in SQL_BUDGET}
            plan_with(admin, org, "large", 50, extras=3)
            large = {url: cost(portal_app, patch, url.format(name="large")) for url in SQL_BUDGET}
        return {url: (small[url], large[url]) for url in SQL_BUDGET}

    @pytest.mark.parametrize("url", list(SQL_BUDGET))
    def test_page_cost_does_not_grow_with_commitments(self, costs, url):
        small, large = costs[url]
        assert large == small
        assert small["sql"] <= SQL_BUDGET[url] and small["search"] <= SEARCH_BUDGET[url], small


def inventory_with(admin, org, commitment: dict, name: str, size: int) -> None:
    import io

    from werkzeug.datastructures import FileStorage

    inventory = f.inventory(admin, org, name=name)
    lines = ["reference,title_fr,quality,demand,restriction,commitment"]
    for n in range(size):
        restriction = "security" if n % 4 == 0 else "none"
        lines.append(f"R{n},Jeu {n},{n % 5 + 1},{n % 9},{restriction},{commitment['name']}")
    upload = FileStorage(io.BytesIO("\n".join(lines).encode()), filename="items.csv")
    result = f.helpers.call_action(
        "opendataplan_inventory_import",
        {"user": admin["name"]},
        inventory=inventory["name"],
        upload=upload,
    )
    assert result["created"] == size
    items = f.helpers.call_action(
        "opendataplan_inventory_item_list", {"user": admin["name"]}, inventory=name
    )
    for item in [i for i in items if i["restriction"] == "none"][:3]:
        f.helpers.call_action(
            "opendataplan_inventory_item_promote", {"user": admin["name"]}, id=item["id"]
        )


def test_inventory_page_cost_does_not_grow_with_items(app, monkeypatch, admin, org, plan):
    commitment = f.commitment(admin, plan, org)
    inventory_with(admin, org, commitment, "small-inventory", 5)
    small = cost(app, monkeypatch, "/en/inventory/small-inventory")
    inventory_with(admin, org, commitment, "large-inventory", 50)
    large = cost(app, monkeypatch, "/en/inventory/large-inventory")

    assert large == small


def _computed(monkeypatch) -> dict[str, dict[str, int]]:
    """What the country-wide figures cost to compute (not read from the cache), as they
    stood on a past day, with each institution's change since the previous quarter."""
    from ckanext.opendataplan.pages import institutions, late, overview

    builds = {
        "overview": lambda: overview.build(as_of="2021-01-01"),
        "late": lambda: late.build(as_of="2021-01-01"),
        "institutions": lambda: institutions.build(sort="coverage", as_of="2021-01-01"),
    }
    found = {}
    for name, build in builds.items():
        with counting(monkeypatch) as counts:
            build()
        found[name] = dict(counts)
    return found


def test_figures_as_of_a_day_cost_the_same_for_5_or_50_commitments(app, monkeypatch, admin, org):
    plan_with(admin, org, "small", 5, extras=2)
    small = _computed(monkeypatch)
    plan_with(admin, org, "large", 50, extras=3)
    large = _computed(monkeypatch)

    assert large == small
    assert all(cost["sql"] <= 8 and cost["search"] == 0 for cost in small.values()), small
