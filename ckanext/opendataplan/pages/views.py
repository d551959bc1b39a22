"""Citizen pages: the national overview, print and embed views, and CSV/JSON of each."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from typing import Any

import ckan.plugins.toolkit as tk
from flask import Blueprint, Response, jsonify
from markupsafe import Markup

from ckanext.opendataplan.common import access, cache, choices, csrf, responses
from ckanext.opendataplan.domain.checks import FIRST_YEAR, as_date
from ckanext.opendataplan.federation import profile as federation_profile
from ckanext.opendataplan.federation.sources import source_arg
from ckanext.opendataplan.pages import export, figures, institutions, late
from ckanext.opendataplan.progress import rollup

opendataplan = csrf.protect(Blueprint("opendataplan", __name__))


def _year_arg() -> int | None:
    """``?year=``: a year from 1900 to 2200, or a 400 that names the parameter."""
    value = tk.request.args.get("year", "")
    if not value:
        return None
    if not (value.isascii() and value.isdigit() and 1900 <= int(value) <= 2200):
        return tk.abort(400, tk._("year: enter a year such as 2020"))
    return int(value)


def _as_of_arg() -> str | None:
    """``?as_of=``: a day up to today (ISO, as the date picker sends it) for the pages'
    figures as they stood then, or a 400 that names the parameter."""
    value = tk.request.args.get("as_of", "")
    if not value:
        return None
    day = as_date(value) if len(value) == 10 else None
    if day is None or day.year < FIRST_YEAR or day > dt.date.today():
        return tk.abort(400, tk._("as_of: enter a date up to today, such as 2020-07-15"))
    return day.isoformat()


def progress_overview(fmt: str = "html") -> Any:
    filters = {
        "kind": tk.request.args.get("kind") or None,
        "institution": tk.request.args.get("institution") or None,
        "year": _year_arg(),
        "drafts": _choice_arg("drafts", ("include",)),
        "as_of": _as_of_arg(),
        "source": source_arg(),
    }
    key = {**filters, "lang": tk.h.lang()}

    def everything() -> dict[str, Any]:
        return figures.overview_figures(filters, key["lang"])

    if fmt == "json":
        return jsonify(everything())
    if fmt == "csv":
        return responses.csv_response(
            everything()["plans"],
            [
                "name",
                "title",
                "plan_kind",
                "period_start",
                "period_end",
                "version_status",
                "progress",
                "progress_as_of",
                *rollup.COVERAGE_KEYS,
                "source",
                "source_portal",
                "source_link",
            ],
            "progress",
        )
    page = _page_arg()
    body = _cached_body(
        "overview",
        {**key, "page": page},
        "overview_body.html",
        lambda: _plans_page(everything(), page),
        filters,
    )
    return tk.render("opendataplan/overview.html", {"body": body})


OVERVIEW_PLANS_PER_PAGE = 50  # a country's hundreds of plans, a page at a time


def _plans_page(data: dict[str, Any], page: int) -> dict[str, Any]:
    """The overview's figures with one page of its table of plans (``plan_pages``: that
    page, its size and how many plans in all); its CSV and JSON give them all."""
    size, plans = OVERVIEW_PLANS_PER_PAGE, data["plans"]
    shown = plans[(page - 1) * size : page * size]
    return {**data, "plans": shown, "plan_pages": {"page": page, "size": size, "total": len(plans)}}


# /progress/<type>/<name>.<json|csv>: the package and an action's answer as JSON; as CSV,
# the rows of the page's main table (a plan's commitments, a commitment's activities).
_DATA = {
    "plan": (
        "opendataplan_plan_progress",
        "progress",
        ["number", "name", "title", "progress", "completion_level"],
    ),
    "commitment": (
        "opendataplan_progress_history",
        "history",
        ["title", "start_date", "end_date", "status", "progress", "weight"],
    ),
}


def package_data(package_type: str, name: str, fmt: str) -> Any:
    action, key, columns = _DATA[package_type]
    package = responses.show_or_404(package_type, name)
    answer = tk.get_action(action)({}, {"id": package["id"]})
    if fmt == "json":
        return jsonify({package_type: package, key: answer})
    rows = answer["commitments"] if package_type == "plan" else package.get("milestones")
    return responses.csv_response(rows or [], columns, package["name"])


def _choice_arg(name: str, allowed: Any, default: str | None = None) -> str | None:
    """A query parameter that must be one of ``allowed``: else a 400 naming it."""
    value = tk.request.args.get(name) or default
    if value is not None and value not in allowed:
        return tk.abort(400, tk._("%s: this value is not one of the choices") % name)
    return value


LATE_PAGE_SIZE = figures.LATE_PAGE_SIZE


def _page_arg() -> int:
    """``?page=``: a page number from 1, or a 400 that names the parameter."""
    value = tk.request.args.get("page", "1")
    if not (value.isascii() and value.isdigit() and 1 <= int(value) <= 100000):
        return tk.abort(400, tk._("page: enter a page number from 1"))
    return int(value)


def late_activities(fmt: str = "html") -> Any:
    filters = {
        "plan": tk.request.args.get("plan") or None,
        "institution": tk.request.args.get("institution") or None,
        "kind": _choice_arg("kind", choices.labels("plan", "plan_kind")),
        "sort": _choice_arg("sort", late.SORTS, "days"),
        "as_of": _as_of_arg(),
        "period": _choice_arg("period", late.PERIODS, "running"),
        "source": source_arg(),
    }
    page = _page_arg()
    lang = tk.h.lang()
    key = {**filters, "lang": lang}

    def everything() -> dict[str, Any]:
        return figures.late_figures(filters, lang)

    if fmt in ("json", "csv"):
        data = everything()
        if fmt == "json":
            return jsonify(
                {
                    "as_of": data["today"],
                    "period": data["period"],
                    "counts": data["counts"],
                    "previous_quarter_end": data["previous_quarter_end"],
                    "previous_quarter_count": data["previous_quarter_count"],
                    "activities": data["rows"],
                }
            )
        return responses.csv_response(data["rows"], late.COLUMNS, "late-activities")
    page_key = {**key, "page": page, "size": LATE_PAGE_SIZE}
    body = _cached_body(
        "late-page",
        page_key,
        "late_body.html",
        lambda: figures.late_page_figures(filters, lang, page, LATE_PAGE_SIZE),
        filters,
    )
    return tk.render("opendataplan/late.html", {"body": body})


def institution_scorecards(fmt: str = "html") -> Any:
    filters = {
        "kind": _choice_arg("kind", choices.labels("plan", "plan_kind")),
        "sort": _choice_arg("sort", institutions.SORTS, "late"),
        "as_of": _as_of_arg(),
        "source": source_arg(),
    }

    def everything() -> dict[str, Any]:
        return figures.institution_figures(filters, tk.h.lang())

    if fmt == "json":
        data = everything()
        return jsonify({"as_of": data["today"], "institutions": data["rows"]})
    if fmt == "csv":
        return responses.csv_response(everything()["rows"], institutions.COLUMNS, "institutions")
    body = _cached_body("institutions", filters, "scorecards_body.html", everything, filters)
    return tk.render("opendataplan/institutions.html", {"body": body})


def _cached_body(
    name: str,
    key: dict[str, Any],
    snippet: str,
    data: Callable[[], dict[str, Any]],
    filters: dict[str, Any],
) -> Markup:
    """A country-wide page's main content, the same for every visitor: rendered once per
    generation of the data, language and parameters, so that a request reads it from
    Redis instead of drawing hundreds of rows (or, on a miss, reads its data through
    ``data``, itself cached)."""

    def render() -> str:
        variables = {"data": data(), "filters": filters}
        return str(tk.render_snippet(f"opendataplan/snippets/{snippet}", variables))

    return Markup(cache.cached(f"{name}-html", {**key, "lang": tk.h.lang()}, render))


def open_data() -> str:
    """The page that lists the export's files and describes each column."""
    tables = {name: export.fields(name) for name in export.TABLES}
    package = federation_profile.package_properties()
    variables = {"tables": tables, "package": package, "keys": export.key_columns()}
    variables.update(sources=export.harvested_sources(), source=source_arg())
    return tk.render("opendataplan/open_data.html", variables)


def open_data_file(table: str, fmt: str) -> Response:
    rows = export.tables(source_arg())[table]
    if fmt == "json":  # the columns in the dictionary's order (jsonify sorts keys)
        body = json.dumps(rows, ensure_ascii=False, indent=1)
        return Response(body, mimetype="application/json")
    return responses.csv_response(rows, export.columns(table), table)


def open_data_package() -> Response:
    """The data dictionary as a Frictionless Data Package descriptor."""
    return jsonify(export.descriptor(tk.h.url_for("opendataplan.open_data", _external=True)))


def methodology() -> str:
    """How every figure of the citizen pages is computed, with this portal's bands."""
    limited, substantial, complete = rollup.bands()
    bands = {"limited": limited, "substantial": substantial, "complete": complete}
    return tk.render("opendataplan/methodology.html", {"bands": bands})


def plan_print(name: str) -> str:
    plan = responses.show_or_404("plan", name)
    schema = tk.h.scheming_get_dataset_schema("plan")
    return tk.render("opendataplan/print_plan.html", {"pkg": plan, "schema": schema})


def embed(package_type: str, name: str) -> Response:
    pkg = responses.show_or_404(package_type, name)
    body = tk.render("opendataplan/embed.html", {"pkg": pkg})
    response = Response(body)
    # The widget is meant for other sites' pages: let any page frame it.
    response.headers["Content-Security-Policy"] = "frame-ancestors *"
    return response


@opendataplan.before_app_request
def refuse_unstorable_input() -> None:
    """A NUL byte in an address or a query parameter reaches no page (PostgreSQL cannot
    store or compare it): a 404 for an address, a 400 naming the parameter."""
    if "\x00" in tk.request.path:
        return tk.abort(404, tk._("Not found"))
    for name, value in tk.request.args.items(multi=True):
        if "\x00" in name or "\x00" in value:
            message = tk._("%s: the value contains characters that are not allowed")
            return tk.abort(400, message % access.shown(name))
    return None


@opendataplan.after_app_request
def framing_policy(response: Response) -> Response:
    """Only the portal itself may frame its pages (clickjacking); the embeddable
    widgets, which set their own policy, may be framed by any site."""
    if tk.request.endpoint == "opendataplan.embed":
        response.headers.pop("X-Frame-Options", None)
        return response
    response.headers.setdefault("X-Frame-Options", "SAMEORIGIN")
    if "frame-ancestors" not in response.headers.get("Content-Security-Policy", ""):
        policy = response.headers.get("Content-Security-Policy")
        ancestors = "frame-ancestors 'self'"
        response.headers["Content-Security-Policy"] = (
            f"{policy}; {ancestors}" if policy else ancestors
        )
    return response


opendataplan.add_url_rule("/progress", view_func=progress_overview)
opendataplan.add_url_rule("/progress.<any(json, csv):fmt>", view_func=progress_overview)
opendataplan.add_url_rule(
    "/progress/<any(plan, commitment):package_type>/<name>.<any(json, csv):fmt>",
    view_func=package_data,
)
opendataplan.add_url_rule("/progress/late", view_func=late_activities)
opendataplan.add_url_rule("/progress/late.<any(json, csv):fmt>", view_func=late_activities)
opendataplan.add_url_rule("/progress/institutions", view_func=institution_scorecards)
opendataplan.add_url_rule(
    "/progress/institutions.<any(json, csv):fmt>", view_func=institution_scorecards
)
opendataplan.add_url_rule("/progress/methodology", view_func=methodology)
opendataplan.add_url_rule("/progress/open-data", view_func=open_data)
opendataplan.add_url_rule("/progress/open-data/datapackage.json", view_func=open_data_package)
opendataplan.add_url_rule(
    "/progress/open-data/<any({}):table>.<any(json, csv):fmt>".format(", ".join(export.TABLES)),
    view_func=open_data_file,
)
opendataplan.add_url_rule("/plan/<name>/print", view_func=plan_print)
opendataplan.add_url_rule("/embed/<any(plan, commitment):package_type>/<name>", view_func=embed)
