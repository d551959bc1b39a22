"""Marks shared by the integration tests."""

import pytest

PORTAL_PLUGINS = "activity opendataplan scheming_datasets"
COORDINATOR = "coordinating-body"  # the organization the tests' portal lists as one

# The portal's plugins loaded, on a clean database and a clean search index.
portal = [
    pytest.mark.ckan_config("ckan.plugins", PORTAL_PLUGINS),
    pytest.mark.ckan_config("ckanext.opendataplan.coordinating_bodies", COORDINATOR),
    pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index"),
]
