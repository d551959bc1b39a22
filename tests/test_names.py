"""Names that say one thing: no template helper shares its name with a validator (one
parses, the other formats), and every ``h.opendataplan_*`` a template calls exists, so
that a helper renamed or dropped fails here rather than on a page."""

from __future__ import annotations

import re
from pathlib import Path

from ckanext.opendataplan import plugin

TEMPLATES = Path(__file__).resolve().parents[1] / "ckanext" / "opendataplan" / "templates"
CALLED = re.compile(r"\bh\.(opendataplan_\w+)")


def called_helpers(text: str) -> set[str]:
    return set(CALLED.findall(text))


def test_no_helper_is_named_like_a_validator():
    assert sorted(set(plugin.helpers()) & set(plugin.validators())) == []


def test_every_helper_a_template_calls_exists():
    called = set()
    for path in TEMPLATES.rglob("*.html"):
        called |= called_helpers(path.read_text(encoding="utf-8"))
    assert called and sorted(called - set(plugin.helpers())) == []


def test_the_check_sees_a_call_of_a_missing_helper():
    seeded = "{{ h.opendataplan_percent(1) }} {{ h.opendataplan_format_date(d) }}"
    assert called_helpers(seeded) - set(plugin.helpers()) == {"opendataplan_percent"}
