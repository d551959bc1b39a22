"""Co-creation pages: a plan's proposals (/plan/<name>/proposals), one proposal, and
its public consultation with the consultation report (/plan/<name>/consultation).

Every form posts to an action called as the visitor, so the rules (dates, who may do
what, limits) live in the actions only."""

from __future__ import annotations

import json
from typing import Any

import ckan.plugins.toolkit as tk
from flask import Blueprint, Response

from ckanext.opendataplan.common import csrf, responses
from ckanext.opendataplan.domain import proposal_list
from ckanext.opendataplan.domain.checks import inert
from ckanext.opendataplan.participation import contributions, schema

participation = responses.ids_in_paths(
    csrf.protect(Blueprint("opendataplan_participation", __name__))
)

_PROPOSAL_FIELDS = ("title", "problem", "solution", "theme", "dataset", "link", "language")


def _plan(name: str) -> dict[str, Any]:
    return responses.show_or_404("plan", name)


def _call(action: str, data: dict[str, Any]) -> Any:
    """The action's answer as the visitor; 403 and 404 as pages."""
    try:
        return tk.get_action(action)({}, data)
    except tk.NotAuthorized as refused:
        return tk.abort(403, str(refused) or tk._("Not allowed"))
    except tk.ObjectNotFound:
        return tk.abort(404, tk._("Not found"))


def _form() -> dict[str, Any]:
    return {key: value for key, value in tk.request.form.items() if key != "_csrf_token"}


def _flash_errors(error: tk.ValidationError) -> None:
    for messages in error.error_dict.values():
        for message in messages if isinstance(messages, list) else [messages]:
            tk.h.flash_error(str(message))


def _post(action: str, data: dict[str, Any], done: str, back: str) -> Any:
    """A small form (support, response, moderation): the action, then back to the page
    with what it did or why not."""
    try:
        _call(action, data)
    except tk.ValidationError as error:
        _flash_errors(error)
    else:
        tk.h.flash_success(done)
    return tk.redirect_to(back)


def proposals(name: str) -> Any:
    plan = _plan(name)
    errors: dict[str, Any] = {}
    values: dict[str, Any] = {}
    if tk.request.method == "POST":
        values = _form()
        data = {key: values.get(key) for key in _PROPOSAL_FIELDS if values.get(key)}
        data["ogp_values"] = tk.request.form.getlist("ogp_values")
        try:
            created = _call("opendataplan_proposal_create", {**data, "plan": plan["id"]})
            tk.h.flash_success(tk._("Thank you: your proposal is published"))
            return tk.redirect_to(_proposal_url(plan, created["id"]))
        except tk.ValidationError as error:
            errors = error.error_dict
    rows = _call("opendataplan_proposal_list", {"plan": plan["id"]})
    filters = _list_filters()
    themes = proposal_list.themes(rows)
    filters["theme"] = proposal_list.chosen_theme(filters["theme"], themes)
    page = {
        "pkg": plan,
        "proposals": proposal_list.select(rows, **filters),
        "proposal_count": len(rows),
        "themes": themes,
        "filters": filters,
        "windows": contributions.windows(plan["id"]),
        "errors": errors,
        "values": values,
        "moderator": _may("opendataplan_proposal_respond", plan),
        "signed_in": bool(tk.g.user),
    }
    return tk.render("opendataplan/proposals.html", page), 400 if errors else 200


def _list_filters() -> dict[str, Any]:
    """The list's GET form (status, theme, words, order), checked as the list action
    checks them: a wrong value is a 400 that names the parameter."""
    given = {key: value for key, value in tk.request.args.items() if value}
    data, errors = tk.navl_validate(given, schema.proposal_filters())
    for name, messages in errors.items():
        return tk.abort(400, f"{name}: {' '.join(messages)}")
    return {key: data.get(key) for key in ("status", "theme", "q", "sort")}


def _proposal_url(plan: dict[str, Any], proposal_id: str) -> str:
    return tk.h.url_for(
        "opendataplan_participation.proposal", name=plan["name"], proposal_id=proposal_id
    )


def _may(action: str, plan: dict[str, Any]) -> bool:
    try:
        tk.check_access(action, {}, {"plan": plan["id"]})
    except tk.NotAuthorized:
        return False
    return True


def _report(plan: dict[str, Any]) -> dict[str, Any]:
    return _call("opendataplan_consultation_report", {"plan": plan["id"]})


def proposal(
    name: str,
    proposal_id: str,
    response: dict[str, Any] | None = None,
    errors: dict[str, Any] | None = None,
) -> Any:
    """The proposal's page; after a refused response, again with what was chosen
    (``response``) and each field's error."""
    plan = _plan(name)
    found = _call("opendataplan_proposal_show", {"id": proposal_id})
    if found["plan"] != plan["id"]:
        return tk.abort(404, tk._("Not found"))
    moderator = _may("opendataplan_proposal_respond", plan)
    others = _call("opendataplan_proposal_list", {"plan": plan["id"]}) if moderator else []
    page = {
        "pkg": plan,
        "proposal": found,
        "windows": contributions.windows(plan["id"]),
        "moderator": moderator,
        "others": [p for p in others if p["id"] != found["id"] and not p["hidden"]],
        "signed_in": bool(tk.g.user),
        "response": response
        or {key: found.get(key) for key in ("status", "reason", "merged_into")},
        "errors": errors or {},
    }
    return tk.render("opendataplan/proposal.html", page), 400 if errors else 200


def proposal_post(name: str, proposal_id: str, what: str) -> Any:
    plan = _plan(name)
    back = _proposal_url(plan, proposal_id)
    data = {**_form(), "id": proposal_id}
    if what == "respond":
        try:
            _call("opendataplan_proposal_respond", data)
        except tk.ValidationError as error:  # the page again, with what was chosen
            return proposal(name, proposal_id, data, error.error_dict)
        tk.h.flash_success(tk._("The response is published"))
        return tk.redirect_to(back)
    action, done = {
        "support": ("opendataplan_proposal_support", tk._("Your support is counted")),
        "hide": ("opendataplan_proposal_hide", tk._("Moderation saved")),
        "abuse": ("opendataplan_proposal_report_abuse", tk._("Thank you: the moderators are told")),
    }[what]
    return _post(action, data, done, back)


def consultation(name: str, fmt: str = "html") -> Any:
    plan = _plan(name)
    if fmt in ("json", "csv"):
        return _report_file(plan, fmt)
    errors: dict[str, Any] = {}
    values: dict[str, Any] = {}
    if tk.request.method == "POST":
        values = _form()
        data = {
            key: values.get(key) for key in ("body", "commitment", "language") if values.get(key)
        }
        try:
            _call("opendataplan_comment_create", {**data, "plan": plan["id"]})
            tk.h.flash_success(tk._("Thank you: your comment is published"))
            return tk.redirect_to(_consultation_url(plan))
        except tk.ValidationError as error:
            errors = error.error_dict
    page = {
        "pkg": plan,
        "report": _report(plan),
        "commitments": tk.h.opendataplan_plan_progress(plan["id"])["commitments"],
        "errors": errors,
        "values": values,
        "moderator": _may("opendataplan_comment_respond", plan),
        "signed_in": bool(tk.g.user),
    }
    return tk.render("opendataplan/consultation.html", page), 400 if errors else 200


def _consultation_url(plan: dict[str, Any]) -> str:
    return tk.h.url_for("opendataplan_participation.consultation", name=plan["name"])


def comment_post(name: str, comment_id: str, what: str) -> Any:
    plan = _plan(name)
    data = {**_form(), "id": comment_id}
    action, done = {
        "respond": ("opendataplan_comment_respond", tk._("The response is published")),
        "hide": ("opendataplan_comment_hide", tk._("Moderation saved")),
        "abuse": ("opendataplan_comment_report_abuse", tk._("Thank you: the moderators are told")),
    }[what]
    return _post(action, data, done, _consultation_url(plan))


def consultation_close(name: str) -> Any:
    plan = _plan(name)
    done = tk._("The consultation report is closed")
    return _post(
        "opendataplan_consultation_close", {"plan": plan["id"]}, done, _consultation_url(plan)
    )


REPORT_COLUMNS = [
    "kind",
    "id",
    "created",
    "language",
    "commitment",
    "title",
    "text",
    "status",
    "reason",
    "supports",
    "hidden",
    "hidden_reason",
]


def _report_file(plan: dict[str, Any], fmt: str) -> Response:
    report = _report(plan)
    if fmt == "json":
        body = json.dumps(report, ensure_ascii=False, indent=1)
        return Response(body, mimetype="application/json")
    rows = [_proposal_row(p) for p in report["proposal_list"]] + [
        _comment_row(c) for c in report["comment_list"]
    ]
    table = {
        "columns": REPORT_COLUMNS,
        "rows": [[inert(row.get(key)) for key in REPORT_COLUMNS] for row in rows],
    }
    return responses.csv_download(table, f"{plan['name']}-consultation")


def _proposal_row(item: dict[str, Any]) -> dict[str, Any]:
    text = "\n\n".join(part for part in (item["problem"], item["solution"]) if part)
    return {
        **item,
        "kind": "proposal",
        "commitment": (item["commitment"] or {}).get("name"),
        "text": text or None,
    }


def _comment_row(item: dict[str, Any]) -> dict[str, Any]:
    return {**item, "kind": "comment", "text": item["body"], "status": item["outcome"]}


ASSESSMENT_COLUMNS = [
    "criterion",
    "question",
    "text",
    "answer",
    "figure",
    "comment",
    "evidence_url",
]


def _translated(row: dict[str, Any]) -> str:
    question = row["text"]  # a msgid of domain/assessment.py
    return tk._(question)


def assessment(name: str) -> Response:
    """An OGP Local plan's initial assessment as CSV: every question of the handbook,
    its text in the page's language, and the region's answer."""
    plan = _plan(name)
    rows = [
        {**row, "criterion": criterion["criterion"], "text": _translated(row)}
        for criterion in tk.h.opendataplan_assessment(plan.get("initial_assessment"))["criteria"]
        for row in criterion["rows"]
    ]
    table = {
        "columns": ASSESSMENT_COLUMNS,
        "rows": [[inert(row.get(key)) for key in ASSESSMENT_COLUMNS] for row in rows],
    }
    return responses.csv_download(table, f"{plan['name']}-initial-assessment")


_PLAN = "/plan/<name>"
participation.add_url_rule(f"{_PLAN}/proposals", view_func=proposals, methods=["GET", "POST"])
participation.add_url_rule(f"{_PLAN}/assessment.csv", view_func=assessment)
participation.add_url_rule(f"{_PLAN}/proposals/<proposal_id>", view_func=proposal)
participation.add_url_rule(
    f"{_PLAN}/proposals/<proposal_id>/<any(support, respond, hide, abuse):what>",
    view_func=proposal_post,
    methods=["POST"],
)
participation.add_url_rule(f"{_PLAN}/consultation", view_func=consultation, methods=["GET", "POST"])
participation.add_url_rule(f"{_PLAN}/consultation.<any(json, csv):fmt>", view_func=consultation)
participation.add_url_rule(
    f"{_PLAN}/consultation/close", view_func=consultation_close, methods=["POST"]
)
participation.add_url_rule(
    f"{_PLAN}/consultation/<comment_id>/<any(respond, hide, abuse):what>",
    view_func=comment_post,
    methods=["POST"],
)
