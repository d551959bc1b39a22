"""The activity stream of the plugin's types: one line per save, in words, in the
reader's language; the plugin's own activities that a save's line tells are not
repeated beside it; CKAN's generic "updated the Commitment" nowhere."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from ckan.tests import factories, helpers

from tests import factories_odp as f
from tests.browser.test_accessibility import english_phrases, visible_english
from tests.marks import portal

pytestmark = portal

TITLE_AR = "تعزيز نشر البيانات المفتوحة"


@pytest.fixture
def world():
    """A commitment created by Salma, then saved three ways: its figure set (from 0 to 40 %),
    its figure changed (55 %) with its end date, and its challenges written."""
    salma = factories.Sysadmin(name="salma", fullname="Salma")
    org = factories.Organization()
    plan = f.plan(salma, org)
    commitment = f.commitment(salma, plan, org)
    context = {"user": salma["name"]}
    helpers.call_action("package_patch", context, id=commitment["id"], progress=40)
    helpers.call_action(
        "package_patch", context, id=commitment["id"], progress=55, end_date="2020-12-31"
    )
    helpers.call_action("package_patch", context, id=commitment["id"], challenges="Delays")
    return {"salma": salma, "org": org, "plan": plan, "commitment": commitment}


def _lines(app, path, user):
    token = factories.APIToken(user=user["name"])["token"]
    page = BeautifulSoup(app.get(path, headers={"Authorization": token}).body, "html.parser")
    return [" ".join(li.get_text(" ").split()) for li in page.select("ul.activity > li")]


def test_a_commitments_stream_reads_one_line_per_save_in_arabic(app, world):
    lines = _lines(app, f"/ar/dataset/activity/{world['commitment']['name']}", world["salma"])

    assert lines[0].startswith(f"حدّث Salma الالتزام {TITLE_AR} : الصعوبات ")
    assert lines[1].startswith(
        f"غيّر Salma نسبة تقدم الالتزام {TITLE_AR} من 40 % إلى 55 % · وحدّث أيضا: تاريخ النهاية "
    )
    assert lines[2].startswith(f"غيّر Salma نسبة تقدم الالتزام {TITLE_AR} من 0 % إلى 40 % ")
    assert lines[3].startswith(f"أنشأ Salma الالتزام {TITLE_AR} ")
    assert len(lines) == 4  # the figure's own activities are told by these lines
    page = " ".join(lines)
    assert "updated the" not in page
    assert visible_english(page, english_phrases("ar")) == []


def test_the_same_stream_in_english(app, world):
    lines = _lines(app, f"/en/dataset/activity/{world['commitment']['name']}", world["salma"])

    assert lines[0].startswith(f"Salma updated the commitment {TITLE_AR} : Challenges ")
    assert lines[1].startswith(
        f"Salma changed the figure of the commitment {TITLE_AR} from 40 % to 55 %"
        " · also updated: End date "
    )
    assert lines[2].startswith(
        f"Salma changed the figure of the commitment {TITLE_AR} from 0 % to 40 % "
    )
    assert lines[3].startswith(f"Salma created the commitment {TITLE_AR} ")
    assert len(lines) == 4


def test_the_plans_stream_still_tells_its_commitments_figures(app, world):
    lines = _lines(app, f"/ar/dataset/activity/{world['plan']['name']}", world["salma"])

    assert lines[0].startswith("انتقل الالتزام 4 من 40 % إلى 55 % بتاريخ ")
    assert lines[1].startswith("انتقل الالتزام 4 من 0 % إلى 40 % بتاريخ ")


def test_completing_an_activity_is_one_line_with_its_title(app, world):
    context, milestones = {"user": world["salma"]["name"]}, f.milestones()
    helpers.call_action(
        "package_patch", context, id=world["commitment"]["id"], milestones=milestones
    )
    milestones[2]["status"], milestones[2]["progress"] = "complete", 100
    helpers.call_action(
        "package_patch", context, id=world["commitment"]["id"], milestones=milestones
    )

    lines = _lines(app, f"/en/dataset/activity/{world['commitment']['name']}", world["salma"])

    assert lines[0].startswith(
        f"Salma changed the figure of the commitment {TITLE_AR} from 96 % to 97 %"
        " · also updated: Activities and milestones"
        " · 1 activity completed: “Open-data strategy and governance rules” "
    )
    assert len(lines) == 6


def test_a_follower_of_both_reads_one_line_per_save_on_the_dashboard(app, world):
    citizen = factories.User()
    for package in (world["plan"], world["commitment"]):
        helpers.call_action("follow_dataset", {"user": citizen["name"]}, id=package["id"])
    helpers.call_action(
        "package_patch", {"user": world["salma"]["name"]}, id=world["commitment"]["id"], progress=70
    )

    lines = _lines(app, "/ar/dashboard/", citizen)

    assert [line for line in lines if "70 %" in line] == [
        line
        for line in lines
        if line.startswith(f"غيّر Salma نسبة تقدم الالتزام {TITLE_AR} من 55 % إلى 70 %")
    ]
    assert len([line for line in lines if "70 %" in line]) == 1


def test_ckans_own_datasets_keep_ckans_lines(app, world):
    dataset = factories.Dataset(
        user=world["salma"], owner_org=world["org"]["id"], title="Budget data"
    )
    helpers.call_action(
        "package_patch", {"user": world["salma"]["name"]}, id=dataset["id"], notes="New"
    )

    lines = _lines(app, f"/en/dataset/activity/{dataset['name']}", world["salma"])

    assert lines[0].startswith("Salma updated the dataset Budget data")
    assert lines[1].startswith("Salma created the dataset Budget data")


def test_the_streams_filter_names_each_kind_in_the_pages_language(app, world):
    token = factories.APIToken(user=world["salma"]["name"])["token"]
    url = f"/ar/dataset/activity/{world['commitment']['name']}"
    page = BeautifulSoup(app.get(url, headers={"Authorization": token}).body, "html.parser")

    options = [o.get_text(strip=True) for o in page.select("#activity_types_filter_select option")]

    assert options[:4] == ["كل أنواع النشاط", "إنشاء", "تحديث", "حذف"]
    assert visible_english(" ".join(options), english_phrases("ar")) == []
    assert not any("Package" in option for option in options)


def test_publishing_is_a_line_of_its_own(app, world):
    context = {"user": world["salma"]["name"]}
    helpers.call_action("package_patch", context, id=world["commitment"]["id"], private=True)

    lines = _lines(app, f"/ar/dataset/activity/{world['commitment']['name']}", world["salma"])

    assert lines[0].startswith(f"حدّث Salma الالتزام {TITLE_AR} : من يمكنه الاطلاع عليه ")
