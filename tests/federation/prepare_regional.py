"""Prepares the regional test portal in one process (each ``ckan`` command would load
CKAN again, several seconds each): a clean database and index of its own site, the
regional demo, a sysadmin. Run with the regional site's CKAN environment variables:
``python -m tests.federation.prepare_regional test.ini``; prints the sysadmin's API
token."""

from __future__ import annotations

import sys


def main(ini: str) -> None:
    from ckan.cli import load_config
    from ckan.config.middleware import make_app

    app = make_app(load_config(ini))
    with app._wsgi_app.test_request_context():
        import ckan.plugins.toolkit as tk
        from ckan.lib import search

        from ckanext.opendataplan.demo import loader
        from tests.conftest import reset_database

        reset_database()
        search.clear_all()
        loader.load_all("regional")
        context = {"ignore_auth": True}
        user = {"name": "regional-admin", "email": "regional-admin@localhost"}
        tk.get_action("user_create")(dict(context), {**user, "password": "regional-tests"})
        site_user = tk.get_action("get_site_user")(dict(context), {})
        sysadmin = {"user": site_user["name"], "ignore_auth": True}
        tk.get_action("user_patch")(sysadmin, {"id": user["name"], "sysadmin": True})
        token = tk.get_action("api_token_create")(
            {"user": user["name"]}, {"user": user["name"], "name": "tests"}
        )
        print(token["token"])


if __name__ == "__main__":
    main(sys.argv[1])
