"""`make bench`'s tables: the harvest's (bench/harvest.py) and the pages' ratios
(bench/measure.py), each to CKAN's dataset page of the same phase."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[2]


def bench_module(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"bench_{name}", ROOT / "bench" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        spec.loader.exec_module(module)
    finally:
        sys.path.remove(str(ROOT / "bench"))
    return module


harvest = bench_module("harvest")
measure = bench_module("measure")


def cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.strip().strip("|").split("|")]


def test_the_harvest_table_gives_each_job_its_time_per_commitment_and_what_it_added():
    first = harvest.Job(
        wall=130.0,
        gather=6.0,
        total=120.0,
        statuses={"added": 50},
        errors=0,
        plans=50,
        commitments=2000,
        history=4100,
    )
    again = harvest.Job(
        wall=20.0,
        gather=6.5,
        total=10.0,
        statuses={"not modified": 50},
        errors=0,
        plans=50,
        commitments=2000,
        history=4100,
    )
    sizes = {"plans": 50, "commitments": 2000, "milestones": 20000}
    lines = harvest.summary(3.2, sizes, first, again)
    header, _, first_row, again_row = lines[:4]
    assert cells(header)[4] == "per commitment (ms)"
    assert cells(first_row) == [
        "first, into an empty portal",
        "130.0",
        "6.0",
        "120.0",
        "60.0",  # 120 s over 2,000 commitments
        "50, 2,000, 4,100",
        "50 added",
    ]
    assert cells(again_row)[4] == "5.0"
    assert cells(again_row)[5] == "50, 2,000, 4,100 (+0 history rows)"
    assert cells(again_row)[6] == "50 not modified"
    assert "22,050 rows" in lines[4] and "3.2 s" in lines[4]


def test_a_kept_portal_shows_the_recorded_first_harvest_then_this_runs():
    first = harvest.Job(130.0, 6.0, 120.0, {"added": 50}, 0, 50, 2000, 4100)
    kept = harvest.Job(30.0, 6.0, 20.0, {"not modified": 50, "updated": 1}, 0, 51, 2050, 4160)
    again = harvest.Job(20.0, 6.0, 10.0, {"not modified": 51}, 0, 51, 2050, 4160)
    lines = harvest.summary(3.0, {}, first, again, kept, "2026-12-07 04:30 UTC, kept since")
    labels = [cells(line)[0] for line in lines[2:5]]
    assert labels == [
        "first, into an empty portal (2026-12-07 04:30 UTC, kept since)",
        "this run's export, into that portal",
        "again, nothing changed",
    ]
    assert cells(lines[3])[4] == f"{20_000 / 2050:.1f}"
    assert cells(lines[3])[5:] == [
        "51, 2,050, 4,160 (+60 history rows)",
        "50 not modified, 1 updated",
    ]
    assert cells(lines[4])[5] == "51, 2,050, 4,160 (+0 history rows)"


def test_the_harvest_table_shows_a_jobs_errors():
    failed = harvest.Job(1.0, 1.0, 1.0, {"errored": 2}, 2, 0, 0, 0)
    row = harvest.summary(1.0, {}, failed, failed)[2]
    assert cells(row)[4] == "-"  # no commitment harvested: no time per commitment
    assert cells(row)[6] == "2 errored; 2 errors"


def test_each_page_is_set_against_the_baseline_of_its_own_phase():
    samples = {
        measure.BASELINE: [0.1] * 5,
        "/progress (national overview)": [0.05] * 5,
        "/progress after a save": [0.6] * 5,
        measure.BASELINE_AFTER_SAVE: [0.2] * 5,
    }
    rows = {cells(line)[0]: cells(line)[1:] for line in measure.table(samples)[2:]}
    assert rows[measure.BASELINE] == ["100", "100", "1.00"]
    assert rows["/progress (national overview)"][2] == "0.50"
    assert rows["/progress after a save"] == ["600", "600", "3.00"]  # against 200 ms, not 100


def test_a_figure_read_differently_here_is_named():
    def overview(progress: int, plan_progress: int) -> dict:
        return {
            "progress": progress,
            "progress_as_of": "2025-06-30",
            "levels": {"on_track": 3},
            "overdue_count": 7,
            "plans": [{"name": "p1", "progress": plan_progress, "progress_as_of": "2025-06-30"}],
        }

    assert harvest.differences(overview(50, 40), overview(50, 40)) == []
    assert harvest.differences(overview(50, 40), overview(51, 41)) == [
        "progress: 50 at the source, 51 here",
        "plan p1: (40, '2025-06-30') at the source, (41, '2025-06-30') here",
    ]
    missing = {**overview(50, 40), "plans": []}
    assert harvest.differences(overview(50, 40), missing) == [
        "plan p1: (40, '2025-06-30') at the source, None here"
    ]
