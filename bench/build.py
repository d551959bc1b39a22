"""Builds a national-scale portal in the bench database, through CKAN's actions:
300 institutions, 2,000 commitments in 50 plans, 10 milestones each (20,000), a progress
report per plan, and 100 ordinary datasets. Run by `make bench`; idempotent (a
finished build is kept)."""

from __future__ import annotations

import datetime as dt
import random
import sys
import time

from ckan.cli import load_config
from ckan.config.middleware import make_app

INSTITUTIONS, PLANS, COMMITMENTS, MILESTONES, DATASETS = 300, 50, 2000, 10, 100


def main(ini: str) -> None:
    make_app(load_config(ini))
    import ckan.plugins.toolkit as tk

    site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})

    def call(action: str, **data):  # noqa: ANN003, ANN202
        return tk.get_action(action)({"user": site_user["name"], "ignore_auth": True}, data)

    if tk.get_action("package_search")({}, {"fq": "name:bench-plan-last", "rows": 0})["count"]:
        print("bench portal already built")
        return
    started = time.monotonic()
    rng = random.Random(2026)
    orgs = [
        call("organization_create", name=f"bench-org-{n:03d}", title=f"مؤسسة {n}")["id"]
        for n in range(INSTITUTIONS)
    ]
    for n in range(DATASETS):
        call(
            "package_create",
            name=f"bench-dataset-{n:03d}",
            title=f"Dataset {n}",
            owner_org=orgs[n % INSTITUTIONS],
            notes="Open data " * 20,
            resources=[{"url": "http://example.invalid/data.csv", "format": "CSV"}],
        )
    per_plan = COMMITMENTS // PLANS
    for p in range(PLANS):
        name = "bench-plan-last" if p == PLANS - 1 else f"bench-plan-{p:02d}"
        plan = call(
            "package_create",
            type="plan",
            name=name,
            plan_kind="national_open_data",
            owner_org=orgs[p],
            period_start="2024-01-01",
            period_end="2027-12-31",
            version_status="final",
            title_translated={"ar": f"خطة {p}", "fr": f"Plan {p}", "en": f"Plan {p}"},
        )
        for c in range(per_plan):
            start = dt.date(2024, 1, 1)
            milestones = []
            for m in range(MILESTONES):
                begin = start + dt.timedelta(days=90 * m)
                value = rng.choice([0, 20, 50, 80, 100])
                milestones.append(
                    {
                        "title": f"Activity {m}",
                        "start_date": begin.isoformat(),
                        "end_date": (begin + dt.timedelta(days=80)).isoformat(),
                        "progress": value,
                        "status": "complete"
                        if value == 100
                        else "in_progress"
                        if value
                        else "not_started",
                    }
                )
            call(
                "package_create",
                type="commitment",
                name=f"{name}-c{c:02d}",
                plan=plan["id"],
                number=str(c + 1),
                owner_org=orgs[(p * per_plan + c) % INSTITUTIONS],
                title_translated={"ar": f"التزام {c}", "en": f"Commitment {c}"},
                start_date="2024-01-01",
                end_date="2026-06-30",
                milestones=milestones,
                indicators=[
                    {
                        "title": "Datasets",
                        "baseline": 10,
                        "target": 100,
                        "source": "portal_datasets",
                    }
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
                for c in range(0, per_plan, 4)
            ],
        )
        print(f"plan {p + 1}/{PLANS} built ({time.monotonic() - started:.0f} s)", flush=True)


if __name__ == "__main__":
    main(sys.argv[1])
