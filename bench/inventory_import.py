"""Importing an inventory of ROWS items (10,000 by default) from an XLSX file, against
creating CKAN datasets one by one with package_create, in the same process, database and
search index. Writes a Markdown table to the file named second (CKAN logs to standard
output); run by `make bench`.

Environment: BENCH_IMPORT_ROWS (default 10000) the rows imported; BENCH_BASELINE_ROWS
(default: as many) the datasets created for the baseline: fewer is a sample, whose time
per dataset is set against the import's time per row (`make bench` samples 500, `make
bench FULL=1` creates them all); BENCH_INVENTORY_ONLY imports the inventory the page
benchmark reads and stops there (`make bench SCALE=10`).
"""

from __future__ import annotations

import io
import os
import resource
import sys
import time

from ckan.cli import load_config
from ckan.config.middleware import make_app
from openpyxl import Workbook
from werkzeug.datastructures import FileStorage

ROWS = int(os.environ.get("BENCH_IMPORT_ROWS", "10000"))
BASELINE = min(ROWS, int(os.environ.get("BENCH_BASELINE_ROWS", str(ROWS))))
HEADER = ["reference", "title_ar", "title_fr", "quality", "demand", "electronic", "theme"]


def workbook(rows: int) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet("items")
    sheet.append(HEADER)
    for n in range(rows):
        sheet.append([f"R-{n:05d}", f"مجموعة {n}", f"Jeu {n}", n % 5 + 1, n % 12, "yes", "Santé"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(ini: str, out: str) -> None:
    make_app(load_config(ini))
    import ckan.model as model
    import ckan.plugins.toolkit as tk

    from ckanext.opendataplan.model import InventoryItem

    site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})

    def call(action: str, **data):  # noqa: ANN003, ANN202
        return tk.get_action(action)({"user": site_user["name"], "ignore_auth": True}, data)

    try:
        inventory = call("package_show", id="bench-inventory")
    except tk.ObjectNotFound:
        inventory = call(
            "package_create",
            type="inventory",
            name="bench-inventory",
            owner_org="bench-org-000",
            title_translated={"ar": "جرد", "en": "Bench inventory"},
            period_start="2025-01-01",
            period_end="2025-12-31",
            inventory_status="in_progress",
        )
    model.Session.query(InventoryItem).filter(
        InventoryItem.inventory_id == inventory["id"]
    ).delete()
    model.repo.commit()
    content = workbook(ROWS)
    rss_before = peak_rss_mib()

    def run_import() -> tuple[float, dict]:
        upload = FileStorage(io.BytesIO(content), filename="items.xlsx")
        started = time.perf_counter()
        result = call("opendataplan_inventory_import", inventory=inventory["id"], upload=upload)
        return time.perf_counter() - started, result

    created_in, created = run_import()
    updated_in, updated = run_import()
    rss_import = peak_rss_mib()
    assert (created["created"], updated["updated"]) == (ROWS, ROWS)
    if os.environ.get("BENCH_INVENTORY_ONLY"):
        return

    # An interrupted run leaves its datasets: purge them first.
    leftovers = model.Session.query(model.Package.name).filter(
        model.Package.name.like("bench-import-%")
    )
    for (name,) in leftovers.all():
        call("dataset_purge", id=name)
    started = time.perf_counter()
    for n in range(BASELINE):
        call(
            "package_create",
            name=f"bench-import-{n:05d}",
            title=f"Jeu {n}",
            owner_org="bench-org-000",
            notes="Santé",
        )
    # A sample's time, per dataset, stands for ROWS datasets
    datasets_in = (time.perf_counter() - started) * ROWS / BASELINE
    # The datasets go again, so that the page benchmarks see the same portal each run.
    purge_started = time.perf_counter()
    for n in range(BASELINE):
        call("dataset_purge", id=f"bench-import-{n:05d}")
    purged_in = time.perf_counter() - purge_started

    sampled = f", {BASELINE:,} timed and scaled" if BASELINE < ROWS else ""
    lines = [
        f"| {ROWS:,} inventory items or datasets | seconds | per row (ms) | ratio |",
        "|---|---:|---:|---:|",
    ]
    for label, seconds in (
        (f"package_create x {ROWS:,}, one by one (baseline{sampled})", datasets_in),
        ("opendataplan_inventory_import (XLSX, create)", created_in),
        ("opendataplan_inventory_import (same file again: update)", updated_in),
    ):
        lines.append(
            f"| {label} | {seconds:.1f} | {1000 * seconds / ROWS:.2f} "
            f"| {seconds / datasets_in:.3f} |"
        )
    lines.append(
        f"\nPeak resident memory of the importing process: {rss_before:.0f} MiB before, "
        f"{rss_import:.0f} MiB after importing {ROWS:,} rows twice. "
        f"(Purging the {BASELINE:,} datasets afterwards took {purged_in:.0f} s.)"
    )
    with open(out, "w", encoding="utf-8") as stream:
        stream.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
