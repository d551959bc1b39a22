"""Publishing a progress report of UPDATES updates (50 by default), against one
commitment ``package_patch``, in the same process, database and search index: medians
of ROUNDS runs of each, interleaved. Writes a Markdown table to the file named second
(CKAN logs to standard output); run by `make bench`.

Environment: BENCH_REPORT_UPDATES (default 50), BENCH_REPORT_ROUNDS (default 7).
"""

from __future__ import annotations

import contextlib
import os
import statistics
import sys
import time

from ckan.cli import load_config
from ckan.config.middleware import make_app

UPDATES = int(os.environ.get("BENCH_REPORT_UPDATES", "50"))
ROUNDS = int(os.environ.get("BENCH_REPORT_ROUNDS", "7"))
PLAN = "bench-publish-plan"
GOAL = 2.0  # a report of 50 updates costs at most 2 commitment patches


def main(ini: str, out: str) -> None:
    make_app(load_config(ini))
    import ckan.plugins.toolkit as tk

    site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})

    def call(action: str, **data):  # noqa: ANN003, ANN202
        return tk.get_action(action)({"user": site_user["name"], "ignore_auth": True}, data)

    orgs = call("organization_list", limit=1)
    org = orgs[0] if orgs else call("organization_create", name="bench-publish-org")["name"]
    names = [f"{PLAN}-c{n:03d}" for n in range(UPDATES)]
    for name in [*(f"{PLAN}-r{n}" for n in range(ROUNDS)), *names, PLAN]:
        with contextlib.suppress(tk.ObjectNotFound):
            call("dataset_purge", id=name)  # the previous run's
    call(
        "package_create",
        type="plan",
        name=PLAN,
        owner_org=org,
        title_translated={"en": "Publish benchmark"},
        plan_kind="ogp_national",
        period_start="2024-01-01",
        period_end="2026-12-31",
        version_status="final",
    )
    for n, name in enumerate(names):
        call(
            "package_create",
            type="commitment",
            name=name,
            plan=PLAN,
            number=str(n + 1),
            owner_org=org,
            title_translated={"en": f"Commitment {n + 1}"},
            progress=10,
        )

    patches, reports = [], []
    for round_ in range(ROUNDS):
        started = time.perf_counter()
        call("package_patch", id=names[0], progress=20 + round_)
        patches.append(time.perf_counter() - started)
        updates = [{"commitment": name, "progress": 30 + round_} for name in names]
        started = time.perf_counter()
        call(
            "package_create",
            type="progress_report",
            name=f"{PLAN}-r{round_}",
            plan=PLAN,
            meeting_date=time.strftime("%Y-%m-%d"),
            updates=updates,
        )
        reports.append(time.perf_counter() - started)

    patch, report = statistics.median(patches), statistics.median(reports)
    verdict = "met" if report / patch <= GOAL else "NOT MET"
    lines = [
        "| publishing, same run | median (ms) | ratio to one package_patch | goal |",
        "|---|---:|---:|---|",
        f"| package_patch of one commitment (baseline) | {1000 * patch:.0f} | 1.00 | |",
        f"| a progress report of {UPDATES} updates | {1000 * report:.0f} "
        f"| {report / patch:.2f} | <= {GOAL:.0f}x: {verdict} |",
    ]
    with open(out, "w", encoding="utf-8") as stream:
        stream.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
