"""Serves the bench portal with `ckan run` and measures each page's median and 95th
percentile time, and the ratio of its median to CKAN's own dataset page's, and the web
process's peak resident memory. Prints a Markdown table.

Pages are measured round-robin (one request to each page, then the next round, each
round starting one page further), so that machine noise falls on every page alike.
Rows marked "after a save" move the figures' cache generation on before each request,
as a save does: what the first reader after a change waits for."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import sqlalchemy

ROUNDS, WARMUP = 25, 3
PAGES = {
    "CKAN dataset page (baseline)": "/en/dataset/bench-dataset-007",
    "CKAN dataset search": "/en/dataset/",
    "/progress (national overview)": "/en/progress",
    "/progress after a save": "/en/progress",
    "late activities": "/ar/progress/late",
    "late activities after a save": "/ar/progress/late",
    "institution scorecards": "/ar/progress/institutions",
    "institution scorecards after a save": "/ar/progress/institutions",
    "progress report page": "/ar/progress_report/bench-plan-07-meeting",
    "plan page (40 commitments)": "/ar/plan/bench-plan-07",
    "commitment page": "/ar/commitment/bench-plan-07-c03",
    "/commitment search with facets": "/en/commitment/",
    "embed widget": "/ar/embed/plan/bench-plan-07",
    "inventory page (10,000 items)": "/ar/inventory/bench-inventory",
    "/progress.json": "/progress.json",
    "API package_show (commitment)": "/api/3/action/package_show?id=bench-plan-07-c03",
    "API opendataplan_plan_progress": "/api/3/action/opendataplan_plan_progress?id=bench-plan-07",
}


def fetch(url: str) -> float:
    started = time.perf_counter()
    with urllib.request.urlopen(url, timeout=120) as response:
        response.read()
        assert response.status == 200, url
    return time.perf_counter() - started


def peak_rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


_database = sqlalchemy.create_engine(os.environ["CKAN_SQLALCHEMY_URL"])


def invalidate() -> None:
    """What a save does to the cached figures (see ckanext/opendataplan/common/cache.py)."""
    with _database.connect() as connection:
        connection.execute(sqlalchemy.text("SELECT nextval('opendataplan_generation')"))


def measure(base: str) -> dict[str, list[float]]:
    """Two phases, each round-robin: every page without saves (the figures' cache warm,
    as between two saves), then CKAN's dataset page with the "after a save" rows, each
    preceded by what a save does to the cache."""
    after_save = [label for label in PAGES if label.endswith("after a save")]
    warm = [label for label in PAGES if label not in after_save]
    for _ in range(WARMUP):
        for label in warm:
            fetch(base + PAGES[label])
    samples: dict[str, list[float]] = {label: [] for label in PAGES}
    baseline = "CKAN dataset page (baseline)"
    samples[BASELINE_AFTER_SAVE] = []
    for labels, invalidating in ((warm, False), ([BASELINE_AFTER_SAVE, *after_save], True)):
        for round_number in range(ROUNDS):
            shift = round_number % len(labels)
            for label in labels[shift:] + labels[:shift]:
                if invalidating and label != BASELINE_AFTER_SAVE:
                    invalidate()
                path = PAGES[baseline] if label == BASELINE_AFTER_SAVE else PAGES[label]
                samples[label].append(fetch(base + path))
    return samples


BASELINE_AFTER_SAVE = "CKAN dataset page (baseline of the rows after a save)"


def warm_job(ckan: str, ini: str) -> str:
    """What the job worker does after each change, timed by the command itself."""
    invalidate()
    done = subprocess.run(
        [ckan, "-c", ini, "opendataplan", "warm"], capture_output=True, text=True, check=True
    )
    return done.stdout.strip().splitlines()[-1]


def main(ckan: str, ini: str, port: str) -> None:
    server = subprocess.Popen(
        [ckan, "-c", ini, "run", "--host", "127.0.0.1", "--port", port, "--disable-reloader"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(240):
            try:
                fetch(base + "/api/3/action/status_show")
                break
            except OSError:
                time.sleep(0.5)
        samples = measure(base)
        medians = {label: statistics.median(times) for label, times in samples.items()}
        print("| page | median (ms) | p95 (ms) | ratio to CKAN's dataset page (medians) |")
        print("|---|---|---|---|")
        for label, times in samples.items():
            same_phase = label.endswith("after a save") or label == BASELINE_AFTER_SAVE
            baseline = medians[
                BASELINE_AFTER_SAVE if same_phase else "CKAN dataset page (baseline)"
            ]
            p95 = statistics.quantiles(times, n=20)[-1]
            print(
                f"| {label} | {medians[label] * 1000:.0f} | {p95 * 1000:.0f} "
                f"| {medians[label] / baseline:.2f} |"
            )
        print(
            f"\nPeak resident memory of the web process: {peak_rss_mib(server.pid):.0f} MiB "
            f"({ROUNDS} rounds after {WARMUP} warm-up requests per page)"
        )
        print(f"\nJob worker after a change (`ckan opendataplan warm`): {warm_job(ckan, ini)}")
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main(*sys.argv[1:])
