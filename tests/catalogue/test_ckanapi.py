"""A portal's plans survive the usual way of moving a CKAN catalogue: `ckanapi dump
datasets` from one portal, `ckanapi load datasets` into an empty one (PyPI ckanapi,
through its command line, as an administrator runs it)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from ckan.tests import helpers

from tests import factories_odp as f
from tests.conftest import reset_database

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db")

ROOT = Path(__file__).resolve().parents[2]
# What may refer to what: plans first, then their commitments, then the reports on them.
LOAD_ORDER = ("dataset", "plan", "inventory", "commitment", "progress_report")


def ckanapi(*args: str) -> None:
    bin_dir = Path(sys.executable).parent  # ckanapi runs `ckan api` from the PATH
    command = [str(bin_dir / "ckanapi"), *args, "-c", str(ROOT / "test.ini")]
    env = {**os.environ, "PATH": f"{bin_dir}:{os.environ['PATH']}"}
    result = subprocess.run(command, capture_output=True, text=True, timeout=300, cwd=ROOT, env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "error" not in result.stdout.lower(), result.stdout


def figures() -> dict[str, Any]:
    """Every plan's and commitment's figures, as the API gives them."""
    found = {}
    for name in helpers.call_action("package_list"):
        package = helpers.call_action("package_show", id=name)
        if package["type"] == "plan":
            progress = helpers.call_action("opendataplan_plan_progress", id=name)
            found[name] = (progress["progress"], progress["commitment_count"])
        elif package["type"] == "commitment":
            found[name] = (package["progress"], package["completion_level"], package["plan"])
    return found


def test_dump_then_load_into_an_empty_portal_gives_the_same_plans(tmp_path):
    from ckan.lib import search
    from ckan.tests import factories

    admin = factories.Sysadmin()
    org = factories.Organization(name="institution")
    plan = f.plan(admin, org)
    first = f.commitment(admin, plan, org, name="c1", milestones=f.milestones())
    second = f.commitment(admin, plan, org, name="c2", number="5", weight=3)
    f.report(admin, plan, [{"commitment": first["id"], "progress": 60}], name="r1")
    f.report(
        admin,
        plan,
        [{"commitment": second["id"], "progress": 30}],
        name="r2",
        meeting_date="2020-08-20",
    )
    f.inventory(admin, org)
    before = figures()
    organizations, datasets = tmp_path / "organizations.jsonl", tmp_path / "datasets.jsonl"
    ckanapi("dump", "organizations", "--all", "-O", str(organizations))
    ckanapi("dump", "datasets", "--all", "-O", str(datasets))

    reset_database()
    search.clear_all()
    assert helpers.call_action("package_list") == []
    ckanapi("load", "organizations", "-I", str(organizations))
    for kind in LOAD_ORDER:
        part = tmp_path / f"{kind}.jsonl"
        lines = [
            line for line in datasets.read_text().splitlines() if json.loads(line)["type"] == kind
        ]
        if lines:
            part.write_text("\n".join(lines) + "\n")
            ckanapi("load", "datasets", "-I", str(part))

    assert figures() == before
    assert before[plan["name"]][1] == 2
