""" "Embed this": the plan and commitment pages give the widget's iframe code in a
read-only field, in the page's language, that another site can paste as it is."""

from __future__ import annotations

from typing import Any

import pytest
from bs4 import BeautifulSoup

from tests import factories_odp as f

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db_once")


@pytest.fixture(scope="module")
def scene(clean_db_once: None) -> dict[str, Any]:
    from ckan.tests import factories

    admin = factories.Sysadmin()
    org = factories.Organization(name="ministry")
    title = {"ar": 'خطة "المنفتحة" <2020>', "fr": 'Plan "ouvert" <2020>'}
    plan = f.plan(admin, org, title_translated=title)
    commitment = f.commitment(admin, plan, org)
    return {"plan": plan, "commitment": commitment}


def _field(app, url: str) -> BeautifulSoup:
    page = BeautifulSoup(app.get(url).body, "html.parser")
    field = page.select_one(".opendataplan-embed-code textarea")
    assert field is not None and field.has_attr("readonly")
    assert page.select_one(f"label[for='{field['id']}']") is not None
    return field


@pytest.mark.parametrize(
    ("lang", "kind", "label"),
    [("ar", "plan", "الشفرة المراد نسخها"), ("fr", "commitment", "Code à copier")],
)
def test_the_page_gives_the_widgets_code_to_copy(app, scene, lang, kind, label):
    name = scene[kind]["name"]
    page = BeautifulSoup(app.get(f"/{lang}/{kind}/{name}").body, "html.parser")
    field = page.select_one(".opendataplan-embed-code textarea")
    code = BeautifulSoup(field.get_text(), "html.parser").iframe  # as another site reads it

    assert page.select_one(f"label[for='{field['id']}']").get_text(strip=True) == label
    assert code["src"] == f"http://test.ckan.net/{lang}/embed/{kind}/{name}"
    assert code["style"].startswith("inline-size: 100%")
    assert app.get(code["src"].removeprefix("http://test.ckan.net")).status_code == 200


def test_the_title_in_the_code_is_escaped_once(app, scene):
    field = _field(app, f"/ar/plan/{scene['plan']['name']}")
    code = field.get_text()

    assert 'title="خطة &#34;المنفتحة&#34; &lt;2020&gt; – التقدم"' in code
    assert BeautifulSoup(code, "html.parser").iframe["title"] == 'خطة "المنفتحة" <2020> – التقدم'
