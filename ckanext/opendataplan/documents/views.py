"""The documents' addresses: a plan as PDF or DOCX, its commitments' tracking cards,
its end-of-term self-assessment and consultation report, and the IRM data export.

A document says what its reader may see, and is kept for everyone who may see the same
(``cached``): the cache key names the private commitments it shows, or whether its
reader moderates the consultation."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import ckan.plugins.toolkit as tk
from flask import Blueprint, Response

from ckanext.opendataplan.common import access, responses
from ckanext.opendataplan.documents import build, cached, irm
from ckanext.opendataplan.documents.docx_writer import write_docx
from ckanext.opendataplan.documents.pdf_writer import write_pdf
from ckanext.opendataplan.documents.structure import Document
from ckanext.opendataplan.participation import contributions as participation
from ckanext.opendataplan.progress import rollup

documents = Blueprint("opendataplan_documents", __name__)

WRITERS: dict[str, tuple[Callable[[Document], bytes], str]] = {
    "pdf": (write_pdf, "application/pdf"),
    "docx": (
        write_docx,
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
}
RETRY_SECONDS = 10


class TooLong(Exception):
    """More text than the portal lays out as PDF (``pdf_max_characters``)."""


def _written(fmt: str, make: Callable[[], Document]) -> Callable[[], bytes]:
    writer = WRITERS[fmt][0]

    def write() -> bytes:
        document = make()
        limit = tk.config.get("ckanext.opendataplan.pdf_max_characters")
        if fmt == "pdf" and document.characters() > limit:
            raise TooLong()
        return writer(document)

    return write


def _send(filename: str, fmt: str, params: dict[str, Any], make: Callable[[], Document]) -> Any:
    key = {**params, "fmt": fmt, "lang": tk.h.lang()}
    try:
        body = cached.document(key, _written(fmt, make))
    except cached.Busy:
        response = Response(
            tk._("Other documents are being prepared: try again in a few seconds."),
            status=503,
            mimetype="text/plain",
        )
        response.headers["Retry-After"] = str(RETRY_SECONDS)
        return response
    except TooLong:
        message = tk._("This document is too long to be laid out as PDF: download it as DOCX.")
        return tk.abort(413, message)
    return Response(
        body,
        mimetype=WRITERS[fmt][1],
        headers={"Content-Disposition": f'attachment; filename="{filename}.{fmt}"'},
    )


def _plan_with_commitments(name: str) -> tuple[dict[str, Any], list[dict[str, Any]], dict]:
    """The plan, its commitments the reader may see, and what the cache key says of
    them (the private ones shown)."""
    plan = responses.show_or_404("plan", name)
    commitments = build.commitments_of(plan, access.current_user_name())
    private = sorted(c["id"] for c in commitments if c["private"])
    return plan, commitments, {"plan": plan["id"], "private": private}


def plan_document(name: str, fmt: str) -> Any:
    plan, commitments, key = _plan_with_commitments(name)
    lang = tk.h.lang()
    return _send(plan["name"], fmt, key, lambda: build.plan_document(plan, commitments, lang))


def self_assessment(name: str, fmt: str) -> Any:
    plan, commitments, key = _plan_with_commitments(name)
    if plan.get("plan_kind") not in irm.OGP_KINDS or rollup.is_draft(plan):
        return tk.abort(
            404, tk._("Only adopted OGP action plans have an end-of-term self-assessment")
        )
    lang = tk.h.lang()
    return _send(
        f"{plan['name']}-self-assessment",
        fmt,
        {**key, "document": "self-assessment"},
        lambda: build.self_assessment(plan, commitments, lang),
    )


def commitment_card(name: str, fmt: str) -> Any:
    commitment = responses.show_or_404("commitment", name)
    plan = responses.show_or_404("plan", commitment["plan"])
    lang = tk.h.lang()
    return _send(
        f"{commitment['name']}-card",
        fmt,
        {"card": commitment["id"]},
        lambda: build.card_document(commitment, plan, lang),
    )


def consultation_report(name: str, fmt: str) -> Any:
    plan = responses.show_or_404("plan", name)
    if tk.h.opendataplan_participation_summary(plan["id"]) is None:
        return tk.abort(404, tk._("This plan had no call for proposals or consultation"))
    lang = tk.h.lang()
    moderator = participation.may_moderate(plan["id"], access.current_user_name())

    def make() -> Document:
        report = tk.get_action("opendataplan_consultation_report")({}, {"plan": plan["id"]})
        return build.consultation_document(plan, report, lang)

    return _send(
        f"{plan['name']}-consultation-report",
        fmt,
        {"consultation": plan["id"], "moderator": moderator},
        make,
    )


def irm_data(name: str | None = None) -> Response:
    """The IRM's commitments data, one row per public commitment: of one plan, or of
    every adopted public OGP plan."""
    plan = responses.show_or_404("plan", name) if name else None
    rows = irm.rows(plan["id"] if plan else None, tk.h.lang())
    return responses.csv_response(rows, list(irm.COLUMNS), f"{plan['name']}-irm" if plan else "irm")


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
