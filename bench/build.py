"""Builds a national-scale portal in the bench database, through CKAN's actions:
300 institutions, 2,000 commitments in 50 plans, 10 milestones each (20,000), a progress
report per plan, and 100 ordinary datasets; ``BENCH_SCALE`` times the plans (and so the
commitments and milestones). Run by `make bench`; idempotent (a finished build is kept)
and resumable (an interrupted one goes on from the plans it has). ``BENCH_WORKERS``
processes (default 2) build the plans; Solr commits on its own schedule meanwhile, not
after every dataset.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
import random
import sys
import time
from collections.abc import Callable
from typing import Any

SCALE = int(os.environ.get("BENCH_SCALE", "1"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "2"))
INSTITUTIONS, PLANS, COMMITMENTS, MILESTONES, DATASETS = 300, 50 * SCALE, 2000 * SCALE, 10, 100
PER_PLAN = COMMITMENTS // PLANS
LAST = "bench-plan-last"  # built after every other: its presence says the build is done


def caller(ini: str) -> Callable[..., Any]:
    """CKAN's actions as the site user, in this process."""
    from ckan.cli import load_config
    from ckan.config.middleware import make_app

    make_app(load_config(ini))
    import ckan.plugins.toolkit as tk

    tk.config["ckan.search.solr_commit"] = False  # Solr's autoCommit settles the index
    site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})

    def call(action: str, **data: Any) -> Any:
        return tk.get_action(action)({"user": site_user["name"], "ignore_auth": True}, data)

    return call


def exists(call: Callable[..., Any], action: str, name: str) -> bool:
    import ckan.plugins.toolkit as tk

    try:
        call(action, id=name)
    except tk.ObjectNotFound:
        return False
    return True


def plan_name(p: int) -> str:
    return LAST if p == PLANS - 1 else f"bench-plan-{p:02d}"


def milestones(rng: random.Random) -> list[dict[str, Any]]:
    rows = []
    for m in range(MILESTONES):
        begin = dt.date(2024, 1, 1) + dt.timedelta(days=90 * m)
        value = rng.choice([0, 20, 50, 80, 100])
        status = "complete" if value == 100 else "in_progress" if value else "not_started"
        rows.append(
            {
                "title": f"Activity {m}",
                "start_date": begin.isoformat(),
                "end_date": (begin + dt.timedelta(days=80)).isoformat(),
                "progress": value,
                "status": status,
            }
        )
    return rows


def build_plan(call: Callable[..., Any], p: int) -> None:
    """A plan, its commitments and its steering meeting's report (same figures whatever
    the order or the process that builds it)."""
    name, rng = plan_name(p), random.Random(2026 + p)
    org = f"bench-org-{p % INSTITUTIONS:03d}"
    plan = call(
        "package_create",
        type="plan",
        name=name,
        plan_kind="national_open_data",
        owner_org=org,
        period_start="2024-01-01",
        period_end="2027-12-31",
        version_status="final",
        title_translated={"ar": f"خطة {p}", "fr": f"Plan {p}", "en": f"Plan {p}"},
    )
    for c in range(PER_PLAN):
        call(
            "package_create",
            type="commitment",
            name=f"{name}-c{c:02d}",
            plan=plan["id"],
            number=str(c + 1),
            owner_org=f"bench-org-{(p * PER_PLAN + c) % INSTITUTIONS:03d}",
            title_translated={"ar": f"التزام {c}", "en": f"Commitment {c}"},
            start_date="2024-01-01",
            end_date="2026-06-30",
            milestones=milestones(rng),
            indicators=[
                {"title": "Datasets", "baseline": 10, "target": 100, "source": "portal_datasets"}
            ],
        )
    call(
        "package_create",
        type="progress_report",
        name=f"{name}-meeting",
        plan=plan["id"],
        meeting_date="2025-06-30",
        updates=[
            {"commitment": f"{name}-c{c:02d}", "progress": rng.choice([10, 50, 90])}
            for c in range(0, PER_PLAN, 4)
        ],
    )


def worker(ini: str, share: int) -> None:
    """Build this process's share of the plans (every WORKERS-th), skipping built ones.
    A plan interrupted half-way is finished by hand: purge it and run again."""
    call = caller(ini)
    started = time.monotonic()
    for p in range(share, PLANS - 1, WORKERS):
        if not exists(call, "package_show", f"{plan_name(p)}-meeting"):
            build_plan(call, p)
            print(f"plan {p + 1}/{PLANS} built ({time.monotonic() - started:.0f} s)", flush=True)


def main(ini: str) -> None:
    call = caller(ini)
    if exists(call, "package_show", LAST):
        print("bench portal already built")
        return
    for n in range(INSTITUTIONS):
        if not exists(call, "organization_show", f"bench-org-{n:03d}"):
            call("organization_create", name=f"bench-org-{n:03d}", title=f"مؤسسة {n}")
    for n in range(DATASETS):
        if not exists(call, "package_show", f"bench-dataset-{n:03d}"):
            call(
                "package_create",
                name=f"bench-dataset-{n:03d}",
                title=f"Dataset {n}",
                owner_org=f"bench-org-{n % INSTITUTIONS:03d}",
                notes="Open data " * 20,
                resources=[{"url": "http://example.invalid/data.csv", "format": "CSV"}],
            )
    # Each process makes its own app: CKAN's connections are not shared across a fork.
    spawn = multiprocessing.get_context("spawn")
    processes = [spawn.Process(target=worker, args=(ini, k)) for k in range(WORKERS)]
    for process in processes:
        process.start()
    for process in processes:
        process.join()
        if process.exitcode:
            sys.exit(f"a build process failed (exit {process.exitcode})")
    build_plan(call, PLANS - 1)
    print(f"bench portal built: {PLANS} plans, {COMMITMENTS} commitments", flush=True)


if __name__ == "__main__":
    main(sys.argv[1])
