"""Text fit for XML documents (DOCX, Atom): without the characters XML 1.0 cannot hold
(C0 controls but tab and line ends, lone surrogates, U+FFFE and U+FFFF)."""

from __future__ import annotations

import re
import unicodedata
from typing import Any


def N_(message: str) -> str:  # noqa: N802 - the name gettext tools look for
    """Marks a message for the catalogs (``make i18n`` extracts it); it is translated
    where it is shown. The plugin's one ``N_``."""
    return message


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

# What makes text display as other text: the bidirectional embeddings, overrides and
# isolates (U+202A-U+202E, U+2066-U+2069), and control codes (DEL and C1; C0 in a line,
# C0 but tab and line ends in a paragraph). The marks U+200E, U+200F and U+061C only
# set the direction of neutral characters, and Arabic text needs them: they stay.
_HIDDEN = "\x7f-\x9f\u202a-\u202e\u2066-\u2069"
_SPOOFING_IN_LINE = re.compile(f"[\x00-\x1f{_HIDDEN}]")
_SPOOFING_IN_PARAGRAPH = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f{_HIDDEN}]")


def has_spoofing_controls(text: str, paragraph: bool = False) -> bool:
    """Whether the text holds invisible characters that change how it reads: direction
    overrides and isolates, and control codes (a paragraph may keep tabs and line ends)."""
    pattern = _SPOOFING_IN_PARAGRAPH if paragraph else _SPOOFING_IN_LINE
    return pattern.search(text) is not None


def xml_safe(text: Any) -> str:
    """The text without what XML cannot hold, with ``\\n`` line ends."""
    cleaned = _NOT_XML.sub("", str(text or ""))
    return cleaned.replace("\r\n", "\n").replace("\r", "\n")


def direction(text: Any) -> str | None:
    """``rtl`` or ``ltr`` by the first letter with a direction of its own (Unicode's
    first-strong rule, as ``dir="auto"`` in HTML); ``None`` for digits and signs only."""
    for char in str(text or ""):
        kind = unicodedata.bidirectional(char)
        if kind in ("R", "AL"):
            return "rtl"
        if kind == "L":
            return "ltr"
    return None
