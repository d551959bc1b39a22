"""What the harvest tests share: ckanext-harvest's plugins loaded (with its tables) for
one module, a source portal's export saved in a folder and served over HTTP, and a
harvest job run by ckanext-harvest's own command (`ckan harvester run-test`)."""

from __future__ import annotations

import contextlib
import csv
import functools
import http.server
import io
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import ckan.model as model
import ckan.plugins as p
from ckan.cli.cli import ckan
from ckan.plugins.toolkit import aslist
from ckan.tests import factories, helpers
from ckan.tests.helpers import CKANCliRunner

from tests import factories_odp as f
from tests.conftest import reset_database_and_index
from tests.federation.test_profile import download, edit_rows
from tests.federation.test_reader import Files

HARVEST_PLUGINS = ("harvest", "opendataplan_harvester")
SOURCE = "regional-portal"


@functools.cache
def _migrated() -> None:
    from ckan.cli.db import _run_migrations

    _run_migrations("harvest", "head", True)


def load_harvest() -> None:
    """ckanext-harvest's plugins beside the portal's, and its tables."""
    p.load(*HARVEST_PLUGINS)
    reset_database_and_index()
    _migrated()


def unload_harvest() -> None:
    p.unload(*reversed(HARVEST_PLUGINS))


@contextlib.contextmanager
def harvesting(app: Any, tmp_path_factory: Any, **settings: Any) -> Iterator[dict[str, Any]]:
    """For a module: the harvest plugins loaded, a sysadmin, the regional export saved in
    a folder (and purged here), the local organization ``national-copy`` and the
    configuration file of the harvest commands (with these settings)."""
    load_harvest()
    try:
        admin = factories.Sysadmin()
        folder = tmp_path_factory.mktemp("regional")
        path = exported_then_gone(app, folder, admin)
        yield {
            "admin": admin,
            "folder": folder,
            "path": path,
            "org": factories.Organization(name="national-copy"),
            "ini": harvest_ini(tmp_path_factory.mktemp("config"), **settings),
        }
    finally:
        unload_harvest()


def regional_plans(admin: dict) -> dict[str, Any]:
    """A regional OGP Local plan with two reported commitments, as its portal has it."""
    org = factories.Organization(name="region")
    plan = f.plan(admin, org, name="regional-plan", plan_kind="ogp_local")
    indicator = {"title": "Datasets", "unit": "datasets", "baseline": 10, "target": 50}
    first = f.commitment(
        admin, plan, org, name="region-c1", milestones=f.milestones(), indicators=[indicator]
    )
    second = f.commitment(admin, plan, org, name="region-c2", number="2", weight=3)
    f.report(
        admin,
        plan,
        [{"commitment": first["id"], "progress": 60}],
        name="region-r1",
        meeting_date="2019-06-30",
    )
    f.report(
        admin,
        plan,
        [{"commitment": first["id"], "progress": 80}, {"commitment": second["id"], "progress": 20}],
        name="region-r2",
        meeting_date="2020-08-20",
    )
    return {"org": org, "plan": plan, "first": first, "second": second}


def exported_then_gone(app: Any, folder: Path, admin: dict) -> Path:
    """The regional plans exported to the folder, then purged here: the folder is the
    other portal from now on."""
    regional_plans(admin)
    path = download(app, folder)
    for package in model.Session.query(model.Package).filter(
        model.Package.type.in_(("plan", "commitment", "progress_report"))
    ):
        helpers.call_action("dataset_purge", {"user": admin["name"]}, id=package.id)
    reset_search()
    return path


def reset_search() -> None:
    from ckan.lib import search

    search.clear_all()


class Served:
    """A folder served over HTTP while the tests run."""

    def __init__(self, folder: Path) -> None:
        handler = functools.partial(Files, directory=str(folder))
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/datapackage.json"

    def __enter__(self) -> Served:
        self.thread.start()
        return self

    def __exit__(self, *_: Any) -> None:
        self.server.shutdown()
        self.server.server_close()
        Files.slow, Files.moved = (), {}


def create_source(admin: dict, url: str, organization: str, name: str = SOURCE) -> dict:
    return helpers.call_action(
        "harvest_source_create",
        {"user": admin["name"]},
        name=name,
        title="Regional portal",
        url=url,
        source_type="opendataplan",
        owner_org=organization,
        config=f'{{"organization": "{organization}"}}',
    )


def harvest_ini(folder: Path, **settings: Any) -> Path:
    """The test configuration with ckanext-harvest's plugins enabled (a command builds
    its app from a file), and these settings."""
    from ckan.common import config

    plugins = " ".join(dict.fromkeys([*aslist(config["ckan.plugins"]), *HARVEST_PLUGINS]))
    base = Path(config["__file__"]).resolve()
    text = base.read_text(encoding="utf-8")
    logging = text[text.index("[loggers]") :]  # CKAN 2.11's command reads them from the file
    ini = folder / "harvest.ini"
    ini.write_text(
        f"[app:main]\nuse = config:{base}\nckan.plugins = {plugins}\n"
        + "".join(f"{key} = {value}\n" for key, value in settings.items())
        + "\n"
        + logging,
        encoding="utf-8",
    )
    return ini


def run_job(ini: Path, source: str = SOURCE) -> Any:
    """A harvest job through ckanext-harvest's own command: gather, fetch and import."""
    result = CKANCliRunner(env={"CKAN_INI": str(ini)}).invoke(
        ckan, ["harvester", "run-test", source]
    )
    if result.exception is not None and result.exit_code != 0:
        raise result.exception
    assert result.exit_code == 0, result.output
    model.Session.remove()
    return result


def last_job(source: str = SOURCE) -> Any:
    from ckanext.harvest.model import HarvestJob

    source_id = model.Package.get(source).id
    return (
        model.Session.query(HarvestJob)
        .filter(HarvestJob.source_id == source_id)
        .order_by(HarvestJob.created.desc())
        .first()
    )


def last_job_statuses(source: str = SOURCE) -> list[str]:
    """What the last job's report says of each plan: added, updated, not modified…"""
    return sorted(obj.report_status for obj in last_job(source).objects)


def last_job_errors(source: str = SOURCE) -> dict[str, list[str]]:
    """The last job's gather errors and its objects' errors, as its report lists them."""
    job = last_job(source)
    return {
        "gather": [error.message for error in job.gather_errors],
        "objects": [error.message for obj in job.objects for error in obj.errors],
    }


def csv_rows(path: Path, table: str) -> list[dict[str, str]]:
    text = (path.parent / f"{table}.csv").read_text(encoding="utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def set_cells(path: Path, table: str, key: tuple[str, str], **cells: str) -> None:
    """Change these cells of the rows whose ``key`` column holds ``key``'s value."""
    column, value = key
    header = list(csv_rows(path, table)[0]) if csv_rows(path, table) else []

    def change(rows: list[list[str]]) -> list[list[str]]:
        out = []
        for row in rows:
            fields = dict(zip(header, row))
            if fields[column] == value:
                fields.update(cells)
            out.append([fields[name] for name in header])
        return out

    edit_rows(path, table, change)
