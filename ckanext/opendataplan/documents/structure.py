"""A document as a list of plain blocks, in reading order. The builders fill it from a
plan (the plan's template order, the OGP tracking card); the PDF and DOCX writers only
lay it out, so both files always say the same thing in the same order."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Union


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 2  # 1: the document's title; 2: a section; 3: a sub-section


@dataclass(frozen=True)
class Paragraph:
    text: str  # plain text; blank lines separate paragraphs


@dataclass(frozen=True)
class Facts:
    """Label and value pairs, such as a commitment card's header."""

    rows: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    caption: str = ""


@dataclass(frozen=True)
class PageBreak:
    pass


Block = Union[Heading, Paragraph, Facts, Table, PageBreak]


@dataclass
class Document:
    title: str
    lang: str  # the language of the text, e.g. "ar"
    rtl: bool  # right to left (Arabic)
    # Printed on every page: the portal's name, the plan's address, the date of the figures.
    running_footer: tuple[str, ...] = ()
    blocks: list[Block] = field(default_factory=list)

    def add(self, *blocks: Block) -> None:
        self.blocks.extend(blocks)

    def characters(self) -> int:
        """How much text the document holds (what laying it out costs)."""
        return sum(len(text) for block in self.blocks for text in _texts(block))


def _texts(block: Block) -> list[str]:
    if isinstance(block, (Heading, Paragraph)):
        return [block.text]
    if isinstance(block, Facts):
        return [text for row in block.rows for text in row]
    if isinstance(block, Table):
        return [*block.header, *(text for row in block.rows for text in row)]
    return []
