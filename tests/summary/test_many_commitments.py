"""The country-wide pages ask the history about every commitment at once: beyond a few
hundred the snapshots are found by a join rather than a list of ids, and answer exactly
as the list does, for the commitments asked about only."""

from __future__ import annotations

import datetime as dt

import pytest

from ckanext.opendataplan.model import progress_snapshot
from tests import factories_odp as f
from tests.marks import portal

pytestmark = portal
TODAY = dt.date.today()


@pytest.fixture
def history(admin, org, plan) -> dict[str, list[str]]:
    asked = [f.commitment(admin, plan, org, name=f"asked-{n}") for n in range(3)]
    other = f.commitment(admin, plan, org, name="not-asked")
    for n, meeting in enumerate(("2021-03-31", "2022-06-30")):
        names = [c["name"] for c in (*asked, other)]
        updates = [{"commitment": name, "progress": 10 * n + i} for i, name in enumerate(names)]
        f.report(admin, plan, updates[n:], name=f"meeting-{n}", meeting_date=meeting)
    return {"asked": [c["id"] for c in asked], "other": [other["id"]]}


def _answers(ids: list[str]) -> list[dict]:
    day = dt.date(2021, 12, 31)
    return [
        progress_snapshot.last_reports(ids),
        progress_snapshot.last_reports(ids, day),
        {cid: (s.date, s.progress) for cid, s in progress_snapshot.as_of(ids, day).items()},
        {cid: (s.date, s.progress) for cid, s in progress_snapshot.as_of(ids, TODAY).items()},
    ]


def test_many_commitments_are_read_by_a_join_with_the_same_answers(history, monkeypatch):
    by_ids = _answers(history["asked"])
    monkeypatch.setattr(progress_snapshot, "MANY", 0)

    assert _answers(history["asked"]) == by_ids
    assert all(set(answer) <= set(history["asked"]) for answer in by_ids)
    assert set(by_ids[0]) == set(history["asked"])  # each reported at least once
