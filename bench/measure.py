"""Serves the bench portal with `ckan run` and measures each page's median and 95th
percentile time, and the ratio of its median to CKAN's own dataset page's, and the web
process's peak resident memory. Prints a Markdown table.

Pages are measured round-robin (one request to each page, then the next round, each
round starting one page further), so that machine noise falls on every page alike.
Rows marked "after a save" move the figures' cache generation on before each request,
as a save does: what the first reader after a change waits for."""

from __future__ import annotations

import contextlib
import os
import statistics
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import sqlalchemy

ROUNDS, WARMUP = 25, 3
BASELINE = "CKAN dataset page (baseline)"
BASELINE_AFTER_SAVE = "CKAN dataset page (baseline of the rows after a save)"
PAGES = {
    BASELINE: "/en/dataset/bench-dataset-007",
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


def invalidator(database_url: str) -> Callable[[], None]:
    """What a save does to the cached figures of the portal on that database (see
    ckanext/opendataplan/common/cache.py)."""
    engine = sqlalchemy.create_engine(database_url)

    def invalidate() -> None:
        with engine.connect() as connection:
            connection.execute(sqlalchemy.text("SELECT nextval('opendataplan_generation')"))

    return invalidate


def measure(
    base: str, pages: dict[str, str], invalidate: Callable[[], None]
) -> dict[str, list[float]]:
    """Two phases, each round-robin: every page without saves (the figures' cache warm,
    as between two saves), then CKAN's dataset page (``pages[BASELINE]``) with the
    "after a save" rows, each preceded by what a save does to the cache."""
    after_save = [label for label in pages if label.endswith("after a save")]
    warm = [label for label in pages if label not in after_save]
    for _ in range(WARMUP):
        for label in warm:
            fetch(base + pages[label])
    samples: dict[str, list[float]] = {label: [] for label in pages}
    phases = [(warm, False)]
    if after_save:
        samples[BASELINE_AFTER_SAVE] = []
        phases.append(([BASELINE_AFTER_SAVE, *after_save], True))
    for labels, invalidating in phases:
        for round_number in range(ROUNDS):
            shift = round_number % len(labels)
            for label in labels[shift:] + labels[:shift]:
                if invalidating and label != BASELINE_AFTER_SAVE:
                    invalidate()
                path = pages[BASELINE] if label == BASELINE_AFTER_SAVE else pages[label]
                samples[label].append(fetch(base + path))
    return samples


def table(samples: dict[str, list[float]]) -> list[str]:
    """The Markdown table of medians, 95th percentiles and ratios to CKAN's dataset page
    in the same phase."""
    medians = {label: statistics.median(times) for label, times in samples.items()}
    lines = [
        "| page | median (ms) | p95 (ms) | ratio to CKAN's dataset page (medians) |",
        "|---|---|---|---|",
    ]
    for label, times in samples.items():
        same_phase = label.endswith("after a save") or label == BASELINE_AFTER_SAVE
        baseline = medians[BASELINE_AFTER_SAVE if same_phase else BASELINE]
        p95 = statistics.quantiles(times, n=20)[-1]
        lines.append(
            f"| {label} | {medians[label] * 1000:.0f} | {p95 * 1000:.0f} "
            f"| {medians[label] / baseline:.2f} |"
        )
    return lines


@contextlib.contextmanager
def serving(
    ckan: str, ini: str, port: str, env: dict[str, str] | None = None
) -> Iterator[tuple[str, subprocess.Popen]]:
    """The portal of that configuration (and CKAN_* environment) served by `ckan run`
    until the block ends: its address and its process."""
    server = subprocess.Popen(
        [ckan, "-c", ini, "run", "--host", "127.0.0.1", "--port", port, "--disable-reloader"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(240):
            if server.poll() is not None:
                raise RuntimeError(f"`ckan run` on port {port} exited ({server.returncode})")
            try:
                fetch(base + "/api/3/action/status_show")
                break
            except OSError:
                time.sleep(0.5)
        else:
            raise RuntimeError(f"`ckan run` on port {port} did not answer within 120 s")
        yield base, server
    finally:
        server.terminate()
        server.wait(timeout=30)


def warm_job(ckan: str, ini: str, invalidate: Callable[[], None]) -> str:
    """What the job worker does after each change, timed by the command itself."""
    invalidate()
    done = subprocess.run(
        [ckan, "-c", ini, "opendataplan", "warm"], capture_output=True, text=True, check=True
    )
    return done.stdout.strip().splitlines()[-1]


def main(ckan: str, ini: str, port: str) -> None:
    invalidate = invalidator(os.environ["CKAN_SQLALCHEMY_URL"])
    with serving(ckan, ini, port) as (base, server):
        samples = measure(base, PAGES, invalidate)
        print("\n".join(table(samples)))
        print(
            f"\nPeak resident memory of the web process: {peak_rss_mib(server.pid):.0f} MiB "
            f"({ROUNDS} rounds after {WARMUP} warm-up requests per page)"
        )
        print(
            "\nJob worker after a change (`ckan opendataplan warm`): "
            f"{warm_job(ckan, ini, invalidate)}"
        )


if __name__ == "__main__":
    main(*sys.argv[1:])
