"""Several web workers, as a national portal runs: two gunicorn servers (three worker
processes that share only PostgreSQL, Solr and Redis) serve the test database. A save
through one is what the next request to the other shows, the cached country-wide
figures included, and so while readers hammer the other at the same time."""

from __future__ import annotations

import json
import sys
import threading
import time
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup

from tests import factories_odp as f
from tests.marks import portal
from tests.servers import serving_workers

pytestmark = portal
ROOT = Path(__file__).resolve().parents[2]
LOG = ROOT / ".state" / "log"


def get_json(url: str) -> dict[str, Any]:
    with urllib.request.urlopen(url, timeout=30) as response:
        return json.loads(response.read())


def patch(base: str, token: str, **fields: Any) -> None:
    request = urllib.request.Request(
        base + "/api/3/action/package_patch",
        data=json.dumps(fields).encode(),
        headers={"Authorization": token, "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        assert json.loads(response.read())["success"]


@pytest.fixture
def nodes():
    venv_bin = Path(sys.executable).parent
    ini = ROOT / "test.ini"
    with (
        serving_workers(venv_bin, ini, LOG / "workers-a.log", workers=2) as first,
        serving_workers(venv_bin, ini, LOG / "workers-b.log", workers=1) as second,
    ):
        yield first, second


@pytest.fixture
def scene(admin, org, plan):
    commitment = f.commitment(admin, plan, org, progress=10)
    token = f.factories.APIToken(user=admin["name"])["token"]
    return {"commitment": commitment["name"], "token": token}


def scorecard_percents(base: str) -> list[str]:
    """The average progress the scorecards page shows (its HTML is cached per generation)."""
    with urllib.request.urlopen(base + "/en/progress/institutions", timeout=30) as answer:
        page = BeautifulSoup(answer.read(), "html.parser")
    bars = page.select(".opendataplan-scorecards [aria-valuenow]")
    return [bar.get("aria-valuenow") for bar in bars]


def national(base: str) -> int:
    return get_json(base + "/progress.json")["progress"]


def test_a_save_through_one_worker_is_read_through_another(scene, nodes):
    writer, reader = nodes
    for base in (writer, reader, reader):  # each node has computed and cached the figures
        assert national(base) == 10
    assert get_json(reader + "/progress/institutions.json")["institutions"][0]["progress"] == 10
    assert scorecard_percents(reader) == ["10"]

    patch(writer, scene["token"], id=scene["commitment"], progress=60)

    assert national(reader) == 60
    assert get_json(reader + "/progress/institutions.json")["institutions"][0]["progress"] == 60
    assert scorecard_percents(reader) == ["60"]
    assert national(writer) == 60


def test_readers_never_see_a_figure_older_than_the_last_save(scene, nodes):
    writer, reader = nodes
    saved: list[tuple[float, int]] = []  # (when the save returned, the figure it set)
    reads: list[tuple[float, int]] = []  # (when the read started, the figure it got)
    done = threading.Event()

    def read() -> None:
        while not done.is_set():
            started = time.monotonic()
            reads.append((started, national(reader)))

    readers = [threading.Thread(target=read) for _ in range(4)]
    for thread in readers:
        thread.start()
    try:
        for value in range(20, 70, 10):
            patch(writer, scene["token"], id=scene["commitment"], progress=value)
            saved.append((time.monotonic(), value))
            time.sleep(0.2)
    finally:
        done.set()
        for thread in readers:
            thread.join(timeout=60)

    stale = [
        (started, got, value)
        for started, got in reads
        for returned, value in saved
        if started > returned and got < value  # the figure only rises in this test
    ]
    assert len(reads) > 20 and stale == []
    assert national(reader) == 60
