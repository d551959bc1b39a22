"""`make load`'s summary: the citizens' own latencies, apart from the editor's saves,
and the rate the saves reached, from the record of every request (load/summary.py)."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
EDITOR = "package_patch (progress)"


def write_record(path: Path) -> None:
    """An 11-second run: 100 citizens' requests of 10 to 1,000 ms, a save each second
    that takes 5 s (so slow a save would spoil the citizens' p95 if it counted)."""
    with open(path, "w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        for n in range(1, 101):
            start = n / 10
            out.writerow([f"{start:.3f}", f"{start + n / 100:.3f}", "/progress", 200, 0, ""])
        for second in range(5):
            out.writerow([f"{second:.3f}", f"{second + 5:.3f}", EDITOR, 200, 0, 5 * second])


def write_stats(path: Path, failures: int) -> None:
    fields = ["Name", "Request Count", "Failure Count", "50%", "95%", "Requests/s"]
    with open(path, "w", newline="", encoding="utf-8") as handle:
        out = csv.DictWriter(handle, fields)
        out.writeheader()
        out.writerow(dict(zip(fields, ["Aggregated", "105", str(failures), "500", "950", "10.5"])))


def summary(tmp_path: Path, failures: int = 0) -> subprocess.CompletedProcess:
    write_record(tmp_path / "mix_requests.csv")
    write_stats(tmp_path / "mix_stats.csv", failures)
    return subprocess.run(
        [
            sys.executable,
            str(ROOT / "load" / "summary.py"),
            str(tmp_path / "mix_stats.csv"),
            "--record",
            str(tmp_path / "mix_requests.csv"),
        ],
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_citizens_p95_leaves_out_the_editors_saves(tmp_path):
    done = summary(tmp_path)
    assert done.returncode == 0, done.stderr
    [citizens] = [line for line in done.stdout.splitlines() if line.startswith("| citizens'")]
    # nearest rank: the 50th and 95th of 10, 20 ... 1,000 ms; the 5 s saves left out
    assert citizens.split(" | ")[1:4] == ["100", "500", "950"]
    [saves] = [line for line in done.stdout.splitlines() if line.startswith("| the editor's")]
    # five saves over the run's 11 s (the first save at 0 s, the last answer at 11 s)
    assert saves.split(" | ")[1] == "5" and saves.rstrip(" |").endswith("0.45")


def test_a_failed_request_fails_the_run(tmp_path):
    assert summary(tmp_path, failures=1).returncode == 1
