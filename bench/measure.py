"""Serves the bench portal with `ckan run` and measures each page's median time as a
ratio to CKAN's own dataset page, measured in the same run, and the web process's peak
resident memory. Prints a Markdown table."""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROUNDS, WARMUP = 25, 3
PAGES = {
    "CKAN dataset page (baseline)": "/en/dataset/bench-dataset-007",
    "CKAN dataset search": "/en/dataset/",
    "/progress (national overview)": "/en/progress",
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
        medians = {}
        for label, path in PAGES.items():
            for _ in range(WARMUP):
                fetch(base + path)
            medians[label] = statistics.median(fetch(base + path) for _ in range(ROUNDS))
        baseline = medians["CKAN dataset page (baseline)"]
        print("| page | median (ms) | ratio to CKAN's dataset page |\n|---|---|---|")
        for label, value in medians.items():
            print(f"| {label} | {value * 1000:.0f} | {value / baseline:.2f} |")
        print(
            f"\nPeak resident memory of the web process: {peak_rss_mib(server.pid):.0f} MiB "
            f"({ROUNDS} rounds after {WARMUP} warm-up requests per page)"
        )
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main(*sys.argv[1:])
