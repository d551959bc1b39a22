"""Text fit for XML documents, and a text's own direction (plain Python)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

from ckanext.opendataplan.domain.text import direction, xml_safe


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
