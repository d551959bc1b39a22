"""The citizen pages in headless Chromium, in ar, fr and en, at 375 and 1280 px wide:
no serious or critical axe-core violation, the keyboard reaches the page, nothing wider
than a phone's screen. With OPENDATAPLAN_SCREENSHOTS=1, a full-page screenshot of each
under .state/artifacts/screenshots (``OPENDATAPLAN_SCREENSHOTS=1 make test
PYTEST_ARGS=tests/browser``)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests import factories_odp as f
from tests.marks import portal
from tests.servers import serving

pytestmark = portal
ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / ".state" / "artifacts" / "screenshots"
PAGES = [
    "/progress",
    "/progress/late",
    "/progress/open-data",
    "/plan/ogp-2018-2020",
    "/commitment/commitment-4",
    "/progress_report/meeting",
    "/embed/commitment/commitment-4",
    "/inventory/inventory-2024",
    "/dataset/mp-01-public-procurement",
]


@pytest.fixture
def live_server():
    """CKAN serving the test database, as a real web server."""
    ckan_cli = Path(sys.executable).parent / "ckan"
    log = ROOT / ".state" / "log" / "browser-test-server.log"
    with serving(ckan_cli, ROOT / "test.ini", log) as base:
        yield base


@pytest.fixture
def seeded(admin, org, plan):
    commitment = f.commitment(
        admin,
        plan,
        org,
        milestones=f.milestones(),
        indicators=[
            {"title": "Datasets", "baseline": 136, "target": 300, "source": "portal_datasets"}
        ],
    )
    f.report(admin, plan, [{"commitment": commitment["id"], "progress": 72}])
    inventory = f.inventory(admin, org)
    published = f.item(
        admin,
        inventory,
        reference="MP-01",
        title={"ar": "الصفقات العمومية", "fr": "Marchés publics", "en": "Public procurement"},
        commitment=commitment["name"],
    )
    f.item(admin, inventory, reference="MP-02", quality=2, electronic=False)
    f.item(admin, inventory, reference="MP-03", restriction="personal_data")
    dataset = f.helpers.call_action(
        "opendataplan_inventory_item_promote", {"user": admin["name"]}, id=published["id"]
    )
    f.helpers.call_action(
        "package_patch", {"user": admin["name"]}, id=dataset["id"], state="active", private=False
    )


def test_pages_in_chromium(seeded, live_server):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    shots = str(SCREENSHOTS) if os.environ.get("OPENDATAPLAN_SCREENSHOTS") else "-"
    paths = [f"/{lang}{page}" for lang in ("ar", "fr", "en") for page in PAGES]
    result = subprocess.run(
        [
            "node",
            str(ROOT / "tests" / "browser" / "check_pages.mjs"),
            live_server,
            shots,
            *paths,
        ],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=ROOT,
        env={**os.environ, "NODE_PATH": str(ROOT / "node_modules")},
    )
    assert result.returncode == 0, result.stderr
    reports = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    (SCREENSHOTS.parent / "axe.json").write_text(json.dumps(reports, indent=1, ensure_ascii=False))

    assert len(reports) == len(paths) * 2
    problems = [
        (r["path"], r["width"], v["id"], v["nodes"])
        for r in reports
        for v in r["axe"]
        if v["impact"] in ("serious", "critical")
    ]
    assert problems == []
    assert all(r["status"] == 200 for r in reports)
    assert all(r["dir"] == "rtl" for r in reports if r["path"].startswith("/ar/"))
    assert all(r["focused"] in ("A", "BUTTON", "INPUT") for r in reports)
    assert [
        (r["path"], r["overflow"]) for r in reports if r["width"] == 375 and r["overflow"] > 0
    ] == []
