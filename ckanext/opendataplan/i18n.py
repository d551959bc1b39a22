"""Where the plugin's translation catalogs are.

In a source checkout they sit in the top-level ``i18n/`` folder; an installed wheel
carries them as the ``ckanext.opendataplan.i18n`` package.
"""

from __future__ import annotations

import os

_PACKAGE_DIR = os.path.dirname(os.path.abspath(__file__))
_CANDIDATES = (
    os.path.join(_PACKAGE_DIR, "i18n"),
    os.path.join(os.path.dirname(os.path.dirname(_PACKAGE_DIR)), "i18n"),
)


def catalog_directory() -> str:
    for candidate in _CANDIDATES:
        if os.path.isdir(candidate):
            return candidate
    raise RuntimeError(f"ckanext-opendataplan: no i18n folder in {_CANDIDATES}")
