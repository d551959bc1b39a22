"""An editor of one institution, for the tests of the plugin's forms."""

from __future__ import annotations

import pytest
from ckan.tests import factories

from tests import factories_odp as f


@pytest.fixture
def editor() -> dict:
    return factories.User()


@pytest.fixture
def body(editor) -> dict:
    return factories.Organization(users=[{"name": editor["name"], "capacity": "editor"}])


@pytest.fixture
def own_plan(editor, body) -> dict:
    return f.plan(editor, body, name="own-plan")
