"""The load test's results as a Markdown table (from Locust's CSV statistics); exits 1
when any request failed."""

from __future__ import annotations

import csv
import sys


def rows(path: str) -> list[dict[str, str]]:
    with open(path, encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def main(*paths: str) -> int:
    print("| run | request | requests | failures | p50 (ms) | p95 (ms) | requests/s |")
    print("|---|---|---|---|---|---|---|")
    failures = 0
    for path in paths:
        run = "citizens + editors" if "mix" in path else "CKAN dataset page"
        for row in rows(path):
            name = "all requests" if row["Name"] == "Aggregated" else row["Name"]
            failures += int(row["Failure Count"]) if row["Name"] == "Aggregated" else 0
            print(
                f"| {run} | {name} | {row['Request Count']} | {row['Failure Count']} "
                f"| {row['50%']} | {row['95%']} | {float(row['Requests/s']):.1f} |"
            )
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
