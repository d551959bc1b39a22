"""The DOCX writer: an Arabic plan reads right to left everywhere in Word and
LibreOffice, a French one has no trace of RTL, and no user text makes writing fail."""

from __future__ import annotations

import io
import zipfile

import docx
from docx.oxml.ns import qn
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from ckanext.opendataplan.documents.docx_writer import (
    ARABIC_FONT,
    FOOTER_SEPARATOR,
    write_docx,
)
from ckanext.opendataplan.documents.structure import (
    Document,
    Facts,
    Heading,
    PageBreak,
    Paragraph,
    Table,
)

TITLE = "خطة العمل الوطنية"
FOOTER = ("بوابة البيانات المفتوحة", "https://data.example.ma/plan/1", "2025-06-30")
FACTS = (("الجهة المسؤولة", "وزارة الانتقال الرقمي"), ("الحالة", "قيد التنفيذ"))
HEADER = ("الالتزام", "المؤشر", "الموعد")
ROWS = (("نشر البيانات", "عدد المجموعات", "2025"), ("إشراك المجتمع", "عدد اللقاءات", "2026"))
FIRST = "الفقرة الأولى\nسطرها الثاني"
SECOND = "الفقرة الثانية"


def arabic() -> Document:
    document = Document(title=TITLE, lang="ar", rtl=True, running_footer=FOOTER)
    document.add(
        Heading("الالتزامات", 2),
        Facts(FACTS),
        Table(HEADER, ROWS, caption="جدول 1: الالتزامات"),
        Paragraph(f"{FIRST}\n\n  \n{SECOND}\n"),
        PageBreak(),
        Heading("ملحق", 3),
    )
    return document


def french() -> Document:
    document = Document(title="Plan d'action national", lang="fr", rtl=False)
    document.running_footer = ("Portail", "2025-06-30")
    document.add(
        Heading("Engagements", 2),
        Facts((("Responsable", "Ministère"),)),
        Table(("Engagement", "Indicateur", "Échéance"), (("Publier", "Jeux", "2025"),), "T1"),
        Paragraph("Premier.\n\nSecond."),
        PageBreak(),
    )
    return document


def reopen(data: bytes):
    return docx.Document(io.BytesIO(data))


def text_of(element) -> str:
    return "".join(t.text or "" for t in element.iter(qn("w:t")))


def parts(data: bytes) -> dict[str, etree._Element]:
    """The XML parts of the package by name: the body, styles, footers, properties."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        names = [name for name in package.namelist() if name.endswith(".xml")]
        return {name: etree.fromstring(package.read(name)) for name in names}


def body_paragraphs(opened) -> list:
    return list(opened.element.body.iter(qn("w:p")))


def footer_paragraph(opened):
    return opened.sections[0].footer.paragraphs[0]


# -- Arabic -----------------------------------------------------------------------------


def test_the_text_is_there_in_logical_order():
    opened = reopen(write_docx(arabic()))
    texts = [text_of(p) for p in body_paragraphs(opened) if text_of(p)]
    expected = [
        TITLE,
        "الالتزامات",
        *(text for row in FACTS for text in row),
        "جدول 1: الالتزامات",
        *HEADER,
        *(text for row in ROWS for text in row),
        FIRST.replace("\n", ""),
        SECOND,
        "ملحق",
    ]
    assert texts == expected


def test_the_title_and_headings_have_their_styles():
    opened = reopen(write_docx(arabic()))
    styled = [(p.style.name, p.text) for p in opened.paragraphs if p.text]
    assert styled[0] == ("Title", TITLE)
    assert ("Heading 2", "الالتزامات") in styled
    assert ("Heading 3", "ملحق") in styled


def test_blank_lines_separate_paragraphs_and_a_newline_breaks_the_line():
    opened = reopen(write_docx(arabic()))
    first = next(p for p in opened.paragraphs if p.text.startswith("الفقرة الأولى"))
    assert len(first._p.findall(f".//{qn('w:br')}")) == 1
    assert first.text == FIRST  # python-docx reads a w:br back as a newline
    assert any(p.text == SECOND for p in opened.paragraphs)


def test_every_paragraph_is_right_to_left():
    opened = reopen(write_docx(arabic()))
    paragraphs = body_paragraphs(opened) + [footer_paragraph(opened)._p]
    assert len(paragraphs) > 15  # the table cells' paragraphs included
    for p in paragraphs:
        assert p.pPr is not None and p.pPr.find(qn("w:bidi")) is not None, text_of(p)
        jc = p.pPr.find(qn("w:jc"))
        # in a bidi paragraph Word reads "right" as the end: it would align on the left
        assert jc is None or jc.get(qn("w:val")) not in ("right", "end")


def test_every_run_is_right_to_left_in_arabic():
    opened = reopen(write_docx(arabic()))
    runs = list(opened.element.body.iter(qn("w:r")))
    runs += list(footer_paragraph(opened)._p.iter(qn("w:r")))
    assert len(runs) > 15
    for run in runs:
        assert run.rPr is not None and run.rPr.find(qn("w:rtl")) is not None
        assert run.rPr.find(qn("w:lang")).get(qn("w:bidi")) == "ar"


def test_tables_put_their_first_column_on_the_right():
    opened = reopen(write_docx(arabic()))
    assert len(opened.tables) == 2
    for table in opened.tables:
        assert table._tbl.tblPr.find(qn("w:bidiVisual")) is not None
        assert table.style.name == "Table Grid"


def test_the_facts_are_a_two_column_table_with_bold_labels():
    facts = reopen(write_docx(arabic())).tables[0]
    assert [[cell.text for cell in row.cells] for row in facts.rows] == [list(r) for r in FACTS]
    for row in facts.rows:
        assert all(run.bold for run in row.cells[0].paragraphs[0].runs)
        assert not any(run.bold for run in row.cells[1].paragraphs[0].runs)
        assert row._tr.trPr is None or row._tr.trPr.find(qn("w:tblHeader")) is None


def test_the_table_header_is_bold_and_repeated_on_each_page():
    table = reopen(write_docx(arabic())).tables[1]
    header, *rows = table.rows
    assert [cell.text for cell in header.cells] == list(HEADER)
    assert header._tr.trPr.find(qn("w:tblHeader")) is not None
    assert all(run.bold for cell in header.cells for run in cell.paragraphs[0].runs)
    assert [[cell.text for cell in row.cells] for row in rows] == [list(r) for r in ROWS]
    for row in rows:
        assert row._tr.trPr is None or row._tr.trPr.find(qn("w:tblHeader")) is None


def test_the_caption_is_an_italic_paragraph_before_the_table():
    opened = reopen(write_docx(arabic()))
    body = list(opened.element.body)
    table = opened.tables[1]._tbl
    caption = body[body.index(table) - 1]
    assert text_of(caption) == "جدول 1: الالتزامات"
    assert all(r.rPr.find(qn("w:i")) is not None for r in caption.iter(qn("w:r")))


def test_the_running_footer_is_on_every_page():
    opened = reopen(write_docx(arabic()))
    section = opened.sections[0]
    assert not section.footer.is_linked_to_previous
    assert footer_paragraph(opened).text == FOOTER_SEPARATOR.join(FOOTER)
    assert section._sectPr.find(qn("w:bidi")) is not None


def test_the_styles_use_a_font_that_covers_arabic():
    normal = reopen(write_docx(arabic())).styles["Normal"].element.rPr
    assert normal.rFonts.get(qn("w:cs")) == ARABIC_FONT
    assert normal.find(qn("w:szCs")).get(qn("w:val")) == normal.sz.get(qn("w:val"))


def test_the_core_properties_name_the_document():
    properties = reopen(write_docx(arabic())).core_properties
    assert properties.title == TITLE
    assert properties.language == "ar"
    assert "python-docx" not in (properties.comments, properties.last_modified_by)


def test_a_title_heading_in_the_blocks_is_not_repeated():
    document = Document(title="Plan", lang="fr", rtl=False)
    document.add(Heading("Plan", 1), Paragraph("Texte."), Heading("Sous-titre", 7))
    opened = reopen(write_docx(document))
    styled = [(p.style.name, p.text) for p in opened.paragraphs]
    assert styled == [("Heading 1", "Plan"), ("Normal", "Texte."), ("Heading 3", "Sous-titre")]


# -- French -----------------------------------------------------------------------------


def test_a_left_to_right_document_has_no_trace_of_rtl():
    data = write_docx(french())
    found = {
        name: [el.tag for tag in ("w:bidi", "w:rtl", "w:bidiVisual") for el in root.iter(qn(tag))]
        for name, root in parts(data).items()
    }
    assert {name: tags for name, tags in found.items() if tags} == {}
    opened = reopen(data)
    assert opened.paragraphs[0].text == "Plan d'action national"
    assert footer_paragraph(opened).text == "Portail · 2025-06-30"
    assert opened.tables[1].rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert opened.core_properties.language == "fr"


# -- hostile text ---------------------------------------------------------------------------

CONTROLS = "\x00\x01\x08\x0b\x0c\x0e\x1f\ud800\udfff\ufffe\uffff"


def test_control_characters_are_removed_not_fatal():
    def dirty(text: str) -> str:
        return CONTROLS[:5] + text + CONTROLS[5:]

    document = Document(title=dirty("عنوان"), lang=dirty("ar"), rtl=True)
    document.running_footer = (dirty("بوابة"), "\x00")
    document.add(
        Heading(dirty("قسم")),
        Facts(((dirty("الجهة"), dirty("وزارة")),)),
        Table((dirty("أ"), "ب"), ((dirty("1"), "\x00\x01"),), caption=dirty("جدول")),
        Paragraph(dirty("سطر\r\nثان") + "\r\n\r\n" + dirty("فقرة")),
    )
    opened = reopen(write_docx(document))
    texts = [text_of(p) for p in body_paragraphs(opened)]
    # "سطر" and "ثان" are one paragraph, with a line break (not a w:t) between them
    assert texts == ["عنوان", "قسم", "الجهة", "وزارة", "جدول", "أ", "ب", "1", "", "سطرثان", "فقرة"]
    assert footer_paragraph(opened).text == "بوابة"
    assert opened.core_properties.title == "عنوان"
    assert opened.core_properties.language == "ar"
    everything = "".join(texts) + opened.core_properties.title
    assert not any(char in everything for char in CONTROLS)


def test_an_overlong_title_is_cut_for_the_core_properties_only():
    title = "خطة " * 100
    opened = reopen(write_docx(Document(title=title, lang="ar", rtl=True)))
    assert opened.paragraphs[0].text == title.strip()
    assert opened.core_properties.title == title.strip()[:255]


def test_an_empty_document_is_still_a_document():
    opened = reopen(write_docx(Document(title="", lang="", rtl=True)))
    assert opened.paragraphs == [] and opened.tables == []


# Any code point, the surrogates (category Cs) included, which st.text() leaves out.
ANY_TEXT = st.text(st.characters(exclude_categories=()))
SHORT_TEXT = st.text(st.characters(exclude_categories=()), max_size=20)


@settings(max_examples=60, deadline=None)
@given(
    title=ANY_TEXT,
    text=ANY_TEXT,
    lang=SHORT_TEXT,
    cells=st.lists(st.lists(SHORT_TEXT, max_size=4), max_size=4),
    header=st.lists(SHORT_TEXT, max_size=4),
    rtl=st.booleans(),
)
def test_any_text_is_written_and_reopens(title, text, lang, cells, header, rtl):
    document = Document(title=title, lang=lang, rtl=rtl, running_footer=(title, text))
    document.add(
        Heading(title, 2),
        Paragraph(text),
        Facts(((title, text),)),
        Table(tuple(header), tuple(tuple(row) for row in cells), caption=text),
        PageBreak(),
    )
    opened = reopen(write_docx(document))
    assert len(opened.core_properties.title) <= 255
    assert len(opened.tables) == 1 + bool(header or any(cells))


def test_the_footer_numbers_the_pages():
    opened = reopen(write_docx(arabic()))

    fields = opened.sections[0].footer._element.iter(qn("w:fldSimple"))
    assert [f.get(qn("w:instr")) for f in fields] == ["PAGE", "NUMPAGES"]
