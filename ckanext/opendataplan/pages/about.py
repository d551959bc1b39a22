"""The portal's /about page in the reader's language: the Markdown file
``<lang>.md`` of the folder ``ckanext.opendataplan.about_path`` (``ar.md``, ``fr.md``,
``en.md``), else CKAN's own ``ckan.site_about``, else CKAN's text."""

from __future__ import annotations

import logging
from pathlib import Path

import ckan.plugins.toolkit as tk

log = logging.getLogger(__name__)
MAX_BYTES = 100_000  # an about text, not a book: a larger file is not shown


def opendataplan_site_about() -> str:
    """The about text of the page's language as Markdown; empty when the portal has none
    in that language (the page then shows ``ckan.site_about`` or CKAN's own text)."""
    folder = tk.config.get("ckanext.opendataplan.about_path")
    lang = tk.h.lang() or ""
    if not folder or not lang.replace("_", "").isalnum():
        return ""
    path = Path(folder) / f"{lang}.md"
    try:
        if path.stat().st_size > MAX_BYTES:
            log.warning("%s is over %s bytes: not shown", path, MAX_BYTES)
            return ""
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return ""
    except (OSError, UnicodeDecodeError) as error:
        log.warning("the about text %s cannot be read: %s", path, error)
        return ""
