"""Harvesting another portal's plans: the rules, in plain Python. A source's five
plan-data tables (read and checked by the reader) become one bundle per plan (its row,
its commitments with their milestones, indicators and history, each with the row it
came from); a bundle becomes the dicts that create or update the local plan and
commitments; each history entry gets a local identifier that is the same at every
harvest, so a re-harvest adds only the entries it has not written yet."""

from __future__ import annotations

import datetime as dt
import json
import re
import uuid
from typing import Any

from .plandata_rows import RowError
from .text import N_

# Local history entries of harvested commitments: uuid5(this, "<source id> <entry>").
ENTRY_NAMESPACE = uuid.UUID("6f7d1c1e-3b0a-5c47-9d0e-2f1a6c0b8e51")
HISTORY_SOURCES = ("report", "edit", "recompute")
_TITLE = re.compile(r"^title_([a-z]{2,3})$")
_NAME = re.compile(r"^[a-z0-9_-]{2,100}$")


class ConfigError(ValueError):
    """The source's configuration is not what the harvester reads: ``message`` a msgid
    whose ``{placeholders}`` are ``values``."""

    def __init__(self, message: str, **values: Any) -> None:
        super().__init__(message)
        self.message, self.values = message, values


def parse_config(text: Any) -> str:
    """The local organization (id or name) a source's configuration names:
    ``{"organization": "<id or name>"}``."""
    try:
        config = json.loads(text) if isinstance(text, str) and text.strip() else None
    except (ValueError, RecursionError):
        raise ConfigError(N_("The configuration is not a JSON object")) from None
    if not isinstance(config, dict):
        raise ConfigError(N_("The configuration is not a JSON object"))
    unknown = sorted(set(config) - {"organization"})
    if unknown:
        raise ConfigError(N_("Unknown configuration keys: {keys}"), keys=", ".join(unknown))
    organization = config.get("organization")
    if not isinstance(organization, str) or not organization.strip():
        raise ConfigError(N_("Name the local organization that will own the plans"))
    return organization.strip()


def _numbered(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{"row": number, "fields": row} for number, row in enumerate(rows, start=2)]


def bundles(tables: dict[str, list[dict[str, Any]]]) -> dict[str, dict[str, Any]]:
    """``{plan: bundle}``, each bundle JSON-serialisable (a harvest object's content)."""
    by_commitment: dict[str, dict[str, list[dict[str, Any]]]] = {}
    for table in ("milestones", "indicators", "history"):
        for entry in _numbered(tables[table]):
            found = by_commitment.setdefault(entry["fields"]["commitment"], {})
            found.setdefault(table, []).append(entry)
    plans = {
        entry["fields"]["plan"]: {**entry, "commitments": []}
        for entry in _numbered(tables["plans"])
    }
    for entry in _numbered(tables["commitments"]):
        parts = by_commitment.get(entry["fields"]["commitment"], {})
        plans[entry["fields"]["plan"]]["commitments"].append(
            {
                **entry,
                **{
                    table: parts.get(table, []) for table in ("milestones", "indicators", "history")
                },
            }
        )
    return plans


def check_names(bundle: dict[str, Any]) -> None:
    """The plan's and commitments' identifiers can be this portal's addresses."""
    entries = [("plans", "plan", bundle)] + [
        ("commitments", "commitment", entry) for entry in bundle["commitments"]
    ]
    for table, column, entry in entries:
        if not _NAME.match(entry["fields"][column]):
            raise RowError(
                table,
                entry["row"],
                column,
                N_("Not an address: 2 to 100 lower-case letters, digits, - or _"),
            )


def titles(fields: dict[str, Any]) -> dict[str, str]:
    """The ``title_<lang>`` cells as a multilingual title (empty ones left out)."""
    found = {}
    for column, value in fields.items():
        match = _TITLE.match(column)
        if match and value:
            found[match.group(1)] = value
    return found


def plan_fields(bundle: dict[str, Any]) -> dict[str, Any]:
    row = bundle["fields"]
    return {
        "type": "plan",
        "name": row["plan"],
        "title_translated": titles(row),
        "plan_kind": row["plan_kind"],
        "period_start": row["period_start"],
        "period_end": row["period_end"],
        "version_status": row["version_status"],
    }


def commitment_fields(entry: dict[str, Any]) -> dict[str, Any]:
    """The commitment's fields; its figure is its history's (or, with no history, what
    its milestones or the progress set at the source give, as there)."""
    row = entry["fields"]
    milestones = [
        _present(m["fields"], ("title", "start_date", "end_date", "status", "progress", "weight"))
        for m in sorted(entry["milestones"], key=lambda m: m["fields"]["position"])
    ]
    indicators = [
        _present(
            i["fields"],
            ("title", "unit", "baseline", "target", "current", "current_date", "source"),
        )
        for i in sorted(entry["indicators"], key=lambda i: i["fields"]["position"])
    ]
    fields = {
        "type": "commitment",
        "name": row["commitment"],
        "number": row["number"],
        "title_translated": titles(row),
        "start_date": row["start_date"],
        "end_date": row["end_date"],
        "weight": row["weight"],
        "milestones": milestones,
        "indicators": indicators,
        "completion_level": row["completion_level"],
    }
    if not milestones and not entry["history"]:
        fields["progress"] = row["progress"]
    return {key: value for key, value in fields.items() if value is not None}


def _present(fields: dict[str, Any], keys: tuple[str, ...]) -> dict[str, Any]:
    return {key: fields[key] for key in keys if fields.get(key) is not None}


def entry_id(source_id: str, entry: str) -> str:
    """The local identifier of a source's history entry: the same at every harvest."""
    return str(uuid.uuid5(ENTRY_NAMESPACE, f"{source_id} {entry}"))


def history_entries(
    entry: dict[str, Any], source_id: str, today: dt.date | None = None
) -> list[dict[str, Any]]:
    """A commitment's history rows as local entries, each checked, with its own date:
    none dated or recorded after ``today`` (a report of this portal cannot be either)."""
    today = today or dt.date.today()
    found = []
    for item in entry["history"]:
        row, number = item["fields"], item["row"]
        for column in ("date", "progress", "completion_level", "source"):
            if row[column] is None:
                raise RowError("history", number, column, N_("Required"))
        if row["source"] not in HISTORY_SOURCES:
            raise RowError("history", number, "source", N_("Not one of: report, edit, recompute"))
        _not_after(today, row, number)
        found.append(
            {
                "id": entry_id(source_id, row["entry"]),
                "date": dt.date.fromisoformat(row["date"]),
                "progress": row["progress"],
                "completion_level": row["completion_level"],
                "source": row["source"],
                "recorded_at": _utc(row["recorded_at"]),
            }
        )
    return found


def _not_after(today: dt.date, row: dict[str, Any], number: int) -> None:
    if dt.date.fromisoformat(row["date"]) > today:
        raise RowError("history", number, "date", N_("After today"))
    recorded = row["recorded_at"]
    if recorded is not None and _utc(recorded).date() > today + dt.timedelta(days=1):
        raise RowError("history", number, "recorded_at", N_("After today"))


def _utc(value: str | None) -> dt.datetime:
    """A naive UTC time (how the history stores it); none: now."""
    if value is None:
        return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)
    moment = dt.datetime.fromisoformat(value)
    if moment.tzinfo is not None:
        moment = moment.astimezone(dt.timezone.utc).replace(tzinfo=None)
    return moment
