"""Writes a document (structure.py) as a DOCX file a ministry can edit in Word or
LibreOffice. An Arabic document is right to left throughout: every paragraph (w:bidi),
every run (w:rtl), every table (w:bidiVisual, the first column on the right) and the
section, with a complex-script font that covers Arabic in the styles.

An RTL paragraph carries no w:jc: Word and LibreOffice read "left" and "right" in a
bidi paragraph as its start and end, so w:jc="right" would align it on the left; left
out, the paragraph starts on the right, as Arabic does."""

from __future__ import annotations

import io
import re
from datetime import datetime, timezone
from typing import Any

import docx
from docx.enum.table import WD_TABLE_DIRECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

from ckanext.opendataplan.domain.text import direction, xml_safe

from .structure import Block, Document, Facts, Heading, PageBreak, Paragraph, Table

LATIN_FONT = "Noto Sans"
ARABIC_FONT = "Noto Naskh Arabic"
BODY_SIZE = Pt(11)
FOOTER_SEPARATOR = " · "
STYLED = ("Normal", "Title", "Heading 1", "Heading 2", "Heading 3")

_BLANK_LINES = re.compile(r"\n(?:[ \t]*\n)+")
_CORE_LIMIT = 255  # python-docx refuses longer core properties

# The schema order of the children the writer adds, from each one to the end of its
# parent's sequence, so that an added child goes before the ones that follow it.
_RPR_TAIL = (
    "w:szCs", "w:highlight", "w:u", "w:effect", "w:bdr", "w:shd", "w:fitText",
    "w:vertAlign", "w:rtl", "w:cs", "w:em", "w:lang", "w:eastAsianLayout",
    "w:specVanish", "w:oMath",
)  # fmt: skip
_PPR_TAIL = (
    "w:bidi", "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind",
    "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc",
    "w:textDirection", "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", "w:divId",
    "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange",
)  # fmt: skip
_SECTPR_TAIL = ("w:bidi", "w:rtlGutter", "w:docGrid", "w:printerSettings", "w:sectPrChange")
_TRPR_TAIL = (
    "w:tblHeader", "w:tblCellSpacing", "w:jc", "w:hidden", "w:ins", "w:del", "w:trPrChange",
)  # fmt: skip


def clean(text: str) -> str:
    """The text without the characters a DOCX file cannot hold, with \\n line ends."""
    return xml_safe(text)


def write_docx(document: Document) -> bytes:
    """The document as the bytes of a .docx file."""
    out = docx.Document()
    _set_page(out)
    _set_styles(out, document)
    _set_properties(out, document)
    title = clean(document.title).strip()
    if title and not _opens_with_title(document.blocks):
        out.add_heading(title, 0)  # the "Title" style
    for block in document.blocks:
        _add_block(out, block)
    _set_footer(out, document.running_footer)
    if document.rtl:
        _make_rtl(out, document.lang)
    buffer = io.BytesIO()
    out.save(buffer)
    return buffer.getvalue()


def _opens_with_title(blocks: list[Block]) -> bool:
    """Whether the first block is the title already (a level-1 heading)."""
    return bool(blocks) and isinstance(blocks[0], Heading) and blocks[0].level <= 1


def _set_page(out: Any) -> None:
    section = out.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Cm(2.5)
    section.top_margin = section.bottom_margin = Cm(2.5)


def _set_properties(out: Any, document: Document) -> None:
    core = out.core_properties
    core.title = clean(document.title).strip()[:_CORE_LIMIT]
    core.language = clean(document.lang).strip()[:_CORE_LIMIT]
    core.author = core.last_modified_by = core.comments = ""  # not the template's
    core.created = core.modified = datetime.now(timezone.utc).replace(microsecond=0)


# -- blocks ---------------------------------------------------------------------------


def _add_block(out: Any, block: Block) -> None:
    if isinstance(block, Heading):
        text = clean(block.text).strip()
        if text:
            out.add_heading(text, min(max(block.level, 1), 3))
    elif isinstance(block, Paragraph):
        for chunk in _paragraphs(block.text):
            out.add_paragraph(chunk)
    elif isinstance(block, Facts):
        _add_facts(out, block)
    elif isinstance(block, Table):
        _add_table(out, block)
    elif isinstance(block, PageBreak):
        out.add_page_break()


def _paragraphs(text: str) -> list[str]:
    """The paragraphs of a text: blank lines separate them; a single newline stays in
    the paragraph (python-docx writes it as a line break)."""
    chunks = (chunk.strip() for chunk in _BLANK_LINES.split(clean(text)))
    return [chunk for chunk in chunks if chunk]


def _add_facts(out: Any, facts: Facts) -> None:
    if not facts.rows:
        return
    table = out.add_table(rows=len(facts.rows), cols=2)
    table.style = "Table Grid"
    for row, (label, value) in zip(table.rows, facts.rows):
        _fill(row.cells[0], label, bold=True)
        _fill(row.cells[1], value)


def _add_table(out: Any, block: Table) -> None:
    width = max([len(block.header), *(len(row) for row in block.rows)])
    if not width:
        return
    if clean(block.caption).strip():
        caption = out.add_paragraph()
        _styled_run(caption, block.caption, italic=True)
        caption.paragraph_format.keep_with_next = True
    rows = ([block.header] if block.header else []) + list(block.rows)
    table = out.add_table(rows=len(rows), cols=width)
    table.style = "Table Grid"
    for index, (row, values) in enumerate(zip(table.rows, rows)):
        for cell, value in zip(row.cells, values):
            _fill(cell, value, bold=bool(block.header) and index == 0)
    if block.header:
        _repeat_as_header(table.rows[0])


def _fill(cell: Any, text: str, bold: bool = False) -> None:
    _styled_run(cell.paragraphs[0], clean(text).strip(), bold=bold)


def _styled_run(paragraph: Any, text: str, bold: bool = False, italic: bool = False) -> None:
    run = paragraph.add_run(clean(text))
    if bold:
        run.bold = run.font.cs_bold = True
    if italic:
        run.italic = run.font.cs_italic = True


def _repeat_as_header(row: Any) -> None:
    """Word and LibreOffice repeat the row at the top of each page the table runs on."""
    _child(row._tr.get_or_add_trPr(), "w:tblHeader", _TRPR_TAIL)


def _set_footer(out: Any, running_footer: tuple[str, ...]) -> None:
    parts = [clean(part).strip() for part in running_footer]
    text = FOOTER_SEPARATOR.join(part for part in parts if part)
    if not text:
        return
    footer = out.sections[0].footer
    footer.is_linked_to_previous = False
    paragraph = footer.paragraphs[0]
    paragraph.text = text
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER  # center is not mirrored in RTL
    numbers = footer.add_paragraph()
    numbers.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for index, field in enumerate(("PAGE", "NUMPAGES")):
        if index:
            numbers.add_run(" / ")
        numbers._p.append(_field(field))


def _field(instruction: str) -> Any:
    """A field Word and LibreOffice fill in when they lay the page out (page numbers)."""
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    return field


# -- styles and direction -------------------------------------------------------------


def _set_styles(out: Any, document: Document) -> None:
    """Fonts that cover the document's scripts, its language for the spelling checker,
    and for RTL the direction of the paragraphs a ministry adds when editing."""
    normal = out.styles["Normal"]
    normal.font.size = BODY_SIZE
    for name in STYLED:
        _set_fonts(out.styles[name].element.get_or_add_rPr(), document.rtl)
    lang = clean(document.lang).strip()
    rpr = normal.element.get_or_add_rPr()
    if document.rtl:
        _child(rpr, "w:szCs", _RPR_TAIL).set(qn("w:val"), str(int(BODY_SIZE.pt * 2)))
        _child(rpr, "w:rtl", _RPR_TAIL)
        _child(normal.element.get_or_add_pPr(), "w:bidi", _PPR_TAIL)
    if lang:
        _child(rpr, "w:lang", _RPR_TAIL).set(qn("w:bidi" if document.rtl else "w:val"), lang)


def _set_fonts(rpr: Any, rtl: bool) -> None:
    """Explicit fonts in place of the theme's (a theme font would take precedence)."""
    fonts = rpr.get_or_add_rFonts()
    themes = ("w:asciiTheme", "w:hAnsiTheme") + (("w:cstheme",) if rtl else ())
    for theme in themes:
        fonts.attrib.pop(qn(theme), None)
    fonts.set(qn("w:ascii"), LATIN_FONT)
    fonts.set(qn("w:hAnsi"), LATIN_FONT)
    if rtl:
        fonts.set(qn("w:cs"), ARABIC_FONT)


def _make_rtl(out: Any, lang: str) -> None:
    """Every paragraph and run of the body and the footers right to left (but those
    whose text starts in a left-to-right script), every table and the section too."""
    lang = clean(lang).strip()
    roots = [out.element.body]
    roots += [s.footer._element for s in out.sections if not s.footer.is_linked_to_previous]
    for root in roots:
        for p in root.iter(qn("w:p")):
            if direction("".join(p.itertext())) == "ltr":
                continue  # a French or English text stays left to right
            _child(p.get_or_add_pPr(), "w:bidi", _PPR_TAIL)
            for r in p.iter(qn("w:r")):
                _set_run_rtl(r.get_or_add_rPr(), lang)
        for tbl in root.iter(qn("w:tbl")):
            tbl.bidiVisual_val = WD_TABLE_DIRECTION.RTL
    for section in out.sections:
        _child(section._sectPr, "w:bidi", _SECTPR_TAIL)


def _set_run_rtl(rpr: Any, lang: str) -> None:
    _child(rpr, "w:rtl", _RPR_TAIL)
    if lang:
        _child(rpr, "w:lang", _RPR_TAIL).set(qn("w:bidi"), lang)


def _child(parent: Any, tag: str, order: tuple[str, ...]) -> Any:
    """The parent's `tag` child, added in its place in the schema order if missing."""
    found = parent.find(qn(tag))
    if found is None:
        found = OxmlElement(tag)
        parent.insert_element_before(found, *order[order.index(tag) + 1 :])
    return found
