"""Marks shared by the integration tests."""

import pytest

COORDINATOR = "coordinating-body"  # the organization the tests' portal lists as one

# The portal's plugins (test.ini's, which stack/portal.sh also reads) loaded, on a clean
# database and a clean search index.
portal = [
    pytest.mark.ckan_config("ckanext.opendataplan.coordinating_bodies", COORDINATOR),
    pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index"),
]
