"""The ar, fr and en catalogs are complete, compiled, and used by CKAN."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import ckan.plugins.toolkit as tk
import polib
import pytest
from flask_babel import force_locale

from ckanext.opendataplan import i18n

DOMAIN = "ckanext-opendataplan"
CATALOGS = Path(i18n.catalog_directory())
LANGUAGES = ("ar", "fr", "en")


def catalog(lang: str) -> polib.POFile:
    return polib.pofile(str(CATALOGS / lang / "LC_MESSAGES" / f"{DOMAIN}.po"))


def test_template_is_not_empty():
    assert len(polib.pofile(str(CATALOGS / f"{DOMAIN}.pot"))) > 0


def test_template_has_every_string_of_the_code(tmp_path):
    """Re-extracting the strings (what `make i18n` does) gives the committed template:
    a string added to the code or a template without `make i18n` fails here."""
    root = Path(__file__).resolve().parents[1]
    extracted = tmp_path / "fresh.pot"
    subprocess.run(
        [
            str(Path(sys.executable).parent / "pybabel"),
            "extract",
            "-F",
            str(root / "babel.cfg"),
            "-o",
            str(extracted),
            "--no-location",
            str(root / "ckanext"),
        ],
        check=True,
        cwd=root,
    )
    committed = {entry.msgid for entry in polib.pofile(str(CATALOGS / f"{DOMAIN}.pot"))}
    assert {entry.msgid for entry in polib.pofile(str(extracted))} == committed


@pytest.mark.parametrize("lang", LANGUAGES)
def test_catalog_has_every_string_of_the_template(lang):
    template = {entry.msgid for entry in polib.pofile(str(CATALOGS / f"{DOMAIN}.pot"))}
    assert {entry.msgid for entry in catalog(lang)} == template


@pytest.mark.parametrize("lang", LANGUAGES)
def test_catalog_is_fully_translated(lang):
    po = catalog(lang)
    assert po.percent_translated() == 100
    assert not po.fuzzy_entries()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_compiled_catalog_matches_its_source(lang):
    compiled = polib.mofile(str(CATALOGS / lang / "LC_MESSAGES" / f"{DOMAIN}.mo"))
    assert {e.msgid: e.msgstr for e in compiled} == {e.msgid: e.msgstr for e in catalog(lang)}


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("ar", "يجب أن تكون نسبة التقدم عددًا صحيحًا بين 0 و100"),
        ("fr", "L'avancement doit être un nombre entier compris entre 0 et 100"),
        ("en", "Progress must be a whole number between 0 and 100"),
    ],
)
@pytest.mark.usefixtures("with_plugins", "with_request_context")
def test_ckan_translates_the_plugin_messages(lang, expected):
    validator = tk.get_validator("opendataplan_percent")
    with force_locale(lang), pytest.raises(tk.Invalid) as error:
        validator(101)
    assert error.value.error == expected
