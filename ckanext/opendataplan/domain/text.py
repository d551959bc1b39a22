"""Text fit for XML documents (DOCX, Atom): without the characters XML 1.0 cannot hold
(C0 controls but tab and line ends, lone surrogates, U+FFFE and U+FFFF)."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


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
