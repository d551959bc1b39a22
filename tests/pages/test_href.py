"""A page's hundreds of links built from one address (``h.opendataplan_href``): each the
address CKAN's ``url_for`` gives."""

from __future__ import annotations

import ckan.plugins.toolkit as tk
import pytest

pytestmark = pytest.mark.usefixtures("with_plugins")

ID = "0b6c1f4e-2c6a-4e8f-9a55-0d3c5c1d2e11"


@pytest.mark.parametrize(
    ("endpoint", "key", "fixed", "values"),
    [
        ("organization.read", "id", {}, ["ministry-of-finance_2", ID]),
        ("plan.read", "id", {}, ["ogp-2018-2020", ID]),
        ("commitment.read", "id", {}, ["ogp-2018-2020-c03"]),
        ("opendataplan.late_activities", "institution", {"period": "all"}, [ID]),
    ],
)
def test_each_address_is_the_one_url_for_gives(app, endpoint, key, fixed, values):
    with app.flask_app.test_request_context("/progress/institutions"):
        href = tk.h.opendataplan_href(endpoint, key, **fixed)
        for value in values:
            assert href(value) == tk.h.url_for(endpoint, **{key: value}, **fixed)
