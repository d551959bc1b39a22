"""The documents of the demo plans, as citizens download them: the plan, the tracking
card, the self-assessment and the consultation report as PDF (read back with Debian's
pdftotext and pdftoppm) and DOCX (python-docx), and the IRM data export."""

from __future__ import annotations

import csv
import io
import re
import subprocess
from pathlib import Path

import docx
import pytest
from ckan.tests import factories, helpers
from docx.oxml.ns import qn

from ckanext.opendataplan.demo import loader
from ckanext.opendataplan.domain import irm
from tests.marks import COORDINATOR

pytestmark = [
    pytest.mark.ckan_config("ckanext.opendataplan.coordinating_bodies", COORDINATOR),
    pytest.mark.ckan_config("ckanext.opendataplan.country", "Morocco"),
    pytest.mark.usefixtures("with_plugins", "clean_db_once"),
]

PLAN = "ma-ogp-2018-2020"
C4 = "ma-ogp-2018-2020-c4-open-data"
DRAFT = "ma-ogp-2021-2023"


@pytest.fixture(scope="module")
def demo(clean_db_once):
    loader.load_all()


# pdftotext wraps runs in bidi embedding marks and spaces them its own way: the tests
# compare the characters, in logical order, without either.
UNSPACED = re.compile(r"[\s\u200e\u200f\u202a-\u202e\u2066-\u2069]+")


def flat(text: str) -> str:
    return UNSPACED.sub("", text)


def _pdf_text(body: bytes, tmp_path: Path, *pages: str) -> str:
    """The PDF's text in logical order, unspaced (see ``flat``)."""
    path = tmp_path / "document.pdf"
    path.write_bytes(body)
    result = subprocess.run(
        ["pdftotext", *pages, "-enc", "UTF-8", str(path), "-"],
        capture_output=True,
        check=True,
    )
    return flat(result.stdout.decode())


def _page_count(body: bytes, tmp_path: Path) -> int:
    path = tmp_path / "count.pdf"
    path.write_bytes(body)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, check=True, text=True)
    return int(
        next(line for line in info.stdout.splitlines() if line.startswith("Pages:")).split()[1]
    )


def _get(app, url: str, status: int = 200):
    response = app.get(url, status=status)
    return response


@pytest.mark.usefixtures("demo")
class TestPdf:
    def test_the_plan_reads_in_logical_arabic_order(self, app, tmp_path):
        response = _get(app, f"/ar/plan/{PLAN}/document.pdf")

        assert response.headers["Content-Type"] == "application/pdf"
        assert f'filename="{PLAN}.pdf"' in response.headers["Content-Disposition"]
        text = _pdf_text(response.data, tmp_path)
        # pdftotext gives the characters in logical (reading) order, not the visual one
        assert flat("خطة العمل الوطنية للحكومة المنفتحة") in text
        assert flat("تعزيز نشر البيانات المفتوحة وإعادة استعمالها") in text
        assert flat("دراسات مقارنة حول استراتيجيات البيانات") in text  # an activity of the card
        # the template's order: the plan, its commitments' table, then commitment 4's card
        notes, table = flat("خطة العمل الوطنية الأولى للمغرب"), flat("الالتزامات")
        card = flat("الإشكال العمومي المعالج")  # a field of commitment 4's card
        assert text.index(notes) < text.index(table) < text.index(card)

    def test_every_page_names_the_portal_the_plan_and_the_figures_date(self, app, tmp_path):
        body = _get(app, f"/ar/plan/{PLAN}/document.pdf").data
        pages = _page_count(body, tmp_path)

        assert pages > 5
        for page in (1, pages // 2, pages):
            text = _pdf_text(body, tmp_path, "-f", str(page), "-l", str(page))
            assert flat("بوابة خطط البيانات المفتوحة") in text
            assert f"http://test.ckan.net/ar/plan/{PLAN}" in text
            assert flat("الأرقام بتاريخ 31 أغسطس 2020") in text
            # "1 / 20" reads right to left: pdftotext may give it as drawn
            assert f"{page}/{pages}" in text or f"{pages}/{page}" in text

    def test_the_pages_render_to_images(self, app, tmp_path):
        body = _get(app, f"/ar/commitment/{C4}/card.pdf").data
        (tmp_path / "card.pdf").write_bytes(body)

        subprocess.run(
            ["pdftoppm", "-r", "40", "-png", str(tmp_path / "card.pdf"), str(tmp_path / "page")],
            check=True,
        )

        images = sorted(tmp_path.glob("page*.png"))
        assert images and all(image.stat().st_size > 5000 for image in images)

    def test_the_tracking_card_has_the_annex_4_fields(self, app, tmp_path):
        text = _pdf_text(_get(app, f"/ar/commitment/{C4}/card.pdf").data, tmp_path)

        assert flat("بطاقة تتبع الالتزام") in text
        assert flat("مستوى الإنجاز") in text and "جوهري" in text  # substantial
        assert "96%" in text  # as the page prints it (not "% 96": see below)
        assert flat("الأنشطة والمراحل") in text and "منجز" in text  # each activity's status

    def test_percentages_read_as_on_the_page(self, app, tmp_path):
        """Every percentage of the Arabic plan reads as the page prints it, "96%": a
        figure laid out right to left without isolation put its sign first ("% 96",
        which pdftotext gives as drawn)."""
        path = tmp_path / "plan.pdf"
        path.write_bytes(_get(app, f"/ar/plan/{PLAN}/document.pdf").data)
        # the words as drawn, left to right: "96%" one word; "% 96" two, "%" first
        drawn = subprocess.run(
            ["pdftotext", "-bbox", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True
        ).stdout.decode()
        words = re.findall(r"<word[^>]*>([^<]*)</word>", drawn)
        page = _get(app, f"/ar/commitment/{C4}").body

        assert "%" not in words
        figures = [word for word in words if re.fullmatch(r"\d+%", word)]
        assert len(figures) >= 18  # every commitment's figure in the plan's table
        assert '<span dir="ltr">96%</span>' in page and "96%" in figures

    def test_percentages_in_french_take_french_spacing(self, app, tmp_path):
        path = tmp_path / "fr.pdf"
        path.write_bytes(_get(app, f"/fr/commitment/{C4}/card.pdf").data)
        text = subprocess.run(
            ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True
        ).stdout.decode()

        assert "96\u00a0%" in text or "96 %" in text  # babel's French form, as on the page

    def test_the_self_assessment_goes_commitment_by_commitment(self, app, tmp_path):
        text = _pdf_text(_get(app, f"/fr/plan/{PLAN}/self-assessment.pdf").data, tmp_path)

        assert flat("Auto-évaluation de fin de mandat") in text
        assert flat("Les engagements en fin de mandat") in text
        assert flat("Activités et jalons") in text  # each commitment's activities
        # commitment 4 reports none of them: one line says so, not four empty headings
        assert flat("Résultats, prochaines étapes, difficultés et preuves") in text
        assert flat("Activités en retard") in text

    def test_the_consultation_report_exists_where_there_was_one(self, app, tmp_path):
        text = _pdf_text(_get(app, f"/ar/plan/{DRAFT}/consultation-report.pdf").data, tmp_path)

        assert flat("تقرير الاستشارة") in text
        _get(app, f"/ar/plan/{PLAN}/consultation-report.pdf", 404)

    def test_only_ogp_plans_have_a_self_assessment(self, app):
        _get(app, "/ar/plan/ma-national-open-data-2021/self-assessment.pdf", 404)
        _get(app, "/ar/plan/no-such-plan/document.pdf", 404)


@pytest.mark.usefixtures("demo")
def test_the_docx_reads_right_to_left(app):
    response = _get(app, f"/ar/plan/{PLAN}/document.docx")

    document = docx.Document(io.BytesIO(response.data))
    texts = [p.text for p in document.paragraphs]
    assert any("خطة العمل الوطنية للحكومة المنفتحة" in t for t in texts)
    body = [p for p in document.paragraphs if p.text.strip()]
    assert all(p._p.pPr is not None and p._p.pPr.find(qn("w:bidi")) is not None for p in body)
    assert document.tables and all(
        t._tbl.tblPr.find(qn("w:bidiVisual")) is not None for t in document.tables
    )


@pytest.mark.usefixtures("demo")
def test_a_private_commitment_is_in_no_one_elses_document(app, tmp_path):
    sysadmin = factories.Sysadmin()
    plan = helpers.call_action("package_show", id=PLAN)
    helpers.call_action(
        "package_create",
        {"user": sysadmin["name"]},
        type="commitment",
        name="secret-commitment",
        plan=plan["id"],
        owner_org=plan["owner_org"],
        private=True,
        title_translated={"ar": "التزام سري"},
    )

    anonymous = _pdf_text(_get(app, f"/ar/plan/{PLAN}/document.pdf").data, tmp_path)
    token = factories.APIToken(user=sysadmin["name"])["token"]
    admin = app.get(f"/ar/plan/{PLAN}/document.pdf", headers={"Authorization": token})

    assert flat("التزام سري") not in anonymous
    assert flat("التزام سري") in _pdf_text(admin.data, tmp_path)
    _get(app, "/ar/commitment/secret-commitment/card.pdf", 404)


@pytest.mark.usefixtures("demo")
def test_the_irm_data_of_commitment_4(app):
    response = _get(app, f"/en/plan/{PLAN}/irm.csv")

    rows = list(csv.DictReader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert list(rows[0]) == list(irm.COLUMNS)
    (c4,) = [row for row in rows if row["commitment"] == C4]
    assert c4["country"] == "Morocco"
    assert c4["commitment_number"] == "4"
    assert c4["commitment_title"] == "Strengthen the publication and reuse of open data"
    assert (c4["completion"], c4["progress"]) == ("substantial", "96")
    assert c4["figures_date"] == "2020-08-31"
    assert (c4["value_transparency"], c4["value_integrity"]) == ("yes", "no")
    assert "المندوبية السامية للتخطيط" in c4["supporting_institutions"]
    assert c4["specificity"] == c4["starred"] == ""  # the IRM has not assessed it here
    national = list(
        csv.DictReader(io.StringIO(_get(app, "/en/progress/irm.csv").data.decode("utf-8-sig")))
    )
    assert {row["plan"] for row in national} == {PLAN}  # the adopted OGP plans (not the draft)


@pytest.mark.usefixtures("demo")
def test_a_hidden_comment_leaves_the_cached_report(app, tmp_path):
    url = f"/fr/plan/{DRAFT}/consultation-report.pdf"
    comments = helpers.call_action("opendataplan_comment_list", plan=DRAFT)
    shown = next(c for c in comments if not c["hidden"])
    before = _pdf_text(_get(app, url).data, tmp_path)
    words = flat(shown["body"])[:20]
    assert words in before

    sysadmin = factories.Sysadmin()
    helpers.call_action(
        "opendataplan_comment_hide",
        {"user": sysadmin["name"]},
        id=shown["id"],
        reason="Hors sujet",
    )
    after = _pdf_text(_get(app, url).data, tmp_path)
    helpers.call_action(
        "opendataplan_comment_hide", {"user": sysadmin["name"]}, id=shown["id"], hidden=False
    )

    assert words not in after
    assert flat("Hors sujet") in after


@pytest.mark.usefixtures("demo")
def test_a_busy_portal_asks_to_come_back(app):
    from ckan.lib.redis import connect_to_redis

    from ckanext.opendataplan.common import cache

    redis = connect_to_redis()
    slot = cache.redis_key("document-slot", "0")
    redis.set(slot, "held by another worker", ex=60)
    try:
        busy = app.get(f"/en/commitment/{C4}/card.docx", status=503)
    finally:
        redis.delete(slot)

    assert busy.headers["Retry-After"] == "10"
    assert _get(app, f"/en/commitment/{C4}/card.docx").data[:2] == b"PK"


@pytest.mark.usefixtures("demo")
@pytest.mark.ckan_config("ckanext.opendataplan.pdf_max_characters", 1000)
def test_a_document_too_long_for_pdf_is_offered_as_docx(app):
    response = app.get(f"/fr/plan/{PLAN}/document.pdf", status=413)

    assert "DOCX" in response.body
    assert _get(app, f"/fr/plan/{PLAN}/document.docx").data[:2] == b"PK"


@pytest.mark.usefixtures("demo")
def test_a_draft_plan_has_no_self_assessment(app):
    _get(app, f"/ar/plan/{DRAFT}/self-assessment.pdf", 404)
    page = _get(app, f"/ar/plan/{DRAFT}").body
    assert "self-assessment" not in page and "irm.csv" not in page
