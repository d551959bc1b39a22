"""Shared fixtures. Tests run against the real services that `make test` starts."""

from __future__ import annotations

from typing import Callable

import pytest
from hypothesis import HealthCheck, settings

# A 2-core machine running the services beside the suite generates examples slowly at
# times: slowness is not what the property-based tests are about.
settings.register_profile("opendataplan", suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("opendataplan")

# Plugins whose own tables (alembic migrations) the tests need.
PLUGINS_WITH_MIGRATIONS = ("activity", "opendataplan")


@pytest.fixture
def clean_db(reset_db: Callable[[], None], migrate_db_for: Callable[[str], None]) -> None:
    """CKAN's clean_db, then the plugins' migrations, which CKAN's reset leaves out.
    CKAN drops the tables only on its first reset (later ones delete the rows, the
    plugins' tables included), so the migrations run only after a drop."""
    from ckan import model

    dropping = not model.repo.tables_created_and_initialised
    reset_db()
    if dropping:
        for plugin in PLUGINS_WITH_MIGRATIONS:
            migrate_db_for(plugin)


# A sysadmin, an institution and an OGP plan it owns: the starting point of most tests.
@pytest.fixture
def admin() -> dict:
    from ckan.tests import factories

    return factories.Sysadmin()


@pytest.fixture
def org() -> dict:
    from ckan.tests import factories

    return factories.Organization()


@pytest.fixture
def plan(admin: dict, org: dict) -> dict:
    from tests import factories_odp

    return factories_odp.plan(admin, org)


@pytest.fixture
def inventory(admin: dict, org: dict) -> dict:
    from tests import factories_odp

    return factories_odp.inventory(admin, org)
