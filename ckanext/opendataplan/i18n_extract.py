"""Babel extractor for the labels, help texts and choices of scheming YAML schemas.

Scheming passes plain-string labels through gettext, so they belong in the catalogs.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import IO, Any

import yaml

_TEXT_KEYS = ("label", "help_text", "form_placeholder")


def _texts(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key in _TEXT_KEYS and isinstance(value, str):
                yield value
            else:
                yield from _texts(value)
    elif isinstance(node, list):
        for item in node:
            yield from _texts(item)


def extract_scheming(
    fileobj: IO[bytes], keywords: Any, comment_tags: Any, options: Any
) -> Iterator[tuple[int, str, str, list[str]]]:
    for text in dict.fromkeys(_texts(yaml.safe_load(fileobj))):
        yield 0, "_", text, []
