"""The plugin's floors: a module imports only from its own floor or those below it, and
no two packages import each other (directly or round a loop).

    domain < model < common < progress < features < pages, documents < plugin

``domain`` is plain Python (``tests/domain/test_purity.py``); ``model`` the plugin's
tables; ``common`` the CKAN glue every feature shares (with ``i18n.py``, which only says
where the catalogs are); ``progress`` the figures and their history; the features
(accountability, catalogue, federation, forms, inventory, participation, plans,
reports) may use one another as long as no loop forms; the pages and documents read the
features; the plugin, its command line, the demo and the catalog tools register or
drive everything.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

import pytest

PACKAGE = "ckanext.opendataplan"
ROOT = Path(__file__).resolve().parents[1] / "ckanext" / "opendataplan"
FIXTURE = Path(__file__).parent / "layers" / "fixture_upward.py.txt"

FLOORS = {
    "domain": 0,
    "model": 1,
    "common": 2,
    "i18n": 2,
    "progress": 3,
    **dict.fromkeys(
        (
            "accountability",
            "catalogue",
            "federation",
            "forms",
            "inventory",
            "meetings",
            "organizations",
            "participation",
            "plans",
            "reports",
            "summary",
        ),
        4,
    ),
    "pages": 5,
    "desk": 5,
    "documents": 5,
    **dict.fromkeys(
        ("plugin", "hooks", "cli", "demo", "i18n_core", "i18n_extract", "migration"), 6
    ),
}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join([PACKAGE, *(parts[:-1] if parts[-1] == "__init__" else parts)])


def unit(module: str) -> str:
    """The floor's unit a module belongs to: its package, or the top-level module."""
    return module[len(PACKAGE) + 1 :].split(".")[0]


def imports(source: str, module: str) -> set[str]:
    """The plugin's modules that ``source`` imports, anywhere in it (late imports too)."""
    is_package = ROOT.joinpath(*module.split(".")[2:], "__init__.py").exists()
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            target = node.module or ""
            if node.level:
                base = module.split(".")[: len(module.split(".")) - node.level + is_package]
                target = ".".join([*base, *([node.module] if node.module else [])])
            names = [f"{target}.{alias.name}" for alias in node.names]
            found.update(names if target == PACKAGE else [target])
    return {name for name in found if name.startswith(PACKAGE + ".")}


def graph(sources: dict[str, str]) -> dict[str, set[str]]:
    """``{unit: units it imports}`` from ``{module: source}``."""
    arrows: dict[str, set[str]] = defaultdict(set)
    for module, source in sources.items():
        for target in imports(source, module):
            if unit(target) != unit(module):
                arrows[unit(module)].add(unit(target))
    return arrows


def upward(sources: dict[str, str]) -> list[str]:
    """Each import that runs from a lower floor to a higher one."""
    found = []
    for module, source in sorted(sources.items()):
        for target in sorted(imports(source, module)):
            if FLOORS[unit(target)] > FLOORS[unit(module)]:
                found.append(f"{module} -> {target}")
    return found


def cycles(arrows: dict[str, set[str]]) -> list[list[str]]:
    """The loops of the package graph: each strongly connected set of two or more."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for nxt in sorted(arrows.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while not group or group[-1] != node:
                group.append(stack.pop())
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(arrows):
        if node not in index:
            visit(node)
    return found


def plugin_sources() -> dict[str, str]:
    return {
        module_name(path): path.read_text(encoding="utf-8")
        for path in sorted(ROOT.rglob("*.py"))
        if "__pycache__" not in path.parts
    }


def test_every_module_has_a_floor():
    assert {unit(module) for module in plugin_sources()} - {""} <= set(FLOORS)


def test_no_import_runs_up_a_floor():
    assert upward(plugin_sources()) == []


def test_no_package_import_cycle():
    assert cycles(graph(plugin_sources())) == []


def test_the_check_sees_an_upward_import():
    seeded = {f"{PACKAGE}.common.seeded": FIXTURE.read_text(encoding="utf-8")}
    assert upward(seeded) == [
        f"{PACKAGE}.common.seeded -> {PACKAGE}.pages",
        f"{PACKAGE}.common.seeded -> {PACKAGE}.plans",
    ]


@pytest.mark.parametrize(
    ("arrows", "loops"),
    [
        ({"plans": {"reports"}, "reports": {"plans"}}, [["plans", "reports"]]),
        ({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}, [["a", "b", "c"]]),
        ({"plans": {"reports"}, "reports": {"common"}}, []),
    ],
)
def test_the_check_sees_a_cycle(arrows, loops):
    assert cycles(arrows) == loops


# How a module would tell CKAN 2.11 from 2.12 by itself: only common/compat.py may.
VERSION_PROBES = (
    "hasattr(model",
    "hasattr(logic",
    "hasattr(tk",
    "__version__",
    "check_ckan_version",
)


def test_ckan_line_differences_are_told_in_compat_only():
    compat = f"{PACKAGE}.common.compat"
    probing = [
        module
        for module, source in plugin_sources().items()
        if module != compat and any(probe in source for probe in VERSION_PROBES)
    ]
    assert probing == []


MAX_LINES = 400


def long_modules(sources: dict[str, str]) -> list[str]:
    """The modules over ``MAX_LINES`` lines."""
    return sorted(m for m, source in sources.items() if source.count("\n") > MAX_LINES)


def test_no_module_is_over_400_lines():
    assert long_modules(plugin_sources()) == []


def test_the_check_sees_a_long_module():
    seeded = {
        f"{PACKAGE}.common.seeded": "x = 1\n" * (MAX_LINES + 1),
        f"{PACKAGE}.short": "x = 1\n",
    }
    assert long_modules(seeded) == [f"{PACKAGE}.common.seeded"]
