"""The documents a plan circulates as: the plan in its template's order, the OGP Local
commitment tracking card (annex 4), the end-of-term self-assessment and the
consultation report. Each is built once as plain blocks (``structure``) that the PDF and
DOCX writers lay out. Figures are the pages': the current figure from the history."""

from __future__ import annotations

import datetime as dt
from typing import Any

import ckan.model as model
import ckan.plugins.toolkit as tk

from ckanext.opendataplan.common import access, institutions, multilingual, packages, percent
from ckanext.opendataplan.documents import fields
from ckanext.opendataplan.documents.structure import (
    Block,
    Document,
    Facts,
    Heading,
    Paragraph,
    Table,
)
from ckanext.opendataplan.domain import flags, progress
from ckanext.opendataplan.progress import rollup


def _level(level: str | None) -> str:
    return tk.h.opendataplan_level_label(level) if level else ""


def _percent(value: Any) -> str:
    """As the pages print it (``h.opendataplan_format_percent``), isolated left to right."""
    return percent.isolated(value, tk.h.lang()) if value is not None else tk._("Not reported")


def _date(value: Any) -> str:
    return tk.h.opendataplan_format_date(value) if value else ""


def _new(title: str, plan: dict[str, Any], lang: str, dated: str | None = None) -> Document:
    """A document whose every page names the portal, the plan's address and the date of
    its figures (or what ``dated`` says instead)."""
    url = tk.h.url_for("plan.read", id=plan["name"], qualified=True)
    as_of = plan.get("progress_as_of")
    figures = (
        tk._("Figures as of %(date)s") % {"date": _date(as_of)} if as_of else tk._("No report yet")
    )
    footer = (tk.config.get("ckan.site_title") or "", url, dated or figures)
    return Document(title=title, lang=lang, rtl=tk.h.is_rtl_language(), running_footer=footer)


def commitments_of(plan: dict[str, Any], user: str | None) -> list[dict[str, Any]]:
    """The plan's commitments the reader may see, every field read in one query, with
    their current figures and lead institution's title, in their numbers' order."""
    in_plan = model.Package.id.in_(packages.ids_with("plan", plan["id"]))
    found = packages.with_fields("commitment", fields.field_names("commitment"), where=in_plan)
    private = [cid for cid, row in found.items() if row["private"]]
    allowed = access.visible_packages(private, {"user": user}, "commitment") if private else {}
    shown = [row for row in found.values() if not row["private"] or row["id"] in allowed]
    rollup.current_figures(shown)
    leads = institutions.names_and_titles((row["owner_org"] for row in shown), tk.h.lang())
    for row in shown:
        row["lead_institution"] = leads.get(row["owner_org"], ("", ""))[1]
        row["late"] = late_titles(row, plan)
    return sorted(shown, key=lambda row: progress.number_order(row.get("number"), row["name"]))


def _plan_facts(plan: dict[str, Any]) -> Facts:
    rows = (
        (
            tk._("Kind of plan"),
            fields.value_text(_field("plan", "plan_kind"), plan.get("plan_kind"), ""),
        ),
        (
            tk._("Period"),
            tk.h.opendataplan_period(plan.get("period_start"), plan.get("period_end")),
        ),
        (
            tk._("Version status"),
            fields.value_text(_field("plan", "version_status"), plan.get("version_status"), ""),
        ),
        (tk._("Institution"), _institution_title(plan.get("owner_org"))),
        (tk._("Progress"), _percent(plan.get("progress"))),
        (tk._("Figures as of"), _date(plan.get("progress_as_of")) or tk._("No report yet")),
    )
    return Facts(tuple(row for row in rows if row[1]))


def _institution_title(org_id: str | None) -> str:
    """The institution's title in the document's language (the request's)."""
    found = institutions.named([org_id] if org_id else [], tk.h.lang())
    return found[org_id].title if org_id in found else ""


def _field(package_type: str, name: str) -> dict[str, Any]:
    return next(f for f in fields.schema_fields(package_type) if f["field_name"] == name)


def late_titles(commitment: dict[str, Any], plan: dict[str, Any]) -> list[str]:
    """The commitment's activities past their end and below 100 % (the late page's rule)."""
    milestones = packages.load_json(commitment.get("milestones")) or []
    end = flags.undated_end(commitment.get("end_date"), plan.get("period_end"))
    rows = [m for m in milestones if isinstance(m, dict)]
    return [late["title"] for late in flags.late_activities(rows, dt.date.today(), end)]


def _card_facts(commitment: dict[str, Any]) -> Facts:
    late = commitment.get("late") or []
    rows = (
        (tk._("Number"), str(commitment.get("number") or "")),
        (tk._("Lead institution"), commitment.get("lead_institution") or ""),
        (tk._("Start date"), _date(commitment.get("start_date"))),
        (tk._("End date"), _date(commitment.get("end_date"))),
        (tk._("Completion level"), _level(commitment.get("completion_level"))),
        (tk._("Progress"), _percent(commitment.get("progress"))),
        (
            tk._("Figures as of"),
            _date(commitment.get("progress_as_of")) or tk._("No report yet"),
        ),
        (tk._("Late activities"), tk._(", ").join(late) if late else tk._("None")),
    )
    return Facts(tuple(row for row in rows if row[1]))


def card_blocks(commitment: dict[str, Any], lang: str, level: int = 2) -> list[Block]:
    """The commitment tracking card (OGP Local annex 4): the card's fields, the level of
    completion, results, next steps and each activity's status."""
    number = commitment.get("number")
    title = multilingual.title(commitment, lang)
    heading = tk._("Commitment %(number)s: %(title)s") % {"number": number, "title": title}
    return [
        Heading(heading if number else title, level),
        _card_facts(commitment),
        *fields.sections("commitment", commitment, lang),
    ]


# Shown in the header, or the co-creation's own business (its report is a document).
PLAN_SKIPPED = (
    "notes_translated",
    "proposals_open",
    "proposals_close",
    "consultation_open",
    "consultation_close",
)


def plan_document(plan: dict[str, Any], commitments: list[dict[str, Any]], lang: str) -> Document:
    """The plan in its template's order, its commitments' table, then one tracking card
    per commitment (``commitments_of``: those the reader may see)."""
    title = multilingual.title(plan, lang)
    document = _new(title, plan, lang)
    document.add(Heading(title, 1), _plan_facts(plan))
    notes = multilingual.pick(plan.get("notes_translated"), lang)
    if notes:
        document.add(Paragraph(notes))
    document.add(*fields.sections("plan", plan, lang, skip=PLAN_SKIPPED))
    document.add(Heading(tk._("Commitments"), 2), _summary(commitments, lang))
    for commitment in commitments:
        document.add(*card_blocks(commitment, lang))
    return document


def card_document(commitment: dict[str, Any], plan: dict[str, Any], lang: str) -> Document:
    title = tk._("Commitment tracking card")
    document = _new(f"{title}: {multilingual.title(commitment, lang)}", plan, lang)
    document.add(Heading(title, 1), Paragraph(multilingual.title(plan, lang)))
    commitment = {
        **commitment,
        "lead_institution": _institution_title(commitment.get("owner_org")),
        "late": late_titles(commitment, plan),
    }
    document.add(*card_blocks(commitment, lang))
    return document


def self_assessment(plan: dict[str, Any], commitments: list[dict[str, Any]], lang: str) -> Document:
    """The end-of-term self-assessment OGP asks of governments: commitment by
    commitment, the level of completion, results, next steps and evidence."""
    title = tk._("End-of-term self-assessment")
    document = _new(f"{title}: {multilingual.title(plan, lang)}", plan, lang)
    document.add(Heading(title, 1), Paragraph(multilingual.title(plan, lang)), _plan_facts(plan))
    document.add(
        Heading(tk._("Commitments at the end of the term"), 2), _summary(commitments, lang)
    )
    for commitment in commitments:
        document.add(*_assessed(commitment, lang))
    return document


def _summary(commitments: list[dict[str, Any]], lang: str) -> Table:
    return Table(
        header=(
            tk._("Number"),
            tk._("Commitment"),
            tk._("Completion level"),
            tk._("Progress"),
            tk._("Late activities"),
        ),
        rows=tuple(
            (
                str(c.get("number") or ""),
                multilingual.title(c, lang),
                _level(c.get("completion_level")),
                _percent(c.get("progress")),
                str(len(c.get("late") or [])),
            )
            for c in commitments
        ),
    )


ASSESSED_FIELDS = ("results", "next_steps", "challenges", "evidence")


def _assessed(commitment: dict[str, Any], lang: str) -> list[Block]:
    """One commitment of the self-assessment: its figures, its activities and their
    status, then what it reports of results, next steps, challenges and evidence."""
    blocks: list[Block] = [
        Heading(multilingual.title(commitment, lang), 2),
        _card_facts(commitment),
        *fields.section(_field("commitment", "milestones"), commitment.get("milestones"), lang),
    ]
    reported = [
        block
        for name in ASSESSED_FIELDS
        for block in fields.section(_field("commitment", name), commitment.get(name), lang)
    ]
    return blocks + (
        reported
        or [Paragraph(tk._("Results, next steps, challenges and evidence: not reported yet."))]
    )


def consultation_document(plan: dict[str, Any], report: dict[str, Any], lang: str) -> Document:
    """The consultation report: when the call for proposals and the consultation ran,
    what they received, and the answer to each contribution."""
    title = tk._("Consultation report")
    closed = report.get("closed_at")
    dated = (
        tk._("Closed on %(date)s: every proposal and comment was answered.")
        % {"date": _date(closed)}
        if closed
        else tk._("The report is not closed yet")
    )
    document = _new(f"{title}: {multilingual.title(plan, lang)}", plan, lang, dated)
    document.add(Heading(title, 1), Paragraph(multilingual.title(plan, lang)))
    windows = report["windows"]
    counts = (
        (tk._("Call for proposals"), _window(windows["proposals"])),
        (tk._("Public consultation"), _window(windows["consultation"])),
        (tk._("Proposals"), str(report["proposals"])),
        (tk._("Comments"), str(report["comments"])),
        (tk._("Supports"), str(report["supports"])),
        (tk._("Participants"), str(report["participants"])),
        (tk._("Answered"), _percent(report["share_answered"])),
    )
    document.add(Facts(tuple((name, value) for name, value in counts if value)))
    document.add(Heading(tk._("Proposals"), 2), _proposals(report["proposal_list"]))
    document.add(Heading(tk._("Comments"), 2), _comments(report["comment_list"]))
    return document


def _window(window: dict[str, Any]) -> str:
    return tk.h.opendataplan_period(window.get("opens"), window.get("closes"))


def _labels(kind: str) -> dict[str, str]:
    return tk.h.opendataplan_participation_labels()[kind]


def _said(row: dict[str, Any], text: str) -> str:
    """A contribution's text, or, hidden by the moderators, that and their reason."""
    if row.get("hidden"):
        return f"{tk._('Hidden by moderation')}: {row.get('hidden_reason') or ''}".strip(": ")
    return text


def _proposals(rows: list[dict[str, Any]]) -> Table:
    return Table(
        header=(
            tk._("Date"),
            tk._("Proposal"),
            tk._("Supports"),
            tk._("Status"),
            tk._("Answer"),
        ),
        rows=tuple(
            (
                _date(row.get("created")),
                _said(row, row.get("title") or ""),
                str(row.get("supports") or 0),
                _labels("status").get(row.get("status"), ""),
                row.get("reason") or "",
            )
            for row in rows
        ),
    )


def _comments(rows: list[dict[str, Any]]) -> Table:
    return Table(
        header=(tk._("Date"), tk._("Comment"), tk._("Outcome"), tk._("Answer")),
        rows=tuple(
            (
                _date(row.get("created")),
                _said(row, row.get("body") or ""),
                _labels("outcome").get(row.get("outcome"), ""),
                row.get("reason") or "",
            )
            for row in rows
        ),
    )
