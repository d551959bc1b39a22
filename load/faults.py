"""What `make faults` saw: each phase's answers, the saves against the history, and the
figures on every channel once every service is back. Prints Markdown; exits 1 when a
page showed a traceback, a page or a save answered a server error other than a 503 (a
service away is a 503 with Retry-After, never a 500), an acknowledged save is missing
from the history, a refused save was written, the figures disagree or the job worker
did not run a job queued after the faults.

Usage: faults.py OUT_DIR BASE_URL EDITED_COMMITMENT JOB_RUN(yes|no)
"""

from __future__ import annotations

import bisect
import csv
import datetime as dt
import json
import os
import sys
import urllib.parse
import urllib.request
from collections import Counter
from dataclasses import dataclass
from typing import Any

SAVE = "package_patch (progress)"


@dataclass
class Request:
    start: float
    end: float
    name: str
    status: int
    traceback: bool
    progress: int | None


def requests(path: str) -> list[Request]:
    with open(path, encoding="utf-8") as handle:
        return [
            Request(float(s), float(e), n, int(st), tb == "1", int(p) if p else None)
            for s, e, n, st, tb, p in csv.reader(handle)
        ]


def phases(path: str) -> list[tuple[float, str]]:
    with open(path, encoding="utf-8") as handle:
        return [(float(stamp), label) for stamp, label in csv.reader(handle)]


def api(base: str, action: str, **params: Any) -> Any:
    query = urllib.parse.urlencode(params)
    with urllib.request.urlopen(f"{base}/api/3/action/{action}?{query}", timeout=30) as answer:
        return json.load(answer)["result"]


def get_json(base: str, path: str) -> Any:
    with urllib.request.urlopen(f"{base}{path}", timeout=30) as answer:
        return json.load(answer)


def server_errors(reqs: list[Request]) -> int:
    """Answers of 500 and the like: a 503 (with Retry-After) is the designed answer."""
    return sum(r.status // 100 == 5 and r.status != 503 for r in reqs)


def phase_table(reqs: list[Request], marks: list[tuple[float, str]]) -> tuple[list[str], int]:
    starts = [stamp for stamp, _label in marks]
    by_phase: dict[str, list[Request]] = {label: [] for _stamp, label in marks[:-1]}
    for req in reqs:
        index = bisect.bisect_right(starts, req.start) - 1
        if 0 <= index < len(marks) - 1:
            by_phase[marks[index][1]].append(req)
    lines = [
        "| phase | s | page requests | 2xx | 503 | other | save requests | saved | refused "
        "| tracebacks |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    tracebacks = 0
    for (stamp, label), (next_stamp, _next) in zip(marks, marks[1:]):
        found = by_phase[label]
        pages = [r for r in found if r.name != SAVE]
        saves = [r for r in found if r.name == SAVE]
        other = Counter(r.status for r in pages if r.status // 100 != 2 and r.status != 503)
        refused = Counter(r.status for r in saves if r.status // 100 != 2)
        tracebacks += sum(r.traceback for r in found)
        lines.append(
            f"| {label} | {next_stamp - stamp:.0f} | {len(pages)} "
            f"| {sum(r.status // 100 == 2 for r in pages)} | {sum(r.status == 503 for r in pages)} "
            f"| {_codes(other)} | {len(saves)} | {sum(r.status // 100 == 2 for r in saves)} "
            f"| {_codes(refused)} | {sum(r.traceback for r in found)} |"
        )
    return lines, tracebacks


def _codes(counts: Counter) -> str:
    return ", ".join(f"{n} x {code or 'no answer'}" for code, n in sorted(counts.items())) or "0"


def saves_against_history(reqs: list[Request], history: list[dict]) -> tuple[list[str], bool]:
    """Every acknowledged save has its snapshot, recorded while it was being answered (or
    changed nothing); no refused save has one. Snapshots recorded before the first save
    (the commitment's creation) or after the last answer (saves in flight when the load
    stopped) are left out."""
    saves = sorted((r for r in reqs if r.name == SAVE), key=lambda r: r.start)
    first, last = saves[0].start, max(r.end for r in saves)
    rows = sorted(
        (stamp, row)
        for stamp, row in (
            (dt.datetime.fromisoformat(r["recorded_at"]).replace(tzinfo=dt.UTC).timestamp(), r)
            for r in history
            if r["source"] == "edit"
        )
        if first <= stamp <= last
    )
    used: set[int] = set()

    def snapshot_of(req: Request) -> int | None:
        for index, (stamp, row) in enumerate(rows):
            in_time = req.start - 1 <= stamp <= req.end + 1
            if index not in used and in_time and row["progress"] == req.progress:
                return index
        return None

    def unchanged(req: Request) -> bool:
        before = [row for stamp, row in rows if stamp < req.start]
        return bool(before) and before[-1]["progress"] == req.progress

    acknowledged = [r for r in saves if r.status // 100 == 2]
    refused = [r for r in saves if r.status // 100 != 2]
    lost = 0
    for req in acknowledged:
        index = snapshot_of(req)
        if index is None:
            lost += not unchanged(req)
        else:
            used.add(index)
    written = sum(snapshot_of(req) is not None for req in refused)
    lines = [
        f"- Saves acknowledged: {len(acknowledged)}; missing from the history: {lost}.",
        f"- Saves refused: {len(refused)}; written anyway: {written}.",
        f"- Snapshots in the history not matched to an acknowledged save: {len(rows) - len(used)}.",
    ]
    return lines, lost == 0 and written == 0


def figures_agree(base: str, commitment: str) -> tuple[list[str], bool]:
    """The edited commitment's figure on the API (database), in the search index, on the
    overview's JSON (its plan) and on its embed; every plan's figure in the index and the
    overview."""
    shown = api(base, "package_show", id=commitment)
    indexed = api(base, "package_search", fq=f"name:{commitment}", include_private="true")
    index_progress = indexed["results"][0]["progress"] if indexed["results"] else None
    plan = api(base, "package_show", id=shown["plan"])
    overview = get_json(base, "/progress.json?drafts=include")
    plans = {row["name"]: row for row in overview["plans"]}
    all_indexed = api(base, "package_search", fq="dataset_type:plan", rows=1000)["results"]
    disagree = [
        p["name"]
        for p in all_indexed
        if p["name"] in plans and plans[p["name"]]["progress"] != p.get("progress")
    ]
    agree = (
        str(shown["progress"]) == str(index_progress)
        and plans.get(plan["name"], {}).get("progress") == plan["progress"]
        and not disagree
    )
    lines = [
        f"- Edited commitment: {shown['progress']} % in the database, {index_progress} % in "
        f"the index; its plan {plan['progress']} % on its page, "
        f"{plans.get(plan['name'], {}).get('progress')} % on the overview.",
        f"- Plans whose index figure differs from the overview's: {len(disagree)} "
        f"of {len(all_indexed)}.",
    ]
    return lines, agree


def main(out: str, base: str, commitment: str, job_run: str) -> int:
    reqs = requests(os.path.join(out, "requests.csv"))
    table, tracebacks = phase_table(reqs, phases(os.path.join(out, "phases.csv")))
    history = api(base, "opendataplan_progress_history", id=commitment, include_withdrawn="true")
    save_lines, saves_ok = saves_against_history(reqs, history)
    figure_lines, agree = figures_agree(base, commitment)
    alive = job_run == "yes"
    print("\n".join(table))
    print()
    print("\n".join(save_lines + figure_lines))
    errors = server_errors(reqs)
    print(f"- Pages and saves answering a server error other than 503: {errors}.")
    print(f"- A job queued after the faults was run by the job worker: {job_run}.")
    return 0 if tracebacks == 0 and errors == 0 and saves_ok and agree and alive else 1


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
