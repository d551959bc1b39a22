"""Times a harvest of a national-scale source: the bench portal's own plan data (50
plans, 2,050 commitments, their history) harvested by `ckan harvester run-test` into a
second, fresh bench portal (its own database, site id, Redis database and files, with
ckanext-harvest enabled), then harvested again with nothing changed; then times that
portal's pages, with the harvested plans and a few local ones, against CKAN's dataset
page in the same run (bench/measure.py), and checks that its national figure for the
harvested plans is the source's. Run by `make bench` (stack/bench.sh, SCALE=1) after
the build:

    python bench/harvest.py <ckan> <ini> <bench port> <harvest port> <out.md>

with the bench portal's CKAN_* variables and the harvested portal's as HARVEST_*
(stack/bench.sh). The source is the bench portal's export saved to a folder and served
from it by a small HTTP server in this process: the harvest is timed alone (the
source's export is made once, before, and timed apart), and the second harvest reads
the very same bytes. ``python bench/harvest.py prepare <ini> <source url>`` (run by
the above, with the harvested portal's environment) makes that portal's local objects
and the harvest source."""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import http.server
import json
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import sqlalchemy

sys.path.insert(0, str(Path(__file__).resolve().parent))
import measure  # noqa: E402 - bench/ is not a package

SOURCE = "bench-national"  # the harvest source's name on the harvested portal
OWNER = "bench-harvested"  # the organization that owns what it brings
LOCAL_PLANS, LOCAL_COMMITMENTS, DATASETS = 2, 10, 10
TABLES = ("plans", "commitments", "milestones", "indicators", "progress_history")
HARVEST_PLUGINS = "harvest opendataplan_harvester"
PAGES = {
    measure.BASELINE: "/en/dataset/bench-dataset-007",
    "/progress (national overview)": "/en/progress",
    "/progress after a save": "/en/progress",
    "late activities": "/ar/progress/late",
    "late activities after a save": "/ar/progress/late",
    "institution scorecards": "/ar/progress/institutions",
    "institution scorecards after a save": "/ar/progress/institutions",
    "harvested plan page (40 commitments)": "/ar/plan/bench-plan-07",
    "harvested commitment page": "/ar/commitment/bench-plan-07-c03",
    "local plan page (10 commitments)": "/ar/plan/local-plan-0",
}


@dataclasses.dataclass
class Job:
    """One harvest job: the command's wall time, the job's own stages, what it wrote."""

    wall: float  # `ckan harvester run-test`, CKAN's start-up included
    gather: float  # the job's gather stage (reading and checking the whole source)
    total: float  # gather started to job finished (gather, fetch and import)
    statuses: dict[str, int]  # the job report's objects: added, updated, not modified…
    errors: int
    plans: int  # harvested plans and commitments here, and their history rows
    commitments: int
    history: int


def summary(
    export: float,
    sizes: dict[str, int],
    first: Job,
    again: Job,
    kept: Job | None = None,
    first_when: str = "",
) -> list[str]:
    """The Markdown table of the harvests: the first into an empty portal (this run's,
    or the one a previous run made, ``first_when``, when the portal is ``kept``: then
    this run's export harvested into it), then the same source with nothing changed."""

    def statuses(job: Job) -> str:
        return ", ".join(f"{n:,} {status}" for status, n in sorted(job.statuses.items()))

    def per_commitment(job: Job) -> str:
        return f"{job.total * 1000 / job.commitments:.1f}" if job.commitments else "-"

    rows = sum(sizes.values())
    lines = [
        "| harvest of the bench portal's export | wall (s) | gather (s) | job (s) "
        "| per commitment (ms) | plans, commitments, history rows here | objects |",
        "|---|---:|---:|---:|---:|---|---|",
    ]
    jobs = [(f"first, into an empty portal{f' ({first_when})' if first_when else ''}", first)]
    if kept is not None:
        jobs.append(("this run's export, into that portal", kept))
    jobs.append(("again, nothing changed", again))
    before = None
    for label, job in jobs:
        counts = f"{job.plans:,}, {job.commitments:,}, {job.history:,}"
        if before is not None:
            counts += f" ({job.history - before.history:+,} history rows)"
        lines.append(
            f"| {label} | {job.wall:.1f} | {job.gather:.1f} | {job.total:.1f} "
            f"| {per_commitment(job)} | {counts} | {statuses(job)}"
            + (f"; {job.errors} errors" if job.errors else "")
            + " |"
        )
        before = job
    lines.append(
        f"\nThe source's export (descriptor and 5 CSV files, {rows:,} rows: "
        + ", ".join(f"{n:,} {table}" for table, n in sizes.items())
        + f") served by the bench portal in {export:.1f} s. *wall*: the command, CKAN's "
        "start-up included; *job*: gather started to the job finished (gather, fetch, import); "
        "per commitment: the job's time over the commitments harvested here."
    )
    return lines


# --- the source --------------------------------------------------------------


def download(base: str, folder: Path) -> tuple[float, dict[str, int]]:
    """The bench portal's export saved in the folder (the descriptor's paths made the
    files' names): the time it took and the rows of each table."""
    started = time.perf_counter()
    with urllib.request.urlopen(f"{base}/progress/open-data/datapackage.json", timeout=600) as r:
        descriptor = json.load(r)
    sizes = {}
    for resource in descriptor["resources"]:
        with urllib.request.urlopen(resource["path"], timeout=600) as response:
            body = response.read()
        (folder / f"{resource['name']}.csv").write_bytes(body)
        sizes[resource["name"]] = max(body.count(b"\n") - 1, 0)
        resource["path"] = f"{resource['name']}.csv"
    (folder / "datapackage.json").write_text(json.dumps(descriptor, ensure_ascii=False))
    return time.perf_counter() - started, sizes


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *_: Any) -> None:
        pass


@contextlib.contextmanager
def served(folder: Path) -> Iterator[str]:
    """The folder over HTTP on a free port while the block runs: the descriptor's URL."""
    handler = functools.partial(_Quiet, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/datapackage.json"
    finally:
        server.shutdown()
        server.server_close()


def get_json(url: str) -> Any:
    with urllib.request.urlopen(url, timeout=300) as response:
        return json.load(response)


FIGURES = ("progress", "progress_as_of", "levels", "overdue_count")


def differences(source: dict[str, Any], here: dict[str, Any]) -> list[str]:
    """Where two overviews (``/progress.json``) disagree: the national figures, and each
    plan's figure and date."""

    def plans(overview: dict[str, Any]) -> dict[str, tuple[Any, Any]]:
        return {p["name"]: (p["progress"], p["progress_as_of"]) for p in overview["plans"]}

    found = [
        f"{key}: {source.get(key)!r} at the source, {here.get(key)!r} here"
        for key in FIGURES
        if source.get(key) != here.get(key)
    ]
    theirs, mine = plans(source), plans(here)
    found += [
        f"plan {name}: {theirs.get(name)!r} at the source, {mine.get(name)!r} here"
        for name in sorted(set(theirs) | set(mine))
        if theirs.get(name) != mine.get(name)
    ]
    return found


# --- the harvested portal ----------------------------------------------------


def harvest_env() -> dict[str, str]:
    """The harvested portal's CKAN_* variables (stack/bench.sh gives them as HARVEST_*)."""
    own = {k: v for k, v in os.environ.items() if not k.startswith("CKAN_")}
    keys = ("SQLALCHEMY_URL", "SOLR_URL", "REDIS_URL", "SITE_ID", "SITE_URL", "STORAGE_PATH")
    return {**own, **{f"CKAN_{key}": os.environ[f"HARVEST_{key}"] for key in keys}}


def harvest_ini(ini: str, folder: Path) -> str:
    """The bench configuration with ckanext-harvest's plugins (a command builds its app
    from a file)."""
    text = Path(ini).read_text(encoding="utf-8")
    plugins = next(
        line.split("=", 1)[1].strip()
        for line in text.splitlines()
        if line.startswith("ckan.plugins")
    )
    path = folder / "harvest.ini"
    path.write_text(
        f"[app:main]\nuse = config:{Path(ini).resolve()}\n"
        f"ckan.plugins = {plugins} {HARVEST_PLUGINS}\n\n" + text[text.index("[loggers]") :],
        encoding="utf-8",
    )
    return str(path)


def run(ckan: str, ini: str, env: dict[str, str], *arguments: str) -> float:
    """A `ckan` command on the harvested portal; its wall time. Fails loudly."""
    started = time.perf_counter()
    done = subprocess.run(
        [ckan, "-c", ini, *arguments], capture_output=True, text=True, env=env, timeout=3600
    )
    if done.returncode:
        sys.exit(
            f"`ckan {' '.join(arguments)}` failed:\n{done.stdout[-3000:]}{done.stderr[-3000:]}"
        )
    return time.perf_counter() - started


def fresh(ckan: str, ini: str, env: dict[str, str]) -> None:
    """An empty database (its schema dropped and made again, as its owner), migrated
    with ckanext-harvest's tables, and the site's search index emptied."""
    engine = sqlalchemy.create_engine(env["CKAN_SQLALCHEMY_URL"])
    with engine.begin() as connection:
        connection.execute(sqlalchemy.text("DROP SCHEMA public CASCADE"))
        connection.execute(sqlalchemy.text("CREATE SCHEMA public"))
    engine.dispose()
    run(ckan, ini, env, "db", "upgrade")
    run(ckan, ini, env, "db", "upgrade", "-p", "harvest")
    run(ckan, ini, env, "search-index", "clear")


def job(engine: sqlalchemy.Engine, wall: float) -> Job:
    """The source's last job as the database has it, and what is harvested here."""
    with engine.connect() as connection:

        def one(sql: str, **values: Any) -> Any:
            return connection.execute(sqlalchemy.text(sql), values).one()

        job_id, gather, total = one(
            """SELECT j.id,
                 extract(epoch FROM j.gather_finished - j.gather_started),
                 extract(epoch FROM j.finished - j.gather_started)
               FROM harvest_job j JOIN package s ON s.id = j.source_id
               WHERE s.name = :source ORDER BY j.created DESC LIMIT 1""",
            source=SOURCE,
        )
        statuses = dict(
            connection.execute(
                sqlalchemy.text(
                    "SELECT coalesce(report_status, state), count(*) FROM harvest_object"
                    " WHERE harvest_job_id = :job GROUP BY 1"
                ),
                {"job": job_id},
            ).all()
        )
        (errors,) = one(
            """SELECT (SELECT count(*) FROM harvest_gather_error WHERE harvest_job_id = :job)
                    + (SELECT count(*) FROM harvest_object_error e
                       JOIN harvest_object o ON o.id = e.harvest_object_id
                       WHERE o.harvest_job_id = :job)""",
            job=job_id,
        )
        owned = """FROM package p JOIN "group" g ON g.id = p.owner_org
                   WHERE g.name = :owner AND p.state = 'active' AND NOT p.private"""
        plans, commitments = one(
            f"SELECT count(*) FILTER (WHERE p.type = 'plan'),"
            f" count(*) FILTER (WHERE p.type = 'commitment') {owned}",
            owner=OWNER,
        )
        (history,) = one(
            f"SELECT count(*) FROM opendataplan_progress_snapshot s"
            f" WHERE NOT s.withdrawn AND s.commitment_id IN (SELECT p.id {owned})",
            owner=OWNER,
        )
    return Job(
        wall, float(gather or 0), float(total or 0), statuses, errors, plans, commitments, history
    )


def harvested_before(engine: sqlalchemy.Engine, record: Path) -> bool:
    """Whether the harvested portal holds a finished harvest of the source, recorded."""
    if not record.exists():
        return False
    try:
        with engine.connect() as connection:
            found = connection.execute(
                sqlalchemy.text(
                    "SELECT count(*) FROM harvest_job j JOIN package s ON s.id = j.source_id"
                    " WHERE s.name = :source AND j.status = 'Finished'"
                ),
                {"source": SOURCE},
            ).scalar()
    except sqlalchemy.exc.DBAPIError:  # no harvest tables: an empty database
        return False
    return bool(found)


def main(ckan: str, ini: str, bench_port: str, harvest_port: str, out: str) -> None:
    env = harvest_env()
    engine = sqlalchemy.create_engine(env["CKAN_SQLALCHEMY_URL"])
    record = Path(out).with_name("bench-harvest-first.json")
    fresh_portal = bool(os.environ.get("BENCH_HARVEST_FRESH")) or not harvested_before(
        engine, record
    )
    with tempfile.TemporaryDirectory(prefix="bench-harvest-") as scratch:
        folder = Path(scratch)
        with measure.serving(ckan, ini, bench_port) as (base, _):
            export, sizes = download(base, folder)
            source_overview = get_json(f"{base}/progress.json")
        h_ini = harvest_ini(ini, folder)
        if fresh_portal:
            fresh(ckan, h_ini, env)
        with served(folder) as url:
            prepare_done = subprocess.run(
                [sys.executable, __file__, "prepare", h_ini, url], env=env, text=True
            )
            if prepare_done.returncode:
                sys.exit("preparing the harvested portal failed")
            this_run = job(engine, run(ckan, h_ini, env, "harvester", "run-test", SOURCE))
            again = job(engine, run(ckan, h_ini, env, "harvester", "run-test", SOURCE))
        if this_run.errors or again.errors or this_run.commitments < 2000:
            sys.exit(f"the harvest did not bring the source: {this_run}, {again}")
        if fresh_portal:
            first, kept, first_when = this_run, None, ""
            when = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
            record.write_text(json.dumps({"when": when, **dataclasses.asdict(this_run)}))
        else:
            saved = json.loads(record.read_text())
            first_when = f"{saved.pop('when')}, kept since"
            first, kept = Job(**saved), this_run
        invalidate = measure.invalidator(env["CKAN_SQLALCHEMY_URL"])
        with measure.serving(ckan, h_ini, harvest_port, env=env) as (h_base, server):
            harvested = get_json(f"{h_base}/progress.json?source={SOURCE}")
            overall = get_json(f"{h_base}/progress.json")["progress"]
            samples = measure.measure(h_base, PAGES, invalidate)
            memory = measure.peak_rss_mib(server.pid)
    lines = [
        *summary(export, sizes, first, again, kept, first_when),
        "",
        f"Pages of the harvested portal ({this_run.plans} harvested plans, {LOCAL_PLANS} local"
        f" ones), against CKAN's dataset page in the same run:",
        "",
        *measure.table(samples),
        "",
        f"Peak resident memory of the web process: {memory:.0f} MiB.",
        f"National progress: {source_overview['progress']} % at the source,"
        f" {harvested['progress']} % here for its harvested plans"
        f" (`/progress.json?source={SOURCE}`), {overall} % here with the local plans.",
    ]
    unequal = differences(source_overview, harvested)
    lines.append(
        "The figures differ: " + "; ".join(unequal)
        if unequal
        else f"Equal at the source and here: {', '.join(FIGURES)} and each of the"
        f" {len(harvested['plans'])} plans' figure and date."
    )
    text = "\n".join(lines) + "\n"
    Path(out).write_text(text, encoding="utf-8")
    print(text)
    if unequal:
        sys.exit("FAILED: a figure must be the same wherever it is read")


# --- run inside the harvested portal: its local objects and the source -------------


def prepare(ini: str, url: str) -> None:
    """What the harvested portal has of its own, made when missing, and the harvest
    source (its address: this run's file server)."""
    from build import exists, milestones  # bench/build.py
    from ckan.cli import load_config
    from ckan.config.middleware import make_app

    make_app(load_config(ini))
    import ckan.plugins.toolkit as tk

    site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})

    def call(action: str, **data: Any) -> Any:
        return tk.get_action(action)({"user": site_user["name"], "ignore_auth": True}, data)

    source = {
        "name": SOURCE,
        "title": "Bench national portal",
        "url": url,
        "source_type": "opendataplan",
        "owner_org": OWNER,
        "config": json.dumps({"organization": OWNER}),
    }
    if exists(call, "harvest_source_show", SOURCE):
        call("harvest_source_update", id=SOURCE, **source)  # this run's file server
        return
    call("organization_create", name=OWNER, title="Bench national portal (harvested)")
    call("organization_create", name="bench-local", title="مؤسسة محلية")
    for n in range(DATASETS):
        call(
            "package_create",
            name=f"bench-dataset-{n:03d}",
            title=f"Dataset {n}",
            owner_org="bench-local",
            notes="Open data " * 20,
            resources=[{"url": "http://example.invalid/data.csv", "format": "CSV"}],
        )
    rng = random.Random(2026)
    for p in range(LOCAL_PLANS):
        plan = call(
            "package_create",
            type="plan",
            name=f"local-plan-{p}",
            plan_kind="national_open_data",
            owner_org="bench-local",
            period_start="2024-01-01",
            period_end="2027-12-31",
            version_status="final",
            title_translated={"ar": f"خطة محلية {p}", "en": f"Local plan {p}"},
        )
        for c in range(LOCAL_COMMITMENTS):
            call(
                "package_create",
                type="commitment",
                name=f"local-plan-{p}-c{c:02d}",
                plan=plan["id"],
                number=str(c + 1),
                owner_org="bench-local",
                title_translated={"ar": f"التزام محلي {c}", "en": f"Local commitment {c}"},
                start_date="2024-01-01",
                end_date="2026-06-30",
                milestones=milestones(rng),
            )
    call("harvest_source_create", **source)


if __name__ == "__main__":
    if sys.argv[1] == "prepare":
        prepare(*sys.argv[2:])
    else:
        main(*sys.argv[1:])
