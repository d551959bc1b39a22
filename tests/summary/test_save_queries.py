"""Keeping the summary costs a save a fixed number of queries, whatever the number of
commitments in the country: a commitment's save, a plan's, a report's."""

from __future__ import annotations

import contextlib
import difflib
import gc
from typing import Any

import ckan.model as model
from ckan.tests import factories, helpers
from sqlalchemy import event

from ckanext.opendataplan.common import compat
from ckanext.opendataplan.summary import keep
from tests import factories_odp as f
from tests.marks import portal

pytestmark = portal


@contextlib.contextmanager
def counting(monkeypatch):
    """The queries of the block (``sql``), and those of the summary's upkeep in it
    (``summary``: what the save's commit adds for it). Each block starts from an empty
    session and the garbage collector stays off in it: what the identity map still holds
    of earlier saves, until a collection drops it, would otherwise spare a block some
    loads, more or fewer by chance."""
    model.Session.remove()
    gc.collect()
    gc.disable()
    counts: dict[str, Any] = {"sql": 0, "summary": 0, "statements": []}
    inside = [False]

    def on_execute(conn, cursor, statement, *args, **kwargs):
        counts["sql"] += 1
        counts["statements"].append(statement.split("\n")[0][:160])
        counts["summary"] += inside[0]

    real = keep.refresh

    def refresh(ids):
        inside[0] = True
        try:
            real(ids)
        finally:
            inside[0] = False

    monkeypatch.setattr(keep, "refresh", refresh)
    event.listen(model.meta.engine, "before_cursor_execute", on_execute)
    try:
        yield counts
    finally:
        event.remove(model.meta.engine, "before_cursor_execute", on_execute)
        monkeypatch.setattr(keep, "refresh", real)
        gc.enable()


def grow(admin: dict, size: int) -> None:
    """A plan of another institution with ``size`` commitments, each with activities."""
    org = factories.Organization()
    plan = f.plan(admin, org, name=f"other-{size}")
    for n in range(size):
        f.commitment(
            admin, plan, org, name=f"other-{size}-{n}", milestones=f.milestones(), progress=n
        )


def saves(admin: dict, plan: dict, commitment: dict, step: int, monkeypatch) -> dict[str, Any]:
    """The queries of a commitment's save, a plan's save and a report's: in all, and
    for the summary."""
    costs = {}
    context = {"user": admin["name"]}
    with counting(monkeypatch) as costs["commitment"]:
        helpers.call_action("package_patch", context, id=commitment["id"], progress=step)
    with counting(monkeypatch) as costs["plan"]:
        helpers.call_action("package_patch", context, id=plan["id"], period_end=f"202{step}-08-31")
    with counting(monkeypatch) as costs["report"]:
        f.report(admin, plan, [{"commitment": commitment["name"], "progress": 20 + step}],
                 name=f"meeting-{step}")  # fmt: skip
    return costs


def extra(alone: dict, crowded: dict) -> str:
    """The statements one block ran and the other did not, for a failure's message."""
    diff = difflib.unified_diff(alone["statements"], crowded["statements"], n=0, lineterm="")
    return "\n".join(diff)


def test_a_save_costs_the_summary_the_same_in_a_country_of_one_commitment_or_many(
    admin, org, plan, monkeypatch
):
    commitment = f.commitment(admin, plan, org, name="mine", milestones=f.milestones(), end_date="")
    saves(admin, plan, commitment, 0, monkeypatch)  # each field then exists: later saves update it
    alone = saves(admin, plan, commitment, 1, monkeypatch)
    grow(admin, 12)
    crowded = saves(admin, plan, commitment, 2, monkeypatch)
    summary = {save: counts["summary"] for save, counts in crowded.items()}
    assert summary == {save: counts["summary"] for save, counts in alone.items()}
    assert all(0 < count <= 8 for count in summary.values())
    if compat.EXTRAS_IN_ROW:  # the whole save too (on 2.11 CKAN's own patch grows by 2)
        for save, counts in crowded.items():
            assert counts["sql"] == alone[save]["sql"], extra(alone[save], counts)
    shown = helpers.call_action("package_show", id=commitment["id"])
    kept = model.Session.get(keep.CommitmentSummary, commitment["id"])
    assert (kept.progress, kept.undated_end.isoformat()) == (shown["progress"], "2022-08-31")
    assert kept.activity_count == len(f.milestones())
