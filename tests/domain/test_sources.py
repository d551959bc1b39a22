"""Where a plan comes from (``domain/sources.py``): this portal or a harvest source."""

from __future__ import annotations

from ckanext.opendataplan.domain import sources

HARVESTED = {
    "name": "tth-plan",
    "federation_source": "tth-region",
    "federation_portal_title": "Regional portal",
    "federation_portal_url": "https://region.example.org",
    "federation_link": "https://region.example.org/plan/tth-plan",
}
OWN = {"name": "own-plan"}


def test_a_plan_without_a_source_mark_is_this_portals():
    assert sources.of(OWN) == sources.of({**OWN, "federation_source": ""}) == "local"
    assert sources.of(HARVESTED) == "tth-region"


def test_the_filter_keeps_the_plans_of_the_chosen_source():
    assert sources.matches(OWN, None) and sources.matches(HARVESTED, None)
    assert sources.matches(OWN, "local") and not sources.matches(HARVESTED, "local")
    assert sources.matches(HARVESTED, "tth-region") and not sources.matches(OWN, "tth-region")
    assert not sources.matches(HARVESTED, "another-source")


def test_a_row_links_back_to_the_plan_at_its_source_else_to_the_portal():
    assert sources.origin(OWN) == {"source": "local", "source_portal": "", "source_link": ""}
    assert sources.origin(HARVESTED) == {
        "source": "tth-region",
        "source_portal": "Regional portal",
        "source_link": "https://region.example.org/plan/tth-plan",
    }
    unlinked = {**HARVESTED, "federation_link": ""}
    assert sources.origin(unlinked)["source_link"] == "https://region.example.org"


def test_the_sources_offered_are_those_plans_came_from():
    assert sources.harvested([OWN]) == []
    other = {**HARVESTED, "federation_source": "a-city", "federation_portal_title": "City"}
    assert sources.harvested([HARVESTED, OWN, other, HARVESTED]) == [
        ("a-city", "City"),
        ("tth-region", "Regional portal"),
    ]


def test_a_source_name_is_a_ckan_name():
    assert sources.is_name("tth-region") and sources.is_name("source_2")
    for wrong in ("", "x", "Region", "a b", "<script>", "x" * 101, "رمز"):
        assert not sources.is_name(wrong), wrong


def test_only_web_addresses_are_links() -> None:
    assert sources.web_address("https://region.example/plan/x") == "https://region.example/plan/x"
    for unsafe in ("javascript:alert(1)//", "JavaScript://x", "data:text/html,x", "//x", "", None):
        assert sources.web_address(unsafe) == ""
    plan = {"federation_source": "s", "federation_link": "javascript:alert(1)//x"}
    assert sources.origin(plan)["source_link"] == ""
