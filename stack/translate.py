"""Fill the catalogs from i18n/translations.yaml, then `make i18n` compiles them.

Translations are kept in one reviewable YAML file (msgid -> ar, fr) so that the three
catalogs never drift apart; English catalogs carry the msgid itself.

A counted message (``ungettext``) has its English plural under ``plural`` and, for each
language, its forms by CLDR category (``zero``, ``one``, ``two``, ``few``, ``many``,
``other``: Arabic has the six, French ``one`` and ``other``; a category left out takes
the ``other`` form). The catalogs take their ``Plural-Forms`` from CKAN's own catalog of
the language, so CKAN's messages and the plugin's agree whichever catalog is merged
last; each index then gets the form of the CLDR category of the numbers it stands for.
"""

from __future__ import annotations

import gettext
import sys
from pathlib import Path
from typing import Any

import polib
import yaml
from babel import Locale

ROOT = Path(__file__).resolve().parents[1]
DOMAIN = "ckanext-opendataplan"


def _ckan_plural_forms(lang: str) -> str | None:
    """The ``Plural-Forms`` of CKAN's own catalog of the language, if it has one."""
    import ckan

    path = Path(ckan.__file__).parent / "i18n" / lang / "LC_MESSAGES" / "ckan.mo"
    return polib.mofile(str(path)).metadata.get("Plural-Forms") if path.exists() else None


def _plural_forms(entry: polib.POEntry, lang: str, forms: Any, header: str) -> dict[int, str]:
    """The catalog's forms of a counted message, by index; empty when one is missing."""
    if lang == "en":
        forms = {"one": entry.msgid, "other": entry.msgid_plural}
    if not isinstance(forms, dict):
        return {}
    count = int(header.split("nplurals=")[1].split(";")[0])
    index = gettext.c2py(header.split("plural=")[1].strip().rstrip(";"))
    category = Locale.parse(lang).plural_form
    found: dict[int, str] = {}
    for number in (*range(1000), 1_000_000):  # a number of each index, the first found
        position = index(number)
        if position not in found:
            found[position] = forms.get(category(number)) or forms.get("other") or ""
    complete = set(found) == set(range(count)) and all(found.values())
    return found if complete else {}


def main() -> int:
    table = yaml.safe_load((ROOT / "i18n" / "translations.yaml").read_text(encoding="utf-8")) or {}
    missing = []
    for lang in ("ar", "fr", "en"):
        path = ROOT / "i18n" / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
        catalog = polib.pofile(str(path))
        header = _ckan_plural_forms(lang) or catalog.metadata["Plural-Forms"]
        catalog.metadata["Plural-Forms"] = header
        for entry in catalog:
            if entry.msgid_plural:
                forms = (table.get(entry.msgid) or {}).get(lang)
                entry.msgstr_plural = _plural_forms(entry, lang, forms, header)
                if not entry.msgstr_plural:
                    missing.append(f"{lang} (every plural form): {entry.msgid}")
                elif "fuzzy" in entry.flags:
                    entry.flags.remove("fuzzy")
                continue
            if lang == "en":
                entry.msgstr = entry.msgid
                continue
            translated = (table.get(entry.msgid) or {}).get(lang)
            if translated:
                entry.msgstr = translated
                if "fuzzy" in entry.flags:
                    entry.flags.remove("fuzzy")
            else:
                missing.append(f"{lang}: {entry.msgid}")
        catalog.save(str(path))
    for line in missing:
        print(f"untranslated {line}", file=sys.stderr)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
