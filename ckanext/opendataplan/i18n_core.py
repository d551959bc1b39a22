"""CKAN's own strings that its Arabic catalog lacks, on every page a citizen reads (the
screen-reader links of its header). The plugin's catalog translates them: CKAN merges a
plugin's translations over its own. Listed here so that `make i18n` extracts them."""

from __future__ import annotations

from ckanext.opendataplan.domain.text import N_

CORE_STRINGS = (
    N_("Skip to main content"),
    N_("Toggle navigation"),
    N_("Navigate to Home - {site_title}"),
    N_("Search Datasets..."),
)
