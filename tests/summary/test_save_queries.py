"""Keeping the summary costs a save a fixed number of queries, whatever the number of
commitments in the country: a commitment's save, a plan's, a report's."""

from __future__ import annotations

import contextlib

import ckan.model as model
from ckan.tests import factories, helpers
from sqlalchemy import event

from ckanext.opendataplan.summary import keep
from tests import factories_odp as f
from tests.marks import portal

pytestmark = portal


@contextlib.contextmanager
def counting():
    counts = {"sql": 0}

    def on_execute(*args, **kwargs):
        counts["sql"] += 1

    event.listen(model.meta.engine, "before_cursor_execute", on_execute)
    try:
        yield counts
    finally:
        event.remove(model.meta.engine, "before_cursor_execute", on_execute)


def grow(admin: dict, size: int) -> None:
    """A plan of another institution with ``size`` commitments, each with activities."""
    org = factories.Organization()
    plan = f.plan(admin, org, name=f"other-{size}")
    for n in range(size):
        f.commitment(
            admin, plan, org, name=f"other-{size}-{n}", milestones=f.milestones(), progress=n
        )


def saves(admin: dict, plan: dict, commitment: dict, step: int) -> dict[str, int]:
    """The queries of a commitment's save, a plan's save and a report's."""
    costs = {}
    context = {"user": admin["name"]}
    with counting() as counts:
        helpers.call_action("package_patch", context, id=commitment["id"], progress=step)
    costs["commitment"] = counts["sql"]
    with counting() as counts:
        helpers.call_action("package_patch", context, id=plan["id"], period_end=f"202{step}-08-31")
    costs["plan"] = counts["sql"]
    with counting() as counts:
        f.report(admin, plan, [{"commitment": commitment["name"], "progress": 20 + step}],
                 name=f"meeting-{step}")  # fmt: skip
    costs["report"] = counts["sql"]
    with counting() as counts:
        keep.refresh([commitment["id"], plan["id"]])
    costs["refresh"] = counts["sql"]
    return costs


def test_a_save_costs_the_same_in_a_country_of_one_commitment_or_many(admin, org, plan):
    commitment = f.commitment(admin, plan, org, name="mine", milestones=f.milestones(), end_date="")
    alone = saves(admin, plan, commitment, 1)
    grow(admin, 12)
    crowded = saves(admin, plan, commitment, 2)
    assert crowded == alone
    assert alone["refresh"] <= 7
    shown = helpers.call_action("package_show", id=commitment["id"])
    kept = model.Session.get(keep.CommitmentSummary, commitment["id"])
    assert (kept.progress, kept.undated_end.isoformat()) == (shown["progress"], "2022-08-31")
