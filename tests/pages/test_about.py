"""/about in the reader's language: the Markdown file of that language in
``ckanext.opendataplan.about_path`` (the demo's: ar, fr, en), else CKAN's own."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

import ckanext.opendataplan

pytestmark = pytest.mark.usefixtures("with_plugins")
DEMO = Path(ckanext.opendataplan.__file__).parent / "demo" / "about"
CKAN_TEXT = "CKAN is the world’s leading open-source data portal platform"


def _about(app, lang: str) -> BeautifulSoup:
    response = app.get(f"/{lang}/about")
    assert response.status_code == 200
    return BeautifulSoup(response.body, "html.parser")


@pytest.mark.parametrize(
    ("lang", "heading", "link"),
    [
        ("ar", "عن هذه البوابة", "/ar/progress/methodology"),
        ("fr", "À propos de ce portail", "/fr/progress/methodology"),
        ("en", "About this portal", "/en/progress/methodology"),
    ],
)
def test_the_demo_says_what_the_portal_is_in_each_language(
    app, ckan_config, monkeypatch, lang, heading, link
):
    monkeypatch.setitem(ckan_config, "ckanext.opendataplan.about_path", str(DEMO))

    page = _about(app, lang)
    about = page.select_one(".opendataplan-about")

    assert about.h1.get_text(strip=True) == heading
    assert link in [a["href"] for a in about.select("a")]
    assert CKAN_TEXT not in page.get_text()


def test_the_arabic_text_has_no_english_sentence(app, ckan_config, monkeypatch):
    monkeypatch.setitem(ckan_config, "ckanext.opendataplan.about_path", str(DEMO))

    text = _about(app, "ar").select_one(".opendataplan-about").get_text(" ")
    latin = [word for word in text.split() if word.isascii() and word.isalpha()]

    assert set(latin) <= {"CSV", "JSON"}  # the files' formats, as every page names them


def test_a_language_without_its_file_keeps_ckans_page(app, ckan_config, monkeypatch, tmp_path):
    (tmp_path / "ar.md").write_text("# عن البوابة\n\nنص.", encoding="utf-8")
    monkeypatch.setitem(ckan_config, "ckanext.opendataplan.about_path", str(tmp_path))

    assert _about(app, "ar").select_one(".opendataplan-about h1").get_text() == "عن البوابة"
    french = _about(app, "fr")  # CKAN's own page: its ckan.site_about, else its text
    assert french.select_one(".opendataplan-about") is None
    assert french.select_one("article.module .module-content") is not None


def test_an_oversized_or_unreadable_file_is_not_shown(app, ckan_config, monkeypatch, tmp_path):
    (tmp_path / "ar.md").write_text("x" * 200_000, encoding="utf-8")
    (tmp_path / "fr.md").write_bytes(b"\xff\xfe not utf-8")
    monkeypatch.setitem(ckan_config, "ckanext.opendataplan.about_path", str(tmp_path))

    assert _about(app, "ar").select_one(".opendataplan-about") is None
    assert _about(app, "fr").select_one(".opendataplan-about") is None
