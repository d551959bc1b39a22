"""The web address made from a title in any script."""

from __future__ import annotations

from ckanext.opendataplan.domain import slug


def test_an_arabic_title_is_transliterated():
    assert slug.from_title("الخطة الوطنية 2026", "plan") == "alkhta-alwtnya-2026"


def test_a_latin_title_loses_its_accents_and_punctuation():
    assert slug.from_title("Plan d'action : été 2026", "plan") == "plan-d-action-ete-2026"


def test_a_title_without_latin_letters_gives_a_stable_address():
    first = slug.from_title("计划", "plan")
    assert first == slug.from_title("计划", "plan")
    assert first.startswith("plan-") and len(first) == len("plan-") + 8
    assert first != slug.from_title("计划二", "plan")


def test_an_address_is_short_enough_to_be_numbered():
    name = slug.from_title("ب" * 300, "plan")
    assert len(slug.numbered(name, 12)) <= 100
