"""A web address (CKAN's ``name``) made from a title in any script: Latin letters lose
their accents, Arabic letters are transliterated, and a title with nothing left gives a
stable address made from the title itself."""

from __future__ import annotations

import hashlib
import re
import unicodedata

MAX_LENGTH = 90  # CKAN allows 100: room for "-2", "-3"... when the address is taken

# A simple, reversible-enough transliteration of the Arabic letters (no vowels written).
_ARABIC = {
    "ا": "a", "أ": "a", "إ": "i", "آ": "a", "ٱ": "a", "ء": "", "ؤ": "o", "ئ": "i",
    "ب": "b", "ت": "t", "ث": "th", "ج": "j", "ح": "h", "خ": "kh", "د": "d", "ذ": "dh",
    "ر": "r", "ز": "z", "س": "s", "ش": "sh", "ص": "s", "ض": "d", "ط": "t", "ظ": "z",
    "ع": "a", "غ": "gh", "ف": "f", "ق": "q", "ك": "k", "ل": "l", "م": "m", "ن": "n",
    "ه": "h", "ة": "a", "و": "w", "ي": "y", "ى": "a", "پ": "p", "چ": "ch", "ڤ": "v",
    "گ": "g", "ک": "k", "ی": "y",
    "٠": "0", "١": "1", "٢": "2", "٣": "3", "٤": "4", "٥": "5", "٦": "6", "٧": "7",
    "٨": "8", "٩": "9", "۰": "0", "۱": "1", "۲": "2", "۳": "3", "۴": "4", "۵": "5",
    "۶": "6", "۷": "7", "۸": "8", "۹": "9",
}  # fmt: skip
_NOT_NAME = re.compile(r"[^a-z0-9]+")


def from_title(title: str, prefix: str) -> str:
    """The address for ``title``: lowercase Latin letters, digits and dashes, at most
    ``MAX_LENGTH`` characters; ``<prefix>-<8 hex digits of the title>`` when no letter or
    digit is left (a title in a script without a transliteration here)."""
    spelled = "".join(_ARABIC.get(char, char) for char in title)
    latin = unicodedata.normalize("NFKD", spelled).encode("ascii", "ignore").decode()
    name = _NOT_NAME.sub("-", latin.lower()).strip("-")[:MAX_LENGTH].strip("-")
    if len(name) >= 2:
        return name
    digest = hashlib.sha256(title.encode("utf-8", "surrogatepass")).hexdigest()[:8]
    return f"{prefix}-{digest}"


def numbered(name: str, number: int) -> str:
    """The ``number``-th other choice when ``name`` is taken: ``name-2``, ``name-3``..."""
    return f"{name[:MAX_LENGTH]}-{number}"
