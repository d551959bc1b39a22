"""Where a plan comes from: this portal (``local``) or the harvest source that brought
it from another portal (its ``federation_source`` mark). The country-wide pages filter
on it (``?source=``) and say it on each plan's row."""

from __future__ import annotations

from typing import Any

LOCAL = "local"
# The plan's marks the pages read (set only by the harvester: federation/marks.py).
KEYS = ("federation_source", "federation_portal_title", "federation_portal_url", "federation_link")


def web_address(value: Any) -> str:
    """``value`` when it is an http or https address, else '' (a ``javascript:`` or
    other link from a source is never shown)."""
    text = str(value or "")
    scheme, _sep, rest = text.partition("://")
    return text if scheme.lower() in ("http", "https") and rest else ""


def of(plan: dict[str, Any]) -> str:
    """``local`` for this portal's own plans, else the name of the harvest source."""
    return str(plan.get("federation_source") or LOCAL)


def matches(plan: dict[str, Any], source: str | None) -> bool:
    """Whether the plan passes the ``?source=`` filter (no filter: every plan)."""
    return not source or of(plan) == source


def origin(plan: dict[str, Any]) -> dict[str, str]:
    """A plan row's source: its name, the source portal's title and the page there
    (the portal's address when the plan's own page is not known); empty for local."""
    if of(plan) == LOCAL:
        return {"source": LOCAL, "source_portal": "", "source_link": ""}
    link = web_address(plan.get("federation_link")) or web_address(
        plan.get("federation_portal_url")
    )
    return {
        "source": of(plan),
        "source_portal": str(plan.get("federation_portal_title") or ""),
        "source_link": str(link),
    }


def harvested(plans: Any) -> list[tuple[str, str]]:
    """``(source name, source portal's title)`` of the harvest sources these plans came
    from, by name; empty when every plan is this portal's own."""
    found: dict[str, str] = {}
    for plan in plans:
        if of(plan) != LOCAL:
            found[of(plan)] = found.get(of(plan)) or str(plan.get("federation_portal_title") or "")
    return sorted(found.items())


def is_name(value: str) -> bool:
    """A harvest source's name as CKAN allows one: 2 to 100 of a-z, 0-9, - and _."""
    allowed = set("abcdefghijklmnopqrstuvwxyz0123456789-_")
    return 2 <= len(value) <= 100 and set(value) <= allowed


def script_lang(text: Any) -> str:
    """``ar`` when the text is written in Arabic script (a source portal's title named on
    a French or English page: its language and its own direction), else ''."""
    return "ar" if any("\u0600" <= char <= "\u06ff" for char in str(text or "")) else ""
