"""Publishing a report reindexes its commitments and plan in one Solr request, and the
documents are the ones a full reindex of each package would write."""

from __future__ import annotations

import datetime as dt
import json

import ckan.model as model
import pysolr
import pytest
from ckan.lib import search
from ckan.lib.search.common import make_connection
from ckan.tests import helpers

from ckanext.opendataplan.common import search_batch
from tests import factories_odp as f
from tests.marks import portal

pytestmark = portal

VOLATILE = ("_version_", "indexed_ts")


def today() -> str:
    """Read when used: a suite running past midnight must not compare two days."""
    return dt.date.today().isoformat()


def indexed(package_id: str) -> dict:
    [doc] = make_connection(decode_dates=False).search(q=f'id:"{package_id}"', fl="*").docs
    doc = {key: value for key, value in doc.items() if key not in VOLATILE}
    for key in ("data_dict", "validated_data_dict"):
        doc[key] = json.loads(doc[key])
    return doc


@pytest.fixture
def three(admin, org, plan):
    return [
        f.commitment(admin, plan, org, name=f"b{n}", number=str(n), progress=10 * n)
        for n in range(3)
    ]


@pytest.fixture
def solr_adds(monkeypatch):
    """How many add requests reach Solr, and with how many documents each."""
    sizes: list[int] = []
    add = pysolr.Solr.add

    def counted(self, docs, *args, **kwargs):
        sizes.append(len(docs))
        return add(self, docs, *args, **kwargs)

    monkeypatch.setattr(pysolr.Solr, "add", counted)
    return sizes


def test_a_report_reaches_solr_in_one_request(admin, plan, three, solr_adds):
    f.report(
        admin,
        plan,
        [{"commitment": c["name"], "progress": 55} for c in three],
        meeting_date=today(),
    )
    batched = [size for size in solr_adds if size > 1]
    assert batched == [len(three) + 1]  # the commitments and their plan, together
    found = helpers.call_action("package_search", fq="dataset_type:commitment", rows=10)
    assert {c["name"]: c["progress"] for c in found["results"]} == {c["name"]: 55 for c in three}


def test_the_batched_documents_are_those_of_a_full_reindex(admin, plan, three):
    f.report(
        admin,
        plan,
        [{"commitment": c["name"], "progress": 70} for c in three],
        meeting_date=today(),
    )
    ids = [plan["id"], *(c["id"] for c in three)]
    batched = {package_id: indexed(package_id) for package_id in ids}
    for package_id in ids:
        search.rebuild(package_id)
    assert {package_id: indexed(package_id) for package_id in ids} == batched
    assert batched[three[0]["id"]]["validated_data_dict"]["progress"] == 70


def test_a_changed_row_is_read_from_the_database_not_the_index(three):
    package_id = three[0]["id"]
    assert "validated_data_dict" not in search_batch.unchanged_documents([package_id])[package_id]
    package = model.Package.get(package_id)
    package.notes = "Changed since it was indexed"
    package.metadata_modified = dt.datetime.utcnow()
    model.Session.flush()
    assert search_batch.unchanged_documents([package_id]) == {}
    model.Session.rollback()


def test_nothing_reaches_solr_when_the_block_fails(solr_adds, admin, plan, three):
    solr_adds.clear()  # creating the fixtures indexed them
    with pytest.raises(RuntimeError), search_batch.one_request():
        search_batch.reindex([three[0]["id"]])
        raise RuntimeError("the action failed")
    assert solr_adds == []
