"""Signing in as the tests' clients do: an API token, or a browser's session cookie."""

from __future__ import annotations

from typing import Any

from bs4 import BeautifulSoup

from tests import factories_odp as f

PASSWORD = "a-long-test-password-1"


def signed_in(user: dict[str, Any]) -> dict[str, str]:
    """Headers that sign in by a new API token of the user."""
    return {"Authorization": f.factories.APIToken(user=user["name"])["token"]}


def form_token(app: Any, url: str, headers: dict[str, str]) -> str:
    page = BeautifulSoup(app.get(url, headers=headers).body, "html.parser")
    return page.find("input", attrs={"name": "_csrf_token"})["value"]


def cookie_browser(app: Any, user: dict[str, Any] | None = None) -> Any:
    """A test client signed in as a browser is: through CKAN's login form, keeping the
    session cookie it sets (a new user unless one made with ``PASSWORD`` is given)."""
    user = user or f.factories.User(password=PASSWORD)
    browser = app.test_client()
    page = BeautifulSoup(browser.get("/user/login").body, "html.parser")
    token = page.select_one("form input[name=_csrf_token]")["value"]
    form = {"login": user["name"], "password": PASSWORD, "_csrf_token": token}
    assert browser.post("/user/login", data=form, follow_redirects=False).status_code == 302
    return browser


def page_token(browser: Any, url: str) -> str:
    """The CSRF token a page gives the signed-in browser (CKAN's meta tag)."""
    page = BeautifulSoup(browser.get(url).get_data(as_text=True), "html.parser")
    return page.find("meta", attrs={"name": "_csrf_token"})["content"]
