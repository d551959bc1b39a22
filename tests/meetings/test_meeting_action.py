"""``opendataplan_meeting_record``: a meeting's report, its activities' statuses and its
minutes in one call, all or nothing, with the separate actions' permission checks."""

from __future__ import annotations

import datetime as dt
import io

import ckan.model as model
import pytest
from ckan.logic import NotFound, ValidationError
from ckan.tests import factories, helpers
from werkzeug.datastructures import FileStorage

from ckanext.opendataplan.model import progress_snapshot
from tests import factories_odp as f
from tests.marks import portal

pytestmark = portal

PDF = b"%PDF-1.4\n% minutes\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def minutes(content: bytes = PDF, name: str = "minutes.pdf") -> FileStorage:
    return FileStorage(stream=io.BytesIO(content), filename=name)


@pytest.fixture
def scene(admin, org, plan):
    first = f.commitment(admin, plan, org, name="first", milestones=f.milestones())
    second = f.commitment(admin, plan, org, name="second", number="5", progress=10)
    return {"first": first, "second": second}


def record(user: dict, plan: dict, updates: list[dict], **fields) -> dict:
    return helpers.call_action(
        "opendataplan_meeting_record",
        {"user": user["name"]},
        plan=plan["name"],
        updates=updates,
        **{"meeting_date": dt.date.today().isoformat(), **fields},
    )


def rows(scene, first_progress=95, activities=None) -> list[dict]:
    return [
        {
            "commitment": scene["first"]["id"],
            "progress": first_progress,
            "activities": activities
            if activities is not None
            else [{"index": 2, "status": "complete"}, {"index": 4, "progress": 95}],
        },
        {"commitment": "second", "progress": 40, "narrative": "Two ministries joined"},
    ]


def test_one_call_publishes_the_report_its_activities_and_its_minutes(admin, plan, scene):
    report = record(admin, plan, rows(scene), minutes=minutes())

    assert [u["progress"] for u in report["updates"]] == [95, 40]
    first = helpers.call_action("package_show", id="first")
    assert first["milestones"][2]["status"] == "complete"
    assert first["milestones"][2]["progress"] == 100
    assert first["milestones"][4]["progress"] == 95
    assert first["milestones"][4]["status"] == "in_progress"
    [resource] = report["resources"]
    assert resource["name"] == "minutes.pdf"
    assert resource["url_type"] == "upload"
    assert resource["size"] == len(PDF)
    # the meeting's figures are the current ones: the activities' figure speaks for the
    # meeting's day, and the report's, entered last, for the same day
    assert first["progress"] == 95
    assert helpers.call_action("package_show", id="second")["progress"] == 40


def written(plan: dict) -> dict:
    """What a refused meeting must leave as it was: the reports, the commitments'
    activities, the history, the files."""
    reports = helpers.call_action("package_search", fq="type:progress_report", rows=0)["count"]
    snapshots = model.Session.query(progress_snapshot.ProgressSnapshot).count()
    first = helpers.call_action("package_show", id="first")
    stored = model.Session.query(model.Package).filter_by(type="progress_report").count()
    return {
        "indexed": reports,
        "stored": stored,
        "snapshots": snapshots,
        "activities": first["milestones"],
        "resources": model.Session.query(model.Resource).count(),
    }


def refused(user: dict, plan: dict, updates: list[dict], **fields) -> dict:
    with pytest.raises(ValidationError) as refusal:
        record(user, plan, updates, **fields)
    return refusal.value.error_dict


def test_a_refused_activity_names_its_commitment_and_field_and_writes_nothing(admin, plan, scene):
    before = written(plan)
    errors = refused(
        admin, plan, rows(scene, activities=[{"index": 2, "status": "finished"}]), minutes=minutes()
    )

    assert errors == {
        "updates": [{"activities": [{"status": ["Choose one of the statuses offered"]}]}, {}]
    }
    assert written(plan) == before


def test_a_refused_report_row_undoes_the_activities_already_applied(admin, plan, scene):
    before = written(plan)
    updates = rows(scene)
    updates[1]["progress"] = 150  # the report's own check, after the activities were saved

    errors = refused(admin, plan, updates, minutes=minutes())

    assert errors["updates"][1]["progress"]
    assert written(plan) == before


NAME_REFUSED = "The file's name is too long or has characters that cannot be kept: rename it"


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"just text", "minutes.pdf", "The minutes must be a PDF, DOCX, ODT or DOC document"),
        (PDF, "minutes.exe", "The minutes must be a PDF, DOCX, ODT or DOC document"),
        (PDF + b"x" * 2000, "minutes.pdf", "The minutes file is too large"),
        (PDF, "m" * 600 + ".pdf", NAME_REFUSED),
        (PDF, "minutes\u202egpj.pdf", NAME_REFUSED),
    ],
    ids=["not-a-pdf", "not-a-document", "too-large", "long-name", "name-with-an-override"],
)
@pytest.mark.ckan_config("ckanext.opendataplan.minutes_max_bytes", "1000")
def test_minutes_are_a_bounded_document(admin, plan, scene, content, name, message):
    before = written(plan)

    errors = refused(admin, plan, rows(scene), minutes=minutes(content, name))

    assert errors == {"minutes": [message]}
    assert written(plan) == before


def test_a_commitment_the_user_may_not_edit_answers_like_one_that_does_not_exist(
    admin, org, plan, scene
):
    """An editor of the plan's institution may report on the plan, but not change the
    activities of a commitment led by another institution."""
    other = factories.Organization()
    led = f.commitment(admin, plan, other, name="led", number="6", milestones=f.milestones())
    editor = f.member(org, "editor")
    before = written(plan)
    change = [{"index": 0, "status": "in_progress", "progress": 50}]

    for reference in (led["id"], "no-such-commitment"):
        updates = [{"commitment": reference, "progress": 50, "activities": change}]
        errors = refused(editor, plan, updates)
        assert errors == {
            "updates": [{"commitment": [f"Not a commitment of this plan: {reference}"]}]
        }
    assert written(plan) == before
    assert helpers.call_action("package_show", id="led")["milestones"][0]["status"] == "complete"


def test_a_plan_the_user_may_not_edit_is_not_found(admin, org, plan, scene):
    outsider = f.member(factories.Organization(), "admin")
    private = f.plan(admin, org, name="draft-plan", private=True)
    for reference in (plan["name"], private["name"], "no-such-plan"):
        with pytest.raises(NotFound):
            helpers.call_action(
                "opendataplan_meeting_record",
                {"user": outsider["name"]},
                plan=reference,
                meeting_date="2020-07-15",
                updates=[],
            )


@pytest.mark.parametrize(
    "updates",
    ["not rows", [1, 2], [{"commitment": "first", "activities": "not rows"}]],
)
def test_rows_of_the_wrong_shape_are_refused_on_the_field(admin, plan, scene, updates):
    assert refused(admin, plan, updates) == {"updates": ["Give a list of rows"]}


def test_the_reports_own_errors_come_with_the_meetings_at_once(admin, plan, scene):
    updates = rows(scene, activities=[{"index": 2, "progress": "lots"}])
    updates[1]["progress"] = 150

    errors = refused(admin, plan, updates, minutes=minutes(b"text", "minutes.pdf"))

    assert errors["minutes"] == ["The minutes must be a PDF, DOCX, ODT or DOC document"]
    assert errors["updates"][0]["activities"][0]["progress"]
    assert errors["updates"][1]["progress"]


@pytest.mark.parametrize(
    ("fields", "named"),
    [
        ({"meeting_date": ["2020"]}, "meeting_date"),
        ({"meeting_date": "2999-01-01"}, "meeting_date"),
        ({"place": {"a": 1}}, "place"),
        ({"minutes": "not a file"}, "minutes"),
        ({"minutes": {"filename": "x.pdf"}}, "minutes"),
        ({"updates": [{"commitment": "second", "progress": [40]}]}, "updates"),
        (
            {"updates": [{"commitment": "first", "progress": 1, "activities": [{"index": {}}]}]},
            "updates",
        ),
        (
            {
                "updates": [
                    {
                        "commitment": "first",
                        "progress": 1,
                        "activities": [{"index": 0, "status": ["x"]}],
                    }
                ]
            },
            "updates",
        ),
        (
            {
                "updates": [
                    {
                        "commitment": "first",
                        "progress": 1,
                        "activities": [{"index": 0, "progress": float("nan")}],
                    }
                ]
            },
            "updates",
        ),
    ],
    ids=[
        "date-list",
        "date-future",
        "place-object",
        "minutes-text",
        "minutes-object",
        "progress-list",
        "index-object",
        "status-list",
        "progress-nan",
    ],
)
def test_bad_values_are_refused_on_their_field_and_write_nothing(admin, plan, scene, fields, named):
    before = written(plan)
    data = {"updates": rows(scene), **fields}

    with pytest.raises(ValidationError) as refusal:
        helpers.call_action(
            "opendataplan_meeting_record",
            {"user": admin["name"]},
            plan=plan["name"],
            **{"meeting_date": dt.date.today().isoformat(), **data},
        )

    assert named in refusal.value.error_dict
    assert written(plan) == before


def test_a_figure_left_as_pre_filled_follows_the_activities_the_meeting_changed(admin, org, plan):
    """The form pre-fills each commitment's figure; a secretary who changes its
    activities and not the figure reports what the activities now give."""
    rows = [
        {"title": "a", "status": "complete", "progress": 100, "weight": 1},
        {"title": "b", "status": "in_progress", "progress": 50, "weight": 2},
        {"title": "c", "status": "not_started", "progress": 0, "weight": 1},
    ]
    f.commitment(admin, plan, org, name="weighted", milestones=rows)
    assert helpers.call_action("package_show", id="weighted")["progress"] == 50
    changed = [{"index": 1, "progress": 80}]
    report = record(
        admin, plan, [{"commitment": "weighted", "progress": 50, "activities": changed}]
    )

    assert [u["progress"] for u in report["updates"]] == [65]
    assert helpers.call_action("package_show", id="weighted")["progress"] == 65


def test_a_row_that_says_nothing_is_left_out_never_an_error(admin, org, plan, scene):
    """A commitment with no figure yet, its row left as the form shows it (no figure,
    no words, its activities as stored), does not block the meeting; a refused row after
    it is still named at its own place."""
    f.commitment(admin, plan, org, name="unreported", number="9")
    quiet = {"commitment": "unreported", "progress": "", "narrative": ""}
    report = record(admin, plan, [quiet, *rows(scene)])

    assert [u["progress"] for u in report["updates"]] == [95, 40]
    assert helpers.call_action("package_show", id="unreported").get("progress") in (None, "")

    bad = {"commitment": "second", "progress": 140}
    with pytest.raises(ValidationError) as refused:
        record(admin, plan, [quiet, bad])
    assert refused.value.error_dict["updates"][0] == {}
    assert "progress" in refused.value.error_dict["updates"][1]
