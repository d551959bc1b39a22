"""The documents' addresses: a plan as PDF or DOCX, its commitments' tracking cards,
its end-of-term self-assessment and consultation report, and the IRM data export.

A document says what its reader may see: a visitor's copy is kept in Redis for the
current generation of the data (WeasyPrint takes about a second a plan); a signed-in
reader's, which may show private commitments, is made for them."""

from __future__ import annotations

import base64
from collections.abc import Callable
from typing import Any

import ckan.plugins.toolkit as tk
from flask import Blueprint, Response

from ckanext.opendataplan.common import access, cache, responses
from ckanext.opendataplan.documents import build, irm
from ckanext.opendataplan.documents.docx_writer import write_docx
from ckanext.opendataplan.documents.pdf_writer import write_pdf
from ckanext.opendataplan.documents.structure import Document
from ckanext.opendataplan.pages.views import csv_response

documents = Blueprint("opendataplan_documents", __name__)

WRITERS: dict[str, tuple[Callable[[Document], bytes], str]] = {
    "pdf": (write_pdf, "application/pdf"),
    "docx": (
        write_docx,
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
}
OGP_KINDS = ("ogp_national", "ogp_local")


def _send(name: str, fmt: str, params: dict[str, Any], make: Callable[[], Document]) -> Response:
    writer, mimetype = WRITERS[fmt]

    def encoded() -> str:
        return base64.b64encode(writer(make())).decode()

    if access.current_user_name():
        body = writer(make())
    else:
        key = {**params, "fmt": fmt, "lang": tk.h.lang()}
        body = base64.b64decode(cache.cached("document", key, encoded))
    filename = f"{name}.{fmt}"
    return Response(
        body,
        mimetype=mimetype,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


def plan_document(name: str, fmt: str) -> Response:
    plan = responses.show_or_404("plan", name)
    user, lang = access.current_user_name(), tk.h.lang()
    return _send(
        plan["name"], fmt, {"plan": plan["id"]}, lambda: build.plan_document(plan, user, lang)
    )


def commitment_card(name: str, fmt: str) -> Response:
    commitment = responses.show_or_404("commitment", name)
    plan = responses.show_or_404("plan", commitment["plan"])
    lang = tk.h.lang()
    return _send(
        f"{commitment['name']}-card",
        fmt,
        {"card": commitment["id"]},
        lambda: build.card_document(commitment, plan, lang),
    )


def self_assessment(name: str, fmt: str) -> Response:
    plan = responses.show_or_404("plan", name)
    if plan.get("plan_kind") not in OGP_KINDS:
        return tk.abort(404, tk._("Only OGP action plans have an end-of-term self-assessment"))
    user, lang = access.current_user_name(), tk.h.lang()
    return _send(
        f"{plan['name']}-self-assessment",
        fmt,
        {"assessment": plan["id"]},
        lambda: build.self_assessment(plan, user, lang),
    )


def consultation_report(name: str, fmt: str) -> Response:
    plan = responses.show_or_404("plan", name)
    if tk.h.opendataplan_participation_summary(plan["id"]) is None:
        return tk.abort(404, tk._("This plan had no call for proposals or consultation"))
    report = tk.get_action("opendataplan_consultation_report")({}, {"plan": plan["id"]})
    lang = tk.h.lang()
    return _send(
        f"{plan['name']}-consultation-report",
        fmt,
        {"consultation": plan["id"]},
        lambda: build.consultation_document(plan, report, lang),
    )


def irm_data(name: str | None = None) -> Response:
    """The IRM's commitments data, one row per public commitment: of one plan, or of
    every public OGP plan."""
    plan = responses.show_or_404("plan", name) if name else None
    rows = irm.rows(plan["id"] if plan else None, tk.h.lang())
    return csv_response(rows, list(irm.COLUMNS), f"{plan['name']}-irm" if plan else "irm")


documents.add_url_rule("/plan/<name>/document.<any(pdf, docx):fmt>", view_func=plan_document)
documents.add_url_rule(
    "/plan/<name>/self-assessment.<any(pdf, docx):fmt>", view_func=self_assessment
)
documents.add_url_rule(
    "/plan/<name>/consultation-report.<any(pdf, docx):fmt>", view_func=consultation_report
)
documents.add_url_rule("/commitment/<name>/card.<any(pdf, docx):fmt>", view_func=commitment_card)
documents.add_url_rule("/plan/<name>/irm.csv", view_func=irm_data)
documents.add_url_rule("/progress/irm.csv", view_func=irm_data)
