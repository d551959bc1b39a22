"""The load test's results as Markdown tables (from Locust's CSV statistics); exits 1
when any request failed. With ``--record FILE`` (every request of the citizens and
editors run, as the locustfile writes it with ``LOAD_RECORD``), also the citizens' own
latencies, apart from the editor's saves, and the rate the saves reached."""

from __future__ import annotations

import csv
import math
import sys

EDITOR = "package_patch (progress)"


def rows(path: str) -> list[dict[str, str]]:
    with open(path, encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def percentile(values: list[float], share: float) -> float:
    """The nearest-rank percentile of ``values`` (not empty)."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def recorded(path: str) -> list[str]:
    """The citizens' requests (count, p50, p95 in ms) and the editor's saves (count,
    per second over the run) from the record of every request."""
    with open(path, encoding="utf-8", newline="") as handle:
        requests = [(float(row[0]), float(row[1]), row[2], row[3]) for row in csv.reader(handle)]
    citizens = [1000 * (end - start) for start, end, name, _ in requests if name != EDITOR]
    saves = [start for start, _, name, _ in requests if name == EDITOR]
    span = max(end for _, end, _, _ in requests) - min(start for start, *_ in requests)
    lines = [
        "",
        "| recorded (citizens + editors run) | requests | p50 (ms) | p95 (ms) | per second |",
        "|---|---|---|---|---|",
    ]
    if citizens:
        lines.append(
            f"| citizens' requests (every page; not the editor's saves) | {len(citizens)} "
            f"| {percentile(citizens, 0.5):.0f} | {percentile(citizens, 0.95):.0f} "
            f"| {len(citizens) / span:.1f} |"
        )
    lines.append(f"| the editor's saves | {len(saves)} | | | {len(saves) / span:.2f} |")
    return lines


def main(*args: str) -> int:
    paths = [arg for arg in args if arg != "--record"]
    record = args[args.index("--record") + 1] if "--record" in args else None
    if record is not None:
        paths.remove(record)
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
    if record is not None:
        print("\n".join(recorded(record)))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
