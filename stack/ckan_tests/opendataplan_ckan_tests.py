"""make test-ckan (stack/test_ckan.sh): CKAN's own tests with and without the plugin.

As a pytest plugin (``-p opendataplan_ckan_tests``) it writes the ids of the tests that
fail to ``$OPENDATAPLAN_FAILED_FILE`` and, when ``$OPENDATAPLAN_PLUGINS`` names plugins
(the plugin's run), loads them for every test, before any plugin a test asks for: CKAN's
test runner unloads every plugin before the tests, so its action tests would otherwise
run without the plugin's chained actions. As a script:

- ``ini STOCK TEST_INI OUT``: OUT is STOCK with test.ini's plugins (but CKAN's own,
  ``activity``, which CKAN's tests load where they need it) and their options
  (``scheming.*``, ``ckanext.*``): the plugin's run; prints the plugins.
- ``compare FAILED BASELINE DELIBERATE``: exits 1 when a test fails that is neither in
  BASELINE (the tests that fail without the plugin here) nor in DELIBERATE.
"""

from __future__ import annotations

import configparser
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

PLUGIN_OPTIONS = ("ckan.plugins", "scheming.", "ckanext.")
# test.ini's plugins with tables of their own (alembic migrations).
WITH_TABLES = ("activity", "opendataplan")
_failed: set[str] = set()


def _ours() -> list[str]:
    return os.environ.get("OPENDATAPLAN_PLUGINS", "").split()


def pytest_configure(config: pytest.Config) -> None:
    """The plugin's run: the loaded plugins' tables made again whenever CKAN's database
    reset drops every table (its first reset), as a portal always has them."""
    if not _ours():
        return
    from ckan import model

    rebuild = model.repo.rebuild_db

    def rebuild_with_plugin_tables() -> None:
        dropping = not model.repo.tables_created_and_initialised
        engine = model.meta.engine
        rebuild()
        if dropping:
            for plugin in (name for name in _ours() if name in WITH_TABLES):
                _migrate(plugin)
            model.init_model(engine)  # the migrations leave the model on their own engine

    model.repo.rebuild_db = rebuild_with_plugin_tables  # type: ignore[method-assign]


def _migrate(plugin: str) -> None:
    """The plugin's migrations, which CKAN finds only on a loaded plugin (a session-wide
    reset runs before any test loads one)."""
    import ckan.plugins
    from ckan.cli.db import _run_migrations

    loaded = ckan.plugins.plugin_loaded(plugin)
    if not loaded:
        ckan.plugins.load(plugin)
    try:
        _run_migrations(plugin, "head", True)
    finally:
        if not loaded:
            ckan.plugins.unload(plugin)


@pytest.fixture(autouse=True)
def _opendataplan_loaded(request: Any) -> Iterator[None]:
    ours = _ours()
    if not ours:
        yield
        return
    import ckan.plugins

    config = request.getfixturevalue("ckan_config")
    theirs = config.get("ckan.plugins") or []
    theirs = theirs.split() if isinstance(theirs, str) else list(theirs)
    wanted = ours + [name for name in theirs if name not in ours]
    request.getfixturevalue("monkeypatch").setitem(config, "ckan.plugins", wanted)
    # Loading plugins costs more than most tests: kept loaded while the next test wants
    # the same ones (CKAN's with_plugins unloads them after a test that asks for it).
    if _loaded != wanted or not all(ckan.plugins.plugin_loaded(name) for name in wanted):
        ckan.plugins.load_all()
        _loaded[:] = wanted
    yield


_loaded: list[str] = []


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.failed:
        _failed.add(report.nodeid)


def pytest_sessionfinish(session: pytest.Session) -> None:
    path = os.environ.get("OPENDATAPLAN_FAILED_FILE")
    if path:
        Path(path).write_text("".join(f"{nodeid}\n" for nodeid in sorted(_failed)))


def listed(path: str) -> dict[str, str]:
    """A list file's test ids, each with its comment (``id  # why``)."""
    found = {}
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        nodeid, _, why = line.partition("#") if not line.startswith("#") else ("", "", "")
        if nodeid.strip():
            found[nodeid.strip()] = why.strip()
    return found


def _plugins(test_ini: str) -> tuple[configparser.RawConfigParser, list[str]]:
    """test.ini's settings, and its plugins but those that come with CKAN (``activity``,
    which CKAN's tests load where they need it, as in CKAN's own runs)."""
    from importlib.metadata import entry_points

    ours = configparser.RawConfigParser(strict=False)
    ours.optionxform = str  # type: ignore[assignment, method-assign]
    ours.read(test_ini, encoding="utf-8")
    found = entry_points(group="ckan.plugins")
    ckans = {e.name for e in found if e.dist is not None and e.dist.name == "ckan"}
    return ours, [n for n in ours.get("app:main", "ckan.plugins").split() if n not in ckans]


def write_ini(stock: str, test_ini: str, out: str) -> None:
    ours, plugins = _plugins(test_ini)
    options = {k: v for k, v in ours.items("app:main") if k.startswith(PLUGIN_OPTIONS)}
    options["ckan.plugins"] = " ".join(plugins)
    lines = []
    for line in Path(stock).read_text(encoding="utf-8").splitlines():
        if line.split("=")[0].strip() == "ckan.plugins":
            line = "\n".join(f"{key} = {value}" for key, value in options.items())
        lines.append(line)
    Path(out).write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(options["ckan.plugins"])


def compare(failed_file: str, baseline_file: str, deliberate_file: str) -> int:
    failed = set(listed(failed_file))
    baseline, deliberate = listed(baseline_file), listed(deliberate_file)
    broken = sorted(failed - set(baseline) - set(deliberate))
    for nodeid in sorted(set(deliberate) - failed):
        print(f"note: a deliberate difference no longer fails: {nodeid}")
    for nodeid in sorted(failed & set(deliberate)):
        print(f"deliberate: {nodeid} ({deliberate[nodeid]})")
    for nodeid in broken:
        print(f"BROKEN BY THE PLUGIN: {nodeid}")
    print(
        f"{len(failed)} failed with the plugin: {len(failed & set(baseline))} fail without it"
        f" too (baseline), {len(failed & set(deliberate))} deliberate, {len(broken)} broken"
    )
    return 1 if broken else 0


if __name__ == "__main__":
    command, *arguments = sys.argv[1:]
    if command == "ini":
        write_ini(*arguments)
    elif command == "compare":
        sys.exit(compare(*arguments))
    else:
        sys.exit(f"unknown command {command}")
