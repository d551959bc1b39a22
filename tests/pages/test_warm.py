"""After a committed change the job worker computes the country-wide pages again, so
that the first visitor after a save reads them from the cache."""

from __future__ import annotations

import pytest
from ckan.lib import jobs
from ckan.lib.redis import connect_to_redis

from ckanext.opendataplan.common import cache
from ckanext.opendataplan.pages import figures, institutions, late, overview
from tests import factories_odp as f
from tests.marks import portal

pytestmark = [*portal, pytest.mark.usefixtures("clean_queues")]

WARM = "ckanext.opendataplan.pages.figures.warm"


@pytest.fixture
def nothing_queued() -> None:
    connect_to_redis().delete(figures._queued_key())


def queued() -> list[str]:
    return [job.func_name for job in jobs.get_queue().jobs]


@pytest.mark.usefixtures("nothing_queued")
def test_a_burst_of_saves_queues_one_warm_job(admin, org, plan):
    f.commitment(admin, plan, org, name="first", progress=10)
    f.commitment(admin, plan, org, name="second", progress=20)

    assert queued() == [WARM]


@pytest.mark.usefixtures("nothing_queued")
def test_a_save_after_the_job_started_queues_another(admin, org, plan):
    f.commitment(admin, plan, org, name="first", progress=10)
    jobs.get_queue().empty()
    figures.warm()  # the worker takes the job

    f.commitment(admin, plan, org, name="second", progress=20)

    assert queued() == [WARM]


@pytest.mark.usefixtures("nothing_queued")
@pytest.mark.ckan_config("ckanext.opendataplan.warm_after_change", False)
def test_nothing_is_queued_when_warming_is_off(admin, org, plan):
    f.commitment(admin, plan, org, progress=10)

    assert queued() == []


def test_after_the_job_the_pages_compute_nothing(app, admin, org, plan, monkeypatch):
    f.commitment(admin, plan, org, name="warmed", progress=40)
    cache.invalidate()
    figures.warm()

    def refuse(*_: object, **__: object) -> None:
        raise AssertionError("computed on a visit although the job had computed it")

    for module in (overview, late, institutions):
        monkeypatch.setattr(module, "build", refuse)
    monkeypatch.setattr(late, "page", refuse)
    for lang in ("ar", "fr", "en"):
        assert "40" in app.get(f"/{lang}/progress").body
        app.get(f"/{lang}/progress/late")
    app.get("/ar/progress/institutions")
    assert app.get("/progress.json").json["progress"] == 40


def test_the_warm_command_computes_the_pages(cli, admin, org, plan):
    from ckan.cli.cli import ckan

    f.commitment(admin, plan, org, progress=40)

    result = cli.invoke(ckan, ["opendataplan", "warm"])

    assert result.exit_code == 0, result.output
    assert "3 languages (ar fr en)" in result.output
