"""A change of completion bands re-levels indexed commitments only once rebuilt: by hand
(`ckan opendataplan rebuild`) or by the job a web worker queues when it starts with
other settings than the index was built with."""

from __future__ import annotations

import pytest
from ckan.lib import jobs
from ckan.tests import helpers

from ckanext.opendataplan.progress import rebuild
from tests import factories_odp as f

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db")


def indexed_level(name: str) -> str:
    found = helpers.call_action("package_search", fq=f"name:{name}", include_private=True)
    return found["results"][0]["completion_level"]


def test_rebuild_relevels_what_the_bands_changed(admin, org, plan, ckan_config, monkeypatch):
    f.commitment(admin, plan, org, name="forty", progress=40)
    assert indexed_level("forty") == "limited"  # bands 1 50 100

    monkeypatch.setitem(ckan_config, "ckanext.opendataplan.completion_bands", "1 30 100")
    assert indexed_level("forty") == "limited"  # the index is as it was built

    assert rebuild.rebuild() >= 2  # the plan and its commitment
    assert indexed_level("forty") == "substantial"


@pytest.mark.usefixtures("clean_queues")
def test_a_worker_started_with_other_settings_queues_one_rebuild(ckan_config, monkeypatch):
    rebuild.enqueue_if_settings_changed()  # the settings of this run, remembered
    assert not rebuild.enqueue_if_settings_changed()  # no change: nothing queued
    assert jobs.get_queue().count == 0

    monkeypatch.setitem(ckan_config, "ckanext.opendataplan.completion_bands", "1 40 100")
    assert rebuild.enqueue_if_settings_changed()
    assert not rebuild.enqueue_if_settings_changed()  # the next worker sees it done
    assert [job.func_name for job in jobs.get_queue().jobs] == [
        "ckanext.opendataplan.progress.rebuild.rebuild"
    ]
