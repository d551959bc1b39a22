"""What a hostile review of co-creation found, kept found: nothing a visitor may not see
leaks through a proposal, a comment or the report, and racing responses write once."""

from __future__ import annotations

import threading
import time

import ckan.model as model
import pytest
from ckan.tests import helpers

from tests import factories_odp as f
from tests.marks import portal
from tests.participation import setting
from tests.participation.setting import act, propose

pytestmark = portal


@pytest.fixture
def world():
    return setting.build()


def accept(world, proposal_id, reason="Oui."):
    editor = world["users"]["plan_editor"]
    return act(
        "opendataplan_proposal_respond", editor, id=proposal_id, status="accepted", reason=reason
    )


def test_a_private_plans_accepted_proposal_becomes_a_private_commitment(world):
    sysadmin = world["users"]["sysadmin"]
    act("package_patch", sysadmin, id=world["plan"]["id"], private=True)
    member = f.member(world["body"], "member")
    proposal = propose(member, world["plan"])

    became = accept(world, proposal["id"])["commitment"]["name"]

    assert model.Package.get(became).private is True
    with pytest.raises((helpers.logic.NotAuthorized, helpers.logic.NotFound)):
        act("package_show", None, id=became)
    assert proposal["id"][:8] not in became  # not guessable, so nobody can take it first


def test_a_private_commitments_title_does_not_leak_through_proposals_or_the_report(world, app):
    proposal = propose(world["users"]["citizen"], world["plan"])
    became = accept(world, proposal["id"])["commitment"]["name"]
    act(
        "opendataplan_comment_create",
        world["users"]["citizen"],
        plan=world["plan"]["name"],
        commitment=became,
        body="Avis",
    )
    act(
        "package_patch",
        world["users"]["sysadmin"],
        id=became,
        private=True,
        title_translated={"ar": "SECRET-TITLE"},
    )

    shown = act("opendataplan_proposal_show", None, id=proposal["id"])
    report = act("opendataplan_consultation_report", None, plan=world["plan"]["name"])
    [comment] = act("opendataplan_comment_list", None, plan=world["plan"]["name"])

    assert shown["commitment"] is None and comment["commitment"] is None
    assert "SECRET-TITLE" not in str(report) and became not in str(report)
    for path in ("proposals", f"proposals/{proposal['id']}", "consultation", "consultation.json"):
        assert "SECRET-TITLE" not in app.get(f"/ar/plan/{world['plan']['name']}/{path}").body
    assert act("opendataplan_proposal_show", world["users"]["sysadmin"], id=proposal["id"])[
        "commitment"
    ]["title"]


def test_a_hidden_proposal_cannot_become_a_commitment(world):
    proposal = propose(world["users"]["citizen"], world["plan"])
    act(
        "opendataplan_proposal_hide",
        world["users"]["plan_admin"],
        id=proposal["id"],
        reason="Injurieux",
    )
    with pytest.raises(helpers.logic.ValidationError) as refused:
        accept(world, proposal["id"])
    assert "status" in refused.value.error_dict
    assert act("opendataplan_proposal_show", None, id=proposal["id"])["commitment"] is None


def test_a_proposal_points_only_to_an_active_public_dataset(world):
    draft = f.factories.Dataset(owner_org=world["body"]["id"], state="draft")
    with pytest.raises(helpers.logic.ValidationError) as refused:
        propose(world["users"]["citizen"], world["plan"], dataset=draft["name"])
    assert "dataset" in refused.value.error_dict

    public = f.factories.Dataset(owner_org=world["body"]["id"])
    proposal = propose(world["users"]["citizen"], world["plan"], dataset=public["name"])
    act(
        "package_patch",
        world["users"]["sysadmin"],
        id=public["id"],
        private=True,
        name="now-secret",
    )
    assert act("opendataplan_proposal_show", None, id=proposal["id"])["dataset"] is None


def test_merging_into_a_hidden_or_merged_proposal_is_refused(world):
    editor, citizen = world["users"]["plan_editor"], world["users"]["citizen"]
    first, second, third = (
        propose(citizen, world["plan"], title=t) for t in ("un", "deux", "trois")
    )
    act(
        "opendataplan_proposal_respond",
        editor,
        id=second["id"],
        status="merged",
        reason="Doublon.",
        merged_into=first["id"],
    )
    act("opendataplan_proposal_hide", editor, id=third["id"], reason="Injurieux")
    for target, merging in ((second["id"], first["id"]), (third["id"], first["id"])):
        with pytest.raises(helpers.logic.ValidationError) as refused:
            act(
                "opendataplan_proposal_respond",
                editor,
                id=merging,
                status="merged",
                reason="Non.",
                merged_into=target,
            )
        assert "merged_into" in refused.value.error_dict


def test_accepting_at_once_from_four_requests_makes_one_commitment(world):
    proposal = propose(world["users"]["citizen"], world["plan"])
    outcomes: list[str] = []

    def respond(n: int) -> None:
        try:
            accept(world, proposal["id"], reason=f"Oui {n}.")
            outcomes.append("ok")
        except Exception as error:  # noqa: BLE001 - what each racer got is the point
            outcomes.append(type(error).__name__)
        finally:
            model.Session.remove()

    racers = [threading.Thread(target=respond, args=(n,)) for n in range(4)]
    for racer in racers:
        racer.start()
    for racer in racers:
        racer.join()

    assert outcomes == ["ok"] * 4
    model.Session.remove()
    made = model.Session.query(model.Package).filter(model.Package.type == "commitment").all()
    names = [package.name for package in made]
    shown = act("opendataplan_proposal_show", None, id=proposal["id"])
    assert names == [shown["commitment"]["name"]]


def _respond_at_once(calls: list[dict]) -> list[str]:
    """Each response in its own thread and transaction, started together."""
    start = threading.Barrier(len(calls))
    outcomes: list[str] = ["" for _ in calls]

    def respond(n: int) -> None:
        try:
            start.wait()
            act("opendataplan_proposal_respond", calls[n]["user"], **calls[n]["data"])
            outcomes[n] = "ok"
        except Exception as error:  # noqa: BLE001 - what each racer got is the point
            outcomes[n] = type(error).__name__
        finally:
            model.Session.remove()

    racers = [threading.Thread(target=respond, args=(n,)) for n in range(len(calls))]
    for racer in racers:
        racer.start()
    for racer in racers:
        racer.join()
    return outcomes


def test_crossed_merges_at_once_never_form_a_cycle(world, monkeypatch):
    """'X into Y' and 'Y into X' sent together: one wins, the other is refused. Each
    commit waits a little, so that both responses have read their target before either
    is written (the window the hostile review hit over HTTP)."""
    from ckanext.opendataplan.common import transaction

    citizen, editor = world["users"]["citizen"], world["users"]["plan_editor"]
    real_commit = transaction.commit

    def slow_commit(context: dict) -> None:
        time.sleep(0.3)
        real_commit(context)

    monkeypatch.setattr(transaction, "commit", slow_commit)
    for pair in range(3):
        x, y = (propose(citizen, world["plan"], title=f"{pair}-{t}") for t in ("x", "y"))
        merge = {"status": "merged", "reason": "Doublon."}
        outcomes = _respond_at_once(
            [
                {"user": editor, "data": {**merge, "id": x["id"], "merged_into": y["id"]}},
                {"user": editor, "data": {**merge, "id": y["id"], "merged_into": x["id"]}},
            ]
        )
        shown = {p["id"]: p for p in act("opendataplan_proposal_list", None, plan="ogp-2021-2023")}
        assert sorted(outcomes) == ["ValidationError", "ok"], outcomes
        assert not (
            shown[x["id"]]["merged_into"] == y["id"] and shown[y["id"]]["merged_into"] == x["id"]
        )


def test_a_commitment_made_from_a_proposal_is_in_the_search_index(world):
    proposal = propose(world["users"]["citizen"], world["plan"])
    made = accept(world, proposal["id"])["commitment"]["name"]

    found = helpers.call_action(
        "package_search",
        {"ignore_auth": True},
        fq="dataset_type:commitment",
        include_private=True,
        include_drafts=True,
    )
    assert [result["name"] for result in found["results"]] == [made]


@pytest.mark.parametrize("length", [101, 300])
def test_an_over_long_proposal_id_answers_not_found(world, app, length):
    url = f"/plan/{world['plan']['name']}/proposals/{'x' * length}"
    assert app.get(url).status_code == 404
