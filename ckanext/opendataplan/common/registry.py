"""What each feature registers with CKAN, found by name: the functions a module defines
(not those it imports) whose names carry the plugin's prefixes."""

from __future__ import annotations

from collections.abc import Iterable
from types import ModuleType
from typing import Any


def members(modules: Iterable[ModuleType], prefixes: tuple[str, ...]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for module in modules:
        for name, value in vars(module).items():
            if (
                name.startswith(prefixes)
                and callable(value)
                and getattr(value, "__module__", None) == module.__name__
            ):
                found[name] = value
    return found
