"""The cached figures' generation moves on once a change is committed, never before:
not when a savepoint is released (CKAN 2.12's package_update runs in one), not for a
change that touches nothing the figures read."""

from __future__ import annotations

import datetime as dt

import ckan.model as model
import pytest

from ckanext.opendataplan.common import cache
from ckanext.opendataplan.model import ProgressSnapshot

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db")


def snapshot() -> ProgressSnapshot:
    return ProgressSnapshot(
        commitment_id="c",
        date=dt.date(2020, 1, 1),
        progress=5,
        completion_level="limited",
        source="edit",
    )


def test_released_savepoint_is_not_a_commit():
    before = cache.generation()
    nested = model.Session.begin_nested()
    model.Session.add(snapshot())
    model.Session.flush()
    nested.commit()

    assert cache.generation() == before  # readers would still read the old data
    model.Session.commit()
    assert cache.generation() == before + 1


def test_a_commit_of_nothing_watched_leaves_the_figures():
    before = cache.generation()
    model.Session.add(model.Tag(name="unrelated"))
    model.Session.commit()

    assert cache.generation() == before


def test_cached_answers_follow_the_generation():
    calls = []

    def compute() -> dict:
        calls.append(1)
        return {"day": dt.date(2020, 1, 1), "n": len(calls)}

    first = cache.cached("probe", {"a": 1}, compute)
    again = cache.cached("probe", {"a": 1}, compute)
    other = cache.cached("probe", {"a": 2}, compute)
    cache.invalidate()
    renewed = cache.cached("probe", {"a": 1}, compute)

    assert first == again == {"day": "2020-01-01", "n": 1}  # dates as ISO text
    assert other["n"] == 2 and renewed["n"] == 3


def test_one_entry_per_page_and_parameters_whatever_the_saves():
    from ckan.lib.redis import connect_to_redis

    for n in range(3):
        cache.cached("probe-saves", {"a": 1}, lambda n=n: {"n": n})
        cache.invalidate()  # a save
    keys = list(connect_to_redis().scan_iter(cache.redis_key("figures", "probe-saves", "*")))

    assert len(keys) == 1
    assert cache.cached("probe-saves", {"a": 1}, lambda: {"n": "new"}) == {"n": "new"}


def test_readers_of_one_page_wait_for_the_first_to_compute_it():
    import threading
    import time

    calls, answers = [], []

    def slow() -> dict:
        calls.append(1)
        time.sleep(0.5)
        return {"n": len(calls)}

    def read() -> None:
        answers.append(cache.cached("probe-wait", {"a": 1}, slow))
        model.Session.remove()  # each thread's own session, closed

    cache.invalidate()  # a save: the next readers find no answer for this generation
    readers = [threading.Thread(target=read) for _ in range(4)]
    for reader in readers:
        reader.start()
    for reader in readers:
        reader.join()

    assert calls == [1]
    assert answers == [{"n": 1}] * 4


def test_a_bulk_update_moves_the_generation_on():
    """CKAN 2.11's organization bulk actions update the package table directly, past the
    unit of work, as this does."""
    from ckan.tests import factories

    dataset = factories.Dataset(owner_org=factories.Organization()["id"])
    before = cache.generation()
    model.Session.query(model.Package).filter(model.Package.id == dataset["id"]).update(
        {"private": True}, synchronize_session=False
    )
    model.Session.commit()

    assert cache.generation() > before
