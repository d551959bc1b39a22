"""Text fit for XML documents, and a text's own direction (plain Python)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

from ckanext.opendataplan.domain.text import direction, has_spoofing_controls, xml_safe


def test_direction_is_the_first_strong_letters():
    assert direction("تعزيز 2020") == "rtl"
    assert direction("2020: Renforcer") == "ltr"
    assert direction("« Données » عربية") == "ltr"
    assert direction("1, 2, 5 %") is None
    assert direction(None) is None


def test_xml_safe_drops_what_xml_cannot_hold():
    assert xml_safe("a\x00b\x0bc\x1bd\ud800e\r\nf") == "abcde\nf"
    assert xml_safe(None) == ""


@given(st.text(alphabet=st.characters(exclude_categories=())))  # surrogates too
def test_xml_safe_text_always_goes_into_xml(text):
    element = etree.Element("title")
    element.text = xml_safe(text)

    assert etree.tostring(element)


SPOOFING = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\x7f\x80\x85\x9f"


def test_direction_overrides_isolates_and_control_codes_are_spoofing():
    for char in SPOOFING:
        assert has_spoofing_controls(f"commitment{char}4"), repr(char)
        assert has_spoofing_controls(f"commitment{char}4", paragraph=True), repr(char)
    assert has_spoofing_controls("line\nbreak")
    assert not has_spoofing_controls("line\nbreak\ttab\r\n", paragraph=True)
    assert has_spoofing_controls("bell\x07", paragraph=True)


def test_direction_marks_that_arabic_text_needs_are_kept():
    assert not has_spoofing_controls("الالتزام \u200f4\u200e (2020)\u061c")


@given(st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cf", "Cs"))))
def test_text_without_controls_or_format_characters_is_never_spoofing(text):
    assert not has_spoofing_controls(text)
    assert not has_spoofing_controls(text, paragraph=True)


@given(st.text(), st.sampled_from(SPOOFING), st.text())
def test_one_spoofing_character_anywhere_is_found(before, char, after):
    assert has_spoofing_controls(before + char + after, paragraph=True)
