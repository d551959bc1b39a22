"""Fill the catalogs from i18n/translations.yaml, then `make i18n` compiles them.

Translations are kept in one reviewable YAML file (msgid -> ar, fr) so that the three
catalogs never drift apart; English catalogs carry the msgid itself.
"""

from __future__ import annotations

import sys
from pathlib import Path

import polib
import yaml

ROOT = Path(__file__).resolve().parents[1]
DOMAIN = "ckanext-opendataplan"


def main() -> int:
    table = yaml.safe_load((ROOT / "i18n" / "translations.yaml").read_text(encoding="utf-8")) or {}
    missing = []
    for lang in ("ar", "fr", "en"):
        path = ROOT / "i18n" / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
        catalog = polib.pofile(str(path))
        for entry in catalog:
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
