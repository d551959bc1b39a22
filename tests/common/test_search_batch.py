"""Publishing a report reindexes its commitments and plan in one Solr request, with no
commitment dictized again, reading the database as often for 8 updates as for 2; and
the documents are the ones a full reindex of each package would write, on both CKAN
lines (on 2.12 from the two dicts Solr keeps, their show hooks run again)."""

from __future__ import annotations

import collections
import contextlib
import datetime as dt
import json
import sys

import ckan.lib.plugins as lib_plugins
import ckan.model as model
import pysolr
import pytest
from ckan.lib import jobs, search
from ckan.lib.dictization import model_dictize
from ckan.lib.search.common import make_connection
from ckan.tests import helpers
from sqlalchemy import event

from ckanext.opendataplan.common import compat, search_batch
from ckanext.opendataplan.plans import indexing
from tests import factories_odp as f
from tests.marks import portal

pytestmark = portal

VOLATILE = ("_version_", "indexed_ts")


def today() -> str:
    """Read when used: a suite running past midnight must not compare two days."""
    return dt.date.today().isoformat()


def indexed(package_id: str) -> dict:
    """The stored document, its dicts parsed. The order of ``data_dict``'s extras is left
    out: on CKAN 2.12 it is the order of the row's JSONB column when the package was read
    from the database, and of the saved dict when it was indexed in the save itself, so
    CKAN's own indexing gives either."""
    [doc] = make_connection(decode_dates=False).search(q=f'id:"{package_id}"', fl="*").docs
    doc = {key: value for key, value in doc.items() if key not in VOLATILE}
    for key in ("data_dict", "validated_data_dict"):
        doc[key] = json.loads(doc[key])
    if isinstance(doc["data_dict"].get("extras"), list):
        doc["data_dict"]["extras"].sort(key=lambda extra: extra["key"])
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


def differences(found: dict, expected: dict) -> dict:
    """Per package, the document fields (and the shown dicts' keys) that differ."""
    out = {}
    for package_id, doc in expected.items():
        other = found.get(package_id, {})
        keys = {k for k in doc.keys() | other.keys() if doc.get(k) != other.get(k)}
        for dict_key in {"data_dict", "validated_data_dict"} & keys:
            a, b = doc.get(dict_key) or {}, other.get(dict_key) or {}
            keys.remove(dict_key)
            keys |= {
                f"{dict_key}.{k}: {a.get(k)!r} != {b.get(k)!r}"
                for k in a.keys() | b.keys()
                if a.get(k) != b.get(k)
            }
        if keys:
            out[package_id] = sorted(keys)
    return out


def commitments(admin, org, plan, count: int, prefix: str = "k") -> list[dict]:
    """Commitments with what their shown dict derives from other tables: activities
    (overdue flags), a live indicator, a figure set by hand; every other one without
    its own end date (its plan's is read)."""
    made = []
    for n in range(count):
        fields = {
            "name": f"{prefix}{n}",
            "number": str(n + 1),
            "progress": 5 * n,
            "milestones": f.milestones(),
            "indicators": [
                {"title": "Datasets", "baseline": 1, "target": 9, "source": "portal_datasets"}
            ],
        }
        if n % 2:
            fields["end_date"] = ""
        made.append(f.commitment(admin, plan, org, **fields))
    return made


@contextlib.contextmanager
def counting():
    """SQL statements, Solr add requests (documents each), the packages dictized (and of
    those, the ones dictized by ``search_batch.reindex``), and those validated with
    their type's show schema (CKAN 2.11's indexer does it to each document it sends;
    2.12's ``package_show``), and the documents built (by package name)."""
    counts = {
        "sql": 0,
        "adds": [],
        "dictized": collections.Counter(),
        "reindexed": collections.Counter(),
        "validated": collections.Counter(),
        "indexed": collections.Counter(),
    }

    def on_execute(*_args, **_kwargs):
        counts["sql"] += 1

    def dictize(pkg, context, *args, **kwargs):
        counts["dictized"][pkg.id] += 1
        frame = sys._getframe()
        while frame is not None and frame.f_code is not search_batch.reindex.__code__:
            frame = frame.f_back
        counts["reindexed"][pkg.id] += frame is not None
        return real_dictize(pkg, context, *args, **kwargs)

    def add(self, docs, *args, **kwargs):
        counts["adds"].append(len(docs))
        return real_add(self, docs, *args, **kwargs)

    def index_package(self, pkg_dict, *args, **kwargs):
        counts["indexed"][pkg_dict["name"]] += 1
        return real_index(self, pkg_dict, *args, **kwargs)

    def validate(plugin, context, data_dict, schema, action):
        if action == "package_show":
            counts["validated"][data_dict.get("id")] += 1
        return real_validate(plugin, context, data_dict, schema, action)

    real_dictize, real_add = model_dictize.package_dictize, pysolr.Solr.add
    real_validate = lib_plugins.plugin_validate
    real_index = search.index.PackageSearchIndex.index_package
    search.index.PackageSearchIndex.index_package = index_package
    engine = model.meta.engine
    event.listen(engine, "before_cursor_execute", on_execute)
    model_dictize.package_dictize, pysolr.Solr.add = dictize, add
    lib_plugins.plugin_validate = validate
    try:
        yield counts
    finally:
        model_dictize.package_dictize, pysolr.Solr.add = real_dictize, real_add
        lib_plugins.plugin_validate = real_validate
        search.index.PackageSearchIndex.index_package = real_index
        event.remove(engine, "before_cursor_execute", on_execute)


def publish(admin, plan, made: list[dict], value: int, name: str) -> dict:
    updates = [{"commitment": c["name"], "progress": value} for c in made]
    return f.report(admin, plan, updates, name=name, meeting_date=today())


def test_no_commitment_is_dictized_again_and_solr_gets_one_request(admin, org, plan):
    made = commitments(admin, org, plan, 4)
    publish(admin, plan, made, 30, "first")
    with counting() as counts:
        publish(admin, plan, made, 40, "second")
    assert not {c["id"] for c in made} & set(counts["dictized"])
    assert counts["dictized"][plan["id"]] == 0
    assert not {plan["id"], *(c["id"] for c in made)} & set(counts["validated"])
    assert counts["adds"] == [len(made) + 2]  # the report, its commitments and the plan
    # CKAN 2.11 indexes a new package as new, then as changed through its new extras
    assert counts["indexed"]["second"] == 1
    found = helpers.call_action("package_search", fq="dataset_type:commitment", rows=10)
    assert {c["name"]: c["progress"] for c in found["results"]} == {c["name"]: 40 for c in made}
    found = helpers.call_action("package_search", fq="dataset_type:progress_report", rows=10)
    assert {r["name"] for r in found["results"]} == {"first", "second"}  # searchable at once


def test_a_publish_reads_the_database_as_often_for_8_updates_as_for_2(admin, org, plan):
    small = commitments(admin, org, plan, 2, prefix="s")
    large = commitments(admin, org, plan, 8, prefix="l")
    publish(admin, plan, [*small, *large], 10, "before")  # every one has a figure
    costs = {}
    for label, made in (("small", small), ("large", large)):
        publish(admin, plan, made, 50, f"warm-{label}")  # what the session keeps, kept alike
        with counting() as counts:
            publish(admin, plan, made, 60, f"flat-{label}")
        costs[label] = counts["sql"]
    assert costs["large"] == costs["small"], costs


def test_the_documents_are_those_of_a_full_reindex(admin, org, plan):
    made = commitments(admin, org, plan, 4)
    publish(admin, plan, made, 30, "first")
    publish(admin, plan, made, 30, "second")  # no progress since the last report: a flag
    ids = [plan["id"], *(c["id"] for c in made)]
    batched = {package_id: indexed(package_id) for package_id in ids}
    for package_id in ids:
        search.rebuild(package_id)
    rebuilt = {package_id: indexed(package_id) for package_id in ids}
    assert differences(rebuilt, batched) == {}
    shown = batched[made[1]["id"]]["validated_data_dict"]
    assert (shown["progress"], shown["progress_as_of"]) == (30, today())
    if compat.INDEXED_BY_ACTIONS:  # 2.12 indexes what the show hooks add; 2.11 does not
        assert shown["flags"]["no_progress_since_last_report"] is True
        assert shown["indicators"][0]["live"] is True


def test_a_withdrawn_figure_is_read_from_the_commitment_again(admin, org, plan):
    """A commitment created with no figure, whose only figure was the deleted report's:
    it has none again, which CKAN 2.12's kept dict (holding 80) cannot tell, so there it
    is dictized again (2.11 keeps the raw dict, without figures: it serves)."""
    made = f.commitment(admin, plan, org, name="w0", number="1")
    report = publish(admin, plan, [made], 80, "withdrawn")
    assert indexed(made["id"])["validated_data_dict"]["progress"] == 80
    with counting() as counts:
        helpers.call_action("package_delete", {"user": admin["name"]}, id=report["id"])
    assert counts["dictized"][made["id"]] >= (1 if compat.INDEXED_BY_ACTIONS else 0)
    batched = indexed(made["id"])
    assert batched["validated_data_dict"]["progress"] is None
    search.rebuild(made["id"])
    assert indexed(made["id"]) == batched


def test_a_changed_row_is_dictized_again(admin, org, plan):
    """A row changed outside the actions (CKAN 2.11 reindexes it when the change is
    committed, 2.12 does not): the publish reads it from the database on 2.12."""
    [made] = commitments(admin, org, plan, 1, prefix="c")
    package = model.Package.get(made["id"])
    package.notes = "Changed since it was indexed"
    package.metadata_modified = dt.datetime.utcnow()
    model.repo.commit()
    with counting() as counts:
        publish(admin, plan, [made], 70, "changed")
    assert counts["dictized"][made["id"]] >= (1 if compat.INDEXED_BY_ACTIONS else 0)
    assert indexed(made["id"])["data_dict"]["notes"] == "Changed since it was indexed"


def test_a_changed_row_is_read_from_the_database_not_the_index(three):
    package_id = three[0]["id"]
    shown, validated = search_batch.unchanged_pairs([package_id])[package_id]
    assert "validated_data_dict" not in shown
    assert validated["id"] == package_id
    package = model.Package.get(package_id)
    package.notes = "Changed since it was indexed"
    package.metadata_modified = dt.datetime.utcnow()
    model.Session.flush()
    assert search_batch.unchanged_pairs([package_id]) == {}
    model.Session.rollback()


def test_nothing_reaches_solr_when_the_block_fails(solr_adds, admin, plan, three):
    solr_adds.clear()  # creating the fixtures indexed them
    with pytest.raises(RuntimeError), search_batch.one_request():
        search_batch.reindex([three[0]["id"]])
        raise RuntimeError("the action failed")
    assert solr_adds == []


def test_a_meeting_sends_one_request_and_the_documents_of_a_full_reindex(admin, org, plan):
    """``opendataplan_meeting_record``: the commitments whose activities the meeting
    changed are indexed by their patch; their report then reindexes every commitment it
    updates from what is indexed already: the others from Solr, the patched ones (on
    CKAN 2.12) from the patch's document in the open batch. (CKAN 2.11 indexes a patch
    when the meeting commits, after the report: there the report reads the row.)"""
    made = commitments(admin, org, plan, 4, prefix="m")
    publish(admin, plan, made, 20, "earlier")  # every one has a figure
    updates = [{"commitment": c["id"], "progress": 50} for c in made]
    updates[0]["activities"] = [{"index": 2, "status": "complete"}]
    with counting() as counts:
        helpers.call_action(
            "opendataplan_meeting_record",
            {"user": admin["name"]},
            plan=plan["name"],
            meeting_date=today(),
            updates=updates,
        )
    untouched = {c["id"] for c in made[1:]} | {plan["id"]}
    assert not untouched & set(counts["dictized"])
    assert not untouched & set(counts["validated"])
    if compat.INDEXED_BY_ACTIONS:  # the patch's own document serves the report
        assert counts["reindexed"][made[0]["id"]] == 0
        assert counts["dictized"][made[0]["id"]] > 0  # by the patch itself
    assert len(counts["adds"]) == 1
    ids = [plan["id"], *(c["id"] for c in made)]
    batched = {package_id: indexed(package_id) for package_id in ids}
    for package_id in ids:
        search.rebuild(package_id)
    assert differences({package_id: indexed(package_id) for package_id in ids}, batched) == {}
    assert batched[made[0]["id"]]["validated_data_dict"]["milestones"][2]["status"] == "complete"
    assert {batched[c["id"]]["validated_data_dict"]["progress"] for c in made} == {50}


@pytest.mark.ckan_config("ckanext.opendataplan.line_max_length", 50_000)
def test_a_save_solr_refuses_leaves_the_index_as_the_database_after_its_job(
    admin, org, plan, monkeypatch
):
    """Solr adds a request's documents until one fails (SolrCloud: each shard's apart),
    so a refused report can leave its commitments' new figures searchable while the
    database undoes it: the job queued by the refusal puts back what is committed."""
    made = commitments(admin, org, plan, 3, prefix="x")
    publish(admin, plan, made, 30, "accepted")
    jobs.get_queue().empty()
    # the report's own document, as Solr refuses one: a term too long for its index
    monkeypatch.setattr(indexing, "drop_every_unindexable_term", lambda pkg_dict: pkg_dict)
    too_long = {"name": "minutes", "url": "http://example.invalid/" + "a" * 40_000}
    updates = [{"commitment": c["name"], "progress": 77} for c in made]
    with pytest.raises(search.SearchIndexError):
        f.report(admin, plan, updates, name="refused", meeting_date=today(), resources=[too_long])
    model.Session.rollback()

    [job] = jobs.get_queue().jobs
    job.perform()
    make_connection().commit()

    found = helpers.call_action("package_search", fq="dataset_type:commitment", rows=10)
    assert {c["name"]: c["progress"] for c in found["results"]} == {c["name"]: 30 for c in made}
    [indexed_plan] = helpers.call_action("package_search", fq="dataset_type:plan")["results"]
    assert indexed_plan["progress"] == 30
    reports = helpers.call_action("package_search", fq="dataset_type:progress_report")
    assert [r["name"] for r in reports["results"]] == ["accepted"]


@pytest.mark.ckan_config("ckanext.opendataplan.line_max_length", 50_000)
def test_a_package_solr_refuses_whatever_its_state_queues_one_job_not_a_chain(
    admin, org, plan, monkeypatch
):
    """A stored package Solr refuses (here: a term too long, were it not left out): its
    save queues the restore job, which Solr refuses too; the job fails and queues
    nothing (a job queuing a job would run for ever)."""
    too_long = {"name": "annex", "url": "http://example.invalid/" + "a" * 40_000}
    made = f.commitment(admin, plan, org, name="refused", resources=[too_long])
    monkeypatch.setattr(indexing, "drop_every_unindexable_term", lambda pkg_dict: pkg_dict)
    jobs.get_queue().empty()
    with pytest.raises(search.SearchIndexError):
        helpers.call_action("package_patch", {"user": admin["name"]}, id=made["id"], notes="x")
    model.Session.rollback()
    [job] = jobs.get_queue().jobs
    jobs.get_queue().empty()

    with pytest.raises(search.SearchIndexError):
        job.perform()
    assert jobs.get_queue().count == 0


def test_free_extras_solr_reads_as_numbers_or_dates_never_undo_a_save(admin, org, plan):
    """CKAN copies each extra to a field of its name: Solr's own ``_version_`` (a write
    it would refuse), an integer field, a date with its offset (Solr takes UTC)."""
    extras = [
        {"key": "_version_", "value": "-1"},
        {"key": "views_total", "value": "many"},
        {"key": "signed_date", "value": "2024-01-01T00:30:00+01:00"},
        {"key": "seen_date", "value": "not a date"},
    ]
    made = f.commitment(admin, plan, org, name="with-extras", extras=extras)
    helpers.call_action("package_patch", {"user": admin["name"]}, id=made["id"], notes="Twice")

    found = helpers.call_action(
        "package_search", fq="signed_date:[2023-12-31T23:00:00Z TO 2023-12-31T23:45:00Z]"
    )
    assert [c["name"] for c in found["results"]] == ["with-extras"]
    assert found["results"][0]["notes"] == "Twice"
