"""What the plan, commitment and report pages read besides the package itself: a
report's changes commitment by commitment, and a plan's reports. A few queries each,
whatever the number of commitments."""

from __future__ import annotations

import datetime as dt
from typing import Any

import ckan.model as model

from ckanext.opendataplan.common import access, multilingual, packages
from ckanext.opendataplan.domain import periods, progress
from ckanext.opendataplan.domain.checks import as_date
from ckanext.opendataplan.model import progress_snapshot
from ckanext.opendataplan.progress import history, provenance, rollup

_REPORT_KEYS = ("plan", "meeting_date", "title_translated")


def report_changes(report: dict[str, Any], user: str | None, lang: str | None) -> list[dict]:
    """Each update of a report whose commitment the visitor may see: the commitment's
    figure before the meeting (its latest figure dated the day before, ``None`` when it
    had none), the report's figure, the change, the update's words, and ``standing``:
    whether the report's figure is the current one, and if not which figure stands."""
    updates = [u for u in report.get("updates") or [] if isinstance(u, dict)]
    visible = access.visible_packages(
        [u.get("commitment") for u in updates], {"user": user}, "commitment"
    )
    meeting = as_date(report.get("meeting_date"))
    ids = sorted({package.id for package in visible.values()})
    # their titles and numbers in one query (on CKAN 2.11 each package's extras would be
    # another query)
    fields = packages.with_fields("commitment", ("title_translated", "number"), ids=ids)
    before = progress_snapshot.as_of(ids, meeting - dt.timedelta(days=1)) if meeting and ids else {}
    bands = rollup.bands()
    figures = {
        visible[key].id: update["progress"]
        for update in updates
        if (key := access.reference(update.get("commitment"))) in visible
        and isinstance(update.get("progress"), int)
    }
    standing = provenance.report_standing(report, meeting, figures) if meeting else {}
    rows = []
    for update in updates:
        package = visible.get(access.reference(update.get("commitment")))
        if package is None:
            continue
        previous = before.get(package.id)
        after = update.get("progress")
        was = history.figures(previous, bands)[0] if previous is not None else None
        own = fields.get(package.id, {})
        rows.append(
            {
                "commitment": package.name,
                "title": multilingual.pick(own.get("title_translated"), lang) or package.title,
                "number": own.get("number") or "",
                "before": was,
                "before_date": previous.date.isoformat() if previous is not None else None,
                "after": after,
                "change": after - was if isinstance(after, int) and was is not None else None,
                **{key: update.get(key) for key in _UPDATE_TEXTS},
                "completion_level": update.get("completion_level"),
                "standing": standing.get(package.id),
            }
        )
    return sorted(rows, key=_by_number)


_UPDATE_TEXTS = ("narrative", "challenges", "remaining_activities")


def _by_number(row: dict[str, Any]) -> tuple:
    return progress.number_order(row["number"], row["commitment"])


def plan_reports(plan_id: str, lang: str | None) -> list[dict[str, Any]]:
    """The plan's public progress reports, latest meeting first (one query)."""
    where = model.Package.id.in_(packages.ids_with("plan", plan_id))
    return _reports(
        packages.with_fields("progress_report", _REPORT_KEYS, public_only=True, where=where), lang
    )


def latest_reports(plan_ids: set[str], lang: str | None, limit: int) -> list[dict[str, Any]]:
    """The latest public progress reports of these plans (one query)."""
    found = packages.with_fields("progress_report", _REPORT_KEYS, public_only=True)
    mine = {rid: report for rid, report in found.items() if report.get("plan") in plan_ids}
    return _reports(mine, lang)[:limit]


def _reports(found: dict[str, dict[str, Any]], lang: str | None) -> list[dict[str, Any]]:
    reports = [
        {
            "type": "progress_report",
            "name": report["name"],
            "title": multilingual.pick(report.get("title_translated"), lang) or report["title"],
            "meeting_date": report.get("meeting_date"),
        }
        for report in found.values()
    ]
    return sorted(reports, key=lambda r: r["meeting_date"] or "", reverse=True)


def since_last_meeting(
    plan: dict[str, Any], commitments: list[dict[str, Any]], lang: str | None
) -> dict[str, Any] | None:
    """What changed for each of these commitments (the plan's, as the visitor sees them)
    between the plan's last two meetings with a public report: ``last`` and
    ``previous`` (their dates), ``rows`` (the commitments where something moved: points,
    newly reported, newly complete, newly late activities) and ``unchanged`` (how many
    did not move); after the first meeting alone, no rows. ``None`` before the first
    report. Three queries."""
    meetings = sorted(
        {day for r in plan_reports(plan["id"], lang) if (day := as_date(r["meeting_date"]))},
        reverse=True,
    )
    if not meetings or not commitments:
        return None
    if len(meetings) == 1:  # the first figures: nothing before to compare with
        return {"last": meetings[0].isoformat(), "previous": None, "rows": [], "unchanged": 0}
    last, previous = meetings[0], meetings[1]
    ids = [c["id"] for c in commitments]
    bands = rollup.bands()
    after = _figures_on(ids, last, bands)
    before = _figures_on(ids, previous, bands)
    fields = packages.with_fields("commitment", ("milestones", "end_date"), ids=ids)
    rows = []
    for commitment in commitments:
        moved = periods.change(
            before.get(commitment["id"], (None, None)), after.get(commitment["id"], (None, None))
        )
        own = fields.get(commitment["id"], {})
        moved["newly_late"] = periods.newly_late(
            packages.load_json(own.get("milestones")) or [],
            previous,
            last,
            own.get("end_date") or plan.get("period_end"),
        )
        if (
            moved["points"]
            or moved["newly_reported"]
            or moved["newly_complete"]
            or moved["newly_late"]
        ):
            rows.append({**commitment, **moved})
    return {
        "last": last.isoformat(),
        "previous": previous.isoformat(),
        "rows": rows,
        "unchanged": len(commitments) - len(rows),
    }


def _figures_on(
    ids: list[str], day: dt.date, bands: tuple[int, int, int]
) -> dict[str, tuple[int, str]]:
    """Each commitment's ``(progress, level)`` as it stood on ``day`` (one query)."""
    return {
        cid: history.figures(snapshot, bands)
        for cid, snapshot in progress_snapshot.as_of(ids, day).items()
    }
