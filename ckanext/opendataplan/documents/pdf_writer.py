"""A document as PDF, laid out by WeasyPrint (which shapes Arabic through Pango and
HarfBuzz): the blocks as HTML, right to left for Arabic, the portal's name, the plan's
address and the date of the figures at the foot of every page.

WeasyPrint fetches nothing: every address it meets (an image in a user's text, say) is
refused, so a document can never make the server call another machine."""

from __future__ import annotations

from html import escape
from typing import Any

from ckanext.opendataplan.documents.structure import (
    Block,
    Document,
    Facts,
    Heading,
    PageBreak,
    Paragraph,
    Table,
)
from ckanext.opendataplan.domain.text import direction

FONTS = '"Noto Naskh Arabic", "Noto Sans Arabic", "Noto Sans", "DejaVu Sans", sans-serif'

STYLE = """
@page {
  size: A4; margin: 18mm 16mm 22mm;
  @bottom-center { content: string(footer); font-size: 8pt; color: #4a5058; }
  @bottom-right { content: counter(page) " / " counter(pages); font-size: 8pt; color: #4a5058; }
}
html { font-family: %(fonts)s; font-size: 10.5pt; line-height: 1.5; color: #1d2125; }
.running-footer { string-set: footer content(text); height: 0; overflow: hidden; margin: 0; }
h1, h2, h3 { break-after: avoid; }
h1 { font-size: 18pt; margin: 0 0 6pt; }
h2 { font-size: 13.5pt; margin: 14pt 0 4pt; border-block-end: 1px solid #b8c0cc; }
h3 { font-size: 11pt; margin: 10pt 0 2pt; }
p { margin: 0 0 6pt; white-space: pre-line; }
table { border-collapse: collapse; inline-size: 100%%; margin-block-end: 8pt; }
th, td { border: 1px solid #b8c0cc; padding: 2pt 4pt; text-align: start; vertical-align: top; }
th { background: #eef1f5; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
.facts { break-inside: avoid; }
.facts th { inline-size: 30%%; }
caption { caption-side: top; text-align: start; font-style: italic; }
.page-break { break-before: page; }
"""


def _dir(text: str) -> str:
    """A text's own direction (a French comment in an Arabic report reads left to right);
    digits and signs only take the document's."""
    found = direction(text)
    return f" dir='{found}'" if found else ""


def _blocks_html(blocks: list[Block]) -> str:
    return "\n".join(_block_html(block) for block in blocks)


def _block_html(block: Block) -> str:
    if isinstance(block, Heading):
        level = min(max(block.level, 1), 3)
        return f"<h{level}{_dir(block.text)}>{escape(block.text)}</h{level}>"
    if isinstance(block, Paragraph):
        parts = [part.strip() for part in block.text.split("\n\n") if part.strip()]
        return "".join(f"<p{_dir(part)}>{escape(part)}</p>" for part in parts)
    if isinstance(block, Facts):
        rows = "".join(
            f"<tr><th scope='row'>{escape(name)}</th><td{_dir(value)}>{escape(value)}</td></tr>"
            for name, value in block.rows
        )
        return f"<table class='facts'><tbody>{rows}</tbody></table>"
    if isinstance(block, Table):
        return _table_html(block)
    if isinstance(block, PageBreak):
        return "<div class='page-break'></div>"
    raise TypeError(f"not a block: {block!r}")


def _table_html(table: Table) -> str:
    caption = f"<caption>{escape(table.caption)}</caption>" if table.caption else ""
    head = "".join(f"<th scope='col'>{escape(cell)}</th>" for cell in table.header)
    body = "".join(
        "<tr>" + "".join(f"<td{_dir(cell)}>{escape(cell)}</td>" for cell in row) + "</tr>"
        for row in table.rows
    )
    return f"<table>{caption}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def to_html(document: Document) -> str:
    direction = "rtl" if document.rtl else "ltr"
    footer = " · ".join(part for part in document.running_footer if part)
    return (
        f"<!DOCTYPE html><html lang='{escape(document.lang)}' dir='{direction}'><head>"
        f"<meta charset='utf-8'><title>{escape(document.title)}</title>"
        f"<style>{STYLE % {'fonts': FONTS}}</style></head><body>"
        f"<p class='running-footer'>{escape(footer)}</p>"
        f"{_blocks_html(document.blocks)}</body></html>"
    )


def _refuse_fetch(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    raise ValueError(f"documents fetch nothing: {url[:80]}")


def write_pdf(document: Document) -> bytes:
    from weasyprint import HTML  # imported here: it loads Pango, which pages do not need

    return HTML(string=to_html(document), url_fetcher=_refuse_fetch).write_pdf()
