"""Shared fixtures. Tests run against the real services that `make test` starts."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

# A 2-core machine running the services beside the suite generates examples slowly at
# times: slowness is not what the property-based tests are about.
settings.register_profile("opendataplan", suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("opendataplan")


@pytest.hookimpl(trylast=True)  # after CKAN's own, which loads the configuration
def pytest_sessionstart(session: pytest.Session) -> None:
    """Refuse to run one CKAN line's code on the other line's test database (CKAN would
    migrate it): `make test` and `CKAN_VERSION=2.11 make test` each name their own."""
    import ckan
    from ckan.common import config

    line = "".join(ckan.__version__.split(".")[:2])
    url = config.get("sqlalchemy.url") or ""
    if not url.endswith(f"_{line}"):
        pytest.exit(f"CKAN {ckan.__version__} would test on {url}: run `make test`", 2)


# Plugins whose own tables (alembic migrations) the tests need.
PLUGINS_WITH_MIGRATIONS = ("activity", "opendataplan")


def reset_database() -> None:
    """CKAN's database reset, then the plugins' migrations, which CKAN's reset leaves
    out. CKAN drops the tables only on its first reset (later ones delete the rows, the
    plugins' tables included), so the migrations run only after a drop."""
    from ckan import model
    from ckan.cli.db import _run_migrations
    from ckan.tests import factories, helpers

    from ckanext.opendataplan.common import cache

    dropping = not model.repo.tables_created_and_initialised
    engine = model.meta.engine
    factories.fake.unique.clear()
    helpers.reset_db()
    if dropping:
        for plugin in PLUGINS_WITH_MIGRATIONS:
            _run_migrations(plugin, "head", True)
        # CKAN's migrations leave the model bound to their engine, which has no
        # connection pool: every session would then open its own PostgreSQL connection.
        model.init_model(engine)
    cache.invalidate()  # figures cached from the data just dropped are not read again


@pytest.fixture(scope="session", autouse=True)
def quick_password_hashes() -> Iterator[None]:
    """CKAN hashes every new user's password with 25,000 PBKDF2 rounds; the tests make
    well over a thousand users and none logs in with a password."""
    from ckan.model import user

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(user, "pbkdf2_sha512", user.pbkdf2_sha512.using(rounds=1000))
        yield


@pytest.fixture(scope="session")
def portal_app() -> Iterator[Any]:
    """The portal's plugins (test.ini's) loaded and its web app made once for the whole
    session, instead of once per test: the settings the tests change (``ckan_config``
    marks) are all read when used, not when the app is made."""
    import ckan.plugins
    from ckan.tests import helpers

    ckan.plugins.load_all()
    yield helpers._get_test_app()
    # CKAN 2.11 keeps its system plugin (synchronous search); 2.12 indexes from actions.
    getattr(ckan.plugins, "unload_non_system_plugins", ckan.plugins.unload_all)()


@pytest.fixture
def with_plugins(portal_app: Any, ckan_config: Any) -> None:
    """CKAN's with_plugins, loaded once per session (see ``portal_app``)."""


@pytest.fixture
def app(portal_app: Any, ckan_config: Any) -> Any:
    """CKAN's test app, made once per session (see ``portal_app``)."""
    return portal_app


@pytest.fixture
def clean_db(with_plugins: None) -> None:
    reset_database()


def reset_database_and_index() -> None:
    from ckan.lib import search

    reset_database()
    search.clear_all()


@pytest.fixture(scope="module")
def clean_db_once(portal_app: Any) -> None:
    """A clean database and index for a whole module whose tests build on each other's
    data (the demo, loaded once and then again)."""
    reset_database_and_index()


@pytest.fixture(scope="class")
def clean_db_for_class(portal_app: Any) -> None:
    """A clean database and index for a class of tests that only read, before the data
    they share is built (see ``tests.marks.ReadOnly``)."""
    reset_database_and_index()


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


@pytest.fixture
def dataset_schemas(ckan_config: Any) -> Iterator[None]:
    """scheming reads ``scheming.dataset_schemas`` and ``scheming.presets`` when its plugin
    is loaded, once per session here (``portal_app``): a test that sets them by a
    ``ckan_config`` mark takes this fixture, which loads them again, maps the types to
    scheming or to CKAN's own form as a portal started with them would, and puts the
    session's back after."""
    import ckan.plugins as p
    from ckan.lib import plugins as package_plugins
    from ckanext.scheming import plugins as scheming

    plugin = p.get_plugin("scheming_datasets")
    kept = {name: getattr(plugin, name) for name in ("_schemas", "_expanded_schemas")}
    kept_presets = scheming._SchemingMixin._presets
    kept_types = dict(package_plugins._package_plugins)

    def load(schemas: dict[str, Any], expanded: dict[str, Any]) -> None:
        plugin._schemas, plugin._expanded_schemas = schemas, expanded
        package_plugins._package_plugins.pop("dataset", None)
        if "dataset" in schemas:
            package_plugins._package_plugins["dataset"] = plugin

    plugin._load_presets(ckan_config)
    schemas = scheming._load_schemas(
        ckan_config.get("scheming.dataset_schemas", "").split(), plugin.SCHEMA_TYPE_FIELD
    )
    load(schemas, scheming._expand_schemas(schemas))
    yield
    scheming._SchemingMixin._presets = kept_presets
    load(kept["_schemas"], kept["_expanded_schemas"])
    package_plugins._package_plugins.clear()
    package_plugins._package_plugins.update(kept_types)
