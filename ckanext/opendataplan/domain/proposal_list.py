"""Which proposals a list shows, and in what order: by status, by theme, by words
(Decidim's filters), most supported, newest or oldest first; hidden ones always last."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from typing import Any

# ?sort= of a plan's proposals: the first is the default.
SORTS = ("supports", "newest", "oldest")
# Arabic short vowels, shadda, sukun and the tatweel: a search ignores them.
_MARKS = re.compile("[\u064b-\u0652\u0670\u0640]")


def folded(text: Any) -> str:
    """Text as a search compares it: case, accents and Arabic vowel marks left out."""
    decomposed = unicodedata.normalize("NFKD", str(text or "").casefold())
    return _MARKS.sub("", "".join(c for c in decomposed if not unicodedata.combining(c)))


def themes(rows: Iterable[dict[str, Any]]) -> list[str]:
    """The themes the proposals carry, each once (as the earliest proposal wrote it),
    in order."""
    found: dict[str, str] = {}
    for row in sorted(rows, key=lambda row: row.get("created") or ""):
        if row.get("theme"):
            found.setdefault(folded(row["theme"]), row["theme"])
    return sorted(found.values(), key=folded)


def chosen_theme(theme: str | None, offered: list[str]) -> str | None:
    """The theme asked for as the list offers it (``budget`` asks for ``Budget``)."""
    return next((t for t in offered if folded(t) == folded(theme)), theme) if theme else None


def _matches(row: dict[str, Any], status: str | None, theme: str | None, words: list[str]) -> bool:
    if status and row.get("status") != status:
        return False
    if theme and folded(row.get("theme")) != folded(theme):
        return False
    text = folded(
        " ".join(str(row.get(k) or "") for k in ("title", "problem", "solution", "theme"))
    )
    return all(word in text for word in words)


def select(
    rows: Iterable[dict[str, Any]],
    status: str | None = None,
    theme: str | None = None,
    q: str | None = None,
    sort: str | None = None,
) -> list[dict[str, Any]]:
    """The proposals of this status and theme whose title, problem, solution or theme
    hold every word of ``q``, in the ``sort`` order (most supported by default)."""
    words = folded(q).split()
    found = [row for row in rows if _matches(row, status, theme, words)]
    if sort in ("newest", "oldest"):
        found.sort(key=lambda row: row.get("created") or "", reverse=sort == "newest")
    else:
        found.sort(key=lambda row: (-int(row.get("supports") or 0), row.get("created") or ""))
    return sorted(found, key=lambda row: bool(row.get("hidden")))  # stable: order kept
