"""Template helpers; every name starts with ``opendataplan_``."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from typing import Any
from urllib.parse import quote

import ckan.model as model
import ckan.plugins.toolkit as tk
from babel.dates import format_timedelta
from markupsafe import Markup, escape

from ckanext.opendataplan.common import access, cache, choices, dates, multilingual, percent
from ckanext.opendataplan.domain import charts, checks, progress
from ckanext.opendataplan.domain.checks import as_date
from ckanext.opendataplan.domain.numbers import as_finite
from ckanext.opendataplan.pages import overview, reading
from ckanext.opendataplan.progress import rollup


def opendataplan_level_label(level: str) -> str:
    """A completion level in words, as the report form's schema names it ("Not
    reported", which is no level, in its own word)."""
    if level == progress.NOT_REPORTED:
        return tk._("Not reported")
    return choices.labels("progress_report", "updates.completion_level").get(level, level)


def opendataplan_texts(value: Any) -> dict[str, str]:
    return multilingual.parse(value)


def opendataplan_localized(value: Any) -> str:
    return multilingual.pick(value, tk.h.lang())


def opendataplan_localized_text(value: Any, fallback: Any = "") -> Markup:
    """:func:`opendataplan_localized` (``fallback`` when it has no text) for an element's
    content: a text in another language than the page's (a French title on an Arabic
    page) in a ``<bdi>`` naming its language, so that it is read aloud in it and set
    apart from the text around it."""
    page = tk.h.lang()
    text, lang = multilingual.picked(value, page)
    if not text:
        return escape(fallback or "")
    if lang is None or lang == page:
        return escape(text)
    return Markup('<bdi lang="{}">{}</bdi>').format(lang, text)


def opendataplan_language_name(lang: str) -> str:
    """The language's name in itself (العربية, français), for form labels (CKAN 2.12
    deprecates ``h.lang_native_name``)."""
    return multilingual.language_name(lang)


def opendataplan_content_languages() -> list[str]:
    return multilingual.content_languages()


def opendataplan_field_applies(field: dict[str, Any], pkg_dict: dict[str, Any]) -> bool:
    """Whether a plan's field belongs to the template of this kind of plan."""
    kinds = field.get("plan_kinds")
    return not kinds or pkg_dict.get("plan_kind") in kinds


def _visible(package_id: str) -> model.Package | None:
    return access.visible_package(package_id, {"user": access.current_user_name()})


def opendataplan_plan_title(plan_id: str) -> str:
    """The title of a plan or commitment the visitor may see; empty otherwise."""
    plan = _visible(plan_id)
    if plan is None:
        return ""
    return multilingual.pick(plan.extras.get("title_translated"), tk.h.lang()) or plan.title


def opendataplan_plan_name(plan_id: str) -> str | None:
    """The name of a plan or commitment the visitor may see, else ``None``."""
    plan = _visible(plan_id)
    return plan.name if plan is not None else None


def opendataplan_is_web_url(value: Any) -> bool:
    """Whether a stored address may be rendered as a link (http and https only)."""
    return checks.is_web_url(value)


def opendataplan_plan_choices(current: str | None = None) -> list[dict[str, str]]:
    """The plans the current user may add to or report on: those of the institutions they
    edit (every plan for sysadmins), as the auth functions decide on save; and the plan
    already chosen, when the user may see it."""
    editable = {org["id"] for org in tk.h.organizations_available("create_dataset")}
    chosen = access.visible_package(current, {"user": access.current_user_name()}, "plan")
    owners = editable | ({chosen.owner_org} if chosen is not None else set())
    if not owners:
        return []
    quoted = " OR ".join(f'"{org_id}"' for org_id in sorted(owners))
    result = tk.get_action("package_search")(
        {},
        {
            "fq": f"+dataset_type:plan +owner_org:({quoted})",
            "rows": 1000,
            "include_private": True,
            "include_drafts": True,
            "sort": "name asc",
        },
    )
    return [
        {"value": plan["id"], "text": tk.h.dataset_display_name(plan)}
        for plan in result["results"]
        if plan["owner_org"] in editable or (chosen is not None and plan["id"] == chosen.id)
    ]


def opendataplan_plan_id(value: Any) -> Any:
    """The id of the plan named by ``value`` (id or name) when the user may see it."""
    chosen = access.visible_package(value, {"user": access.current_user_name()}, "plan")
    return chosen.id if chosen is not None else value


def opendataplan_plan_progress(plan_id: str) -> dict[str, Any]:
    """The plan's figures as the visitor may see them; none for a plan they may not."""
    try:
        return tk.get_action("opendataplan_plan_progress")({}, {"id": plan_id})
    except (tk.ObjectNotFound, tk.NotAuthorized, tk.ValidationError):
        return {
            **progress.coverage([]),
            "levels": {},
            "progress_as_of": None,
            "commitments": [],
        }


def opendataplan_lead_choices(plan_id: str | None, current: str | None) -> list[dict[str, str]]:
    """Institutions that may lead a commitment: any, for the plan's coordinating admins;
    else those the user may publish in. The current lead is always offered."""
    user = access.current_user_name()
    plan_org = access.plan_owner_org(plan_id) if plan_id else None
    query = model.Session.query(model.Group.id, model.Group.title).filter(
        model.Group.is_organization.is_(True), model.Group.state == "active"
    )
    if not access.may_name_any_lead(plan_org, user):
        allowed = {org["id"] for org in tk.h.organizations_available("create_dataset")}
        query = query.filter(model.Group.id.in_(allowed | {current} if current else allowed))
    return [{"value": org_id, "text": title} for org_id, title in query.order_by(model.Group.title)]


def opendataplan_progress_history(commitment_id: str) -> list[dict[str, Any]]:
    """The commitment's history as the visitor may see it; none for one they may not."""
    try:
        return tk.get_action("opendataplan_progress_history")({}, {"id": commitment_id})
    except (tk.ObjectNotFound, tk.NotAuthorized, tk.ValidationError):
        return []


def opendataplan_source_label(source: str) -> str:
    labels = {
        "report": tk._("Progress report"),
        "edit": tk._("Direct edit"),
        "recompute": tk._("Recomputed from milestones"),
    }
    return labels.get(source, source)


def opendataplan_gantt(items: list[dict[str, Any]]) -> dict[str, Any] | None:
    lang = tk.h.lang()
    labelled = [
        {**item, "title": multilingual.pick(item["title_translated"], lang)}
        if item.get("title_translated")
        else item
        for item in items or []
    ]
    # Positions from the start of the line: the page's CSS (logical properties) mirrors them.
    return charts.gantt(labelled, dt.date.today())


def opendataplan_history_line(snapshots: list[dict[str, Any]]) -> dict[str, Any] | None:
    points = [(dt.date.fromisoformat(s["date"]), s["progress"]) for s in snapshots]
    return charts.history_line(points, rtl=tk.h.is_rtl_language())


def opendataplan_donut(levels: dict[str, int]) -> list[dict[str, Any]]:
    return charts.donut(levels)


def opendataplan_budget_totals(lines: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Budget totals per funding source and currency, for a plan's budget lines."""
    totals: dict[tuple[str, str], float] = {}
    for line in lines or []:
        key = (line.get("funding_source") or "", line.get("currency") or "")
        totals[key] = totals.get(key, 0) + (as_finite(line.get("amount")) or 0)
    return [
        {"funding_source": source, "currency": currency, "amount": amount}
        for (source, currency), amount in sorted(totals.items())
    ]


def opendataplan_kpi_share(indicator: dict[str, Any]) -> int | None:
    """How far the current value has gone from the baseline to the target, in percent."""
    baseline = as_finite(indicator.get("baseline")) or 0
    target, current = as_finite(indicator.get("target")), as_finite(indicator.get("current"))
    if target is None or current is None:
        return None
    if target == baseline:
        return 100 if current >= target else 0
    return max(0, min(100, int((current - baseline) / (target - baseline) * 100)))


def opendataplan_institution_summary(org_id: str) -> dict[str, Any]:
    """An institution's plans and the commitments it leads, for its organization page."""
    return overview.build(institution=org_id, lang=tk.h.lang())


def opendataplan_format_date(value: Any) -> str:
    """A date in words, in the page's language or the country locale configured for it."""
    return dates.in_words(value, tk.h.lang())


_MARKER = "opendataplan-href-marker"


def opendataplan_href(endpoint: str, key: str, **fixed: Any) -> Callable[[Any], str]:
    """The address ``url_for(endpoint, key=value, **fixed)`` for each ``value`` of a long
    list (a page's hundreds of institutions) at the cost of one ``url_for``: built once
    with a marker, each value quoted into it."""
    pattern = tk.h.url_for(endpoint, **{key: _MARKER}, **fixed)
    return lambda value: pattern.replace(_MARKER, quote(str(value), safe=""))


def opendataplan_chosen(
    filters: dict[str, Any], names: tuple[str, ...] | None = None
) -> dict[str, Any]:
    """The filters a page was given (checked by its view), for its download links: never
    the raw query string, whose ``fmt``, ``_scheme`` or ``endpoint`` would rewrite them."""
    return {
        name: value
        for name, value in filters.items()
        if value not in (None, "") and (names is None or name in names)
    }


def opendataplan_duration(days: int) -> str:
    """A number of days in the page's language, in the unit a reader grasps: days, then
    weeks, months or years once there are two of them (3 days, 6 weeks, 7 years)."""
    return format_timedelta(dt.timedelta(days=days), threshold=2, locale=tk.h.lang())


def opendataplan_choices(dataset_type: str, field_name: str) -> list[dict[str, str]]:
    """A field's allowed values and their labels, as its scheming schema lists them."""
    labels = choices.labels(dataset_type, field_name)
    return [{"value": value, "label": label} for value, label in labels.items()]


# Types shown on a page of their own (opendataplan/read/page.html), not CKAN's dataset page.
OWN_PAGE_TYPES = ("plan", "commitment", "progress_report", "inventory")


def opendataplan_own_page(package_type: str) -> bool:
    return package_type in OWN_PAGE_TYPES


def opendataplan_report_changes(report: dict[str, Any]) -> list[dict[str, Any]]:
    """Each commitment's figure before the meeting and in the report, for its page."""
    return reading.report_changes(report, access.current_user_name(), tk.h.lang())


def opendataplan_since_last_meeting(
    plan: dict[str, Any], commitments: list[dict[str, Any]]
) -> dict[str, Any] | None:
    """Per commitment, what changed between the plan's last two meetings."""
    return reading.since_last_meeting(plan, commitments, tk.h.lang())


def opendataplan_plan_reports(plan_id: str) -> list[dict[str, Any]]:
    return reading.plan_reports(plan_id, tk.h.lang())


def opendataplan_type_label(package_type: str) -> str:
    labels = {
        "plan": tk._("Plan"),
        "commitment": tk._("Commitment"),
        "progress_report": tk._("Progress report"),
        "inventory": tk._("Inventory of public data"),
    }
    return labels.get(package_type, "")


def opendataplan_choice_labels(dataset_type: str, field_name: str) -> dict[str, str]:
    """``{value: label}`` of a field's choices (a subfield: ``field.subfield``), from the
    schema, in the page's language."""
    return choices.labels(dataset_type, field_name)


def opendataplan_choice_label(dataset_type: str, field_name: str, value: Any) -> str:
    """The label of a field's stored value, in the page's language ('' when unset)."""
    if value in (None, ""):
        return ""
    return choices.labels(dataset_type, field_name).get(value, str(value))


def opendataplan_period(start: Any, end: Any) -> str:
    """From one date to another, in words ('' when neither is known)."""
    first, last = opendataplan_format_date(start), opendataplan_format_date(end)
    return " – ".join(day for day in (first, last) if day)


def opendataplan_format_percent(value: Any) -> Markup:
    """A whole percent in the page's language's form (40 % in French, 40% in Arabic),
    isolated left to right: after Arabic words the bidi algorithm would otherwise turn
    the number into an Arabic number and move the sign to its other side."""
    if value is None:
        return Markup("{}").format(tk._("Not reported"))
    return _isolated_percent(float(value), tk.h.lang())


@functools.lru_cache(maxsize=1024)
def _isolated_percent(value: float, lang: str) -> Markup:
    # kept per value: the scorecards and the overview ask it a thousand times a page
    return Markup('<span dir="ltr">%s</span>') % percent.in_words(value, lang)


def opendataplan_page_title(pkg: dict[str, Any]) -> str:
    """The title in the page's language. A report left untitled is named by its meeting's
    date in words: the title stored for it (its plan's title and the ISO date, see
    ``opendataplan_report_title``) would show an ISO date in prose."""
    own = multilingual.pick(pkg.get("title_translated"), tk.h.lang()) or pkg.get("title") or ""
    meeting = as_date(pkg.get("meeting_date"))
    if pkg.get("type") == "progress_report" and meeting and own.endswith(meeting.isoformat()):
        day = opendataplan_format_date(meeting)
        return tk._("Steering meeting of %(date)s") % {"date": day}
    return own or tk.h.dataset_display_name(pkg)


# The embedded widget's height by type: a plan's says its commitments and coverage too.
_EMBED_HEIGHT = {"plan": "15rem", "commitment": "12rem"}


def opendataplan_embed_code(pkg: dict[str, Any]) -> str:
    """The HTML another site pastes to show the package's widget, in the page's language:
    an iframe titled by the package (escaped here, once; the page escapes the code again
    as the text of its field)."""
    url = tk.h.url_for(
        "opendataplan.embed", package_type=pkg["type"], name=pkg["name"], qualified=True
    )
    title = f"{opendataplan_page_title(pkg)} – {tk._('Progress')}"
    height = _EMBED_HEIGHT.get(pkg["type"], "12rem")
    code = Markup(
        '<iframe src="{}" title="{}" loading="lazy" '
        'style="inline-size: 100%; block-size: {}; border: 0"></iframe>'
    ).format(url, title, height)
    return str(code)


def opendataplan_home() -> dict[str, Any] | None:
    """The home page's block: national progress, late activities, latest reports; ``None``
    when ``ckanext.opendataplan.home_block`` turns it off."""
    if not tk.config.get("ckanext.opendataplan.home_block"):
        return None
    lang = tk.h.lang()
    return cache.cached("home", {"lang": lang}, lambda: _home(lang))


def _home(lang: str) -> dict[str, Any]:
    data = overview.build(lang=lang)
    adopted = {plan["id"] for plan in data["plans"] if not plan["draft"]}
    return {
        **{key: data[key] for key in ("progress", "progress_as_of", *rollup.COVERAGE_KEYS)},
        "late_count": data["overdue_count"],
        "reports": reading.latest_reports(adopted, lang, limit=3),
    }


def opendataplan_today() -> dt.date:
    return dt.date.today()
