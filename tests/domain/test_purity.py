"""The domain rules are plain Python: no CKAN, no database, no web framework."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

DOMAIN = Path(__file__).resolve().parents[2] / "ckanext" / "opendataplan" / "domain"
FIXTURE = Path(__file__).parent / "fixture_impure.py.txt"  # a module that imports CKAN
FORBIDDEN = ("ckan", "ckanext", "sqlalchemy", "flask", "jinja2", "pysolr")


def imported_modules(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module)
    return found


@pytest.mark.parametrize("path", sorted(DOMAIN.glob("*.py")), ids=lambda p: p.name)
def test_domain_imports_no_framework(path):
    framework = {m for m in imported_modules(path) if m.split(".")[0] in FORBIDDEN}
    assert not framework, f"{path.name} imports {sorted(framework)}"


def test_the_check_sees_an_import():
    assert "ckan.model" in imported_modules(FIXTURE)
