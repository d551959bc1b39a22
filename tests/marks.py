"""Marks, and a base class, shared by the integration tests."""

import pytest

COORDINATOR = "coordinating-body"  # the organization the tests' portal lists as one

# The portal's plugins (test.ini's, which stack/portal.sh also reads) loaded, on a clean
# database and a clean search index.
portal = [
    pytest.mark.ckan_config("ckanext.opendataplan.coordinating_bodies", COORDINATOR),
    pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index"),
]


class ReadOnly:
    """Base of a class of tests that only read, sharing data built once by class-scoped
    fixtures on ``clean_db_for_class``: the ``portal`` mark cleans nothing inside."""

    @pytest.fixture
    def clean_db(self) -> None:
        """Nothing to clean between tests that only read."""

    @pytest.fixture
    def clean_index(self) -> None:
        """Nothing to clean between tests that only read."""


class ReadOnlyStartingPoint(ReadOnly):
    """``ReadOnly``, with the conftest's starting point (sysadmin, institution, its plan
    and its inventory) made once for the class, each when first asked for."""

    @pytest.fixture(scope="class")
    def admin(self, clean_db_for_class: None) -> dict:
        from ckan.tests import factories

        return factories.Sysadmin()

    @pytest.fixture(scope="class")
    def org(self, admin: dict) -> dict:
        from ckan.tests import factories

        return factories.Organization()

    @pytest.fixture(scope="class")
    def plan(self, admin: dict, org: dict) -> dict:
        from tests import factories_odp

        return factories_odp.plan(admin, org)

    @pytest.fixture(scope="class")
    def inventory(self, admin: dict, org: dict) -> dict:
        from tests import factories_odp

        return factories_odp.inventory(admin, org)
