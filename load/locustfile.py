"""The load of `make load`: citizens reading the progress pages, editors saving progress.

Two user classes, chosen by `--tags`-free class picking on the command line:
``Citizen`` (overview, late page, scorecards, a plan, a commitment, an embed, a CSV) with
``Editor`` (saves a commitment's progress through the API, as a data manager does, at a
fixed rate whatever the number of clients: one save every ``LOAD_SAVE_EVERY`` seconds,
1 by default, taken in turn by ``LOAD_EDITORS`` clients, 3 by default, so that the rate
holds while a save takes up to that many seconds), and ``DatasetReader`` (CKAN's own
dataset page only): the baseline run.
Settings come from the environment that stack/load.sh sets. With ``LOAD_RECORD`` set (as
`make faults` does), every request is also written to that CSV file as it ends: when,
what, the status, whether the body showed a traceback, and an editor's saved value."""

from __future__ import annotations

import csv
import itertools
import os
import time
from typing import Any

import gevent
from locust import HttpUser, between, constant_pacing, events, task

PLAN = os.environ.get("LOAD_PLAN", "ma-ogp-2018-2020")
COMMITMENT = os.environ.get("LOAD_COMMITMENT", "ma-ogp-2018-2020-c4-open-data")
EDITED = os.environ.get("LOAD_EDITED_COMMITMENT", "")
TOKEN = os.environ.get("LOAD_TOKEN", "")
DATASET = os.environ.get("LOAD_DATASET", "")
RECORD = os.environ.get("LOAD_RECORD", "")
SAVE_EVERY = float(os.environ.get("LOAD_SAVE_EVERY", "1"))
EDITORS = int(os.environ.get("LOAD_EDITORS", "3"))
_editor_turns = itertools.count()
_progress = itertools.cycle(range(5, 100, 5))
# Line-buffered: every request is on disk as it ends, however the run is stopped.
_file = open(RECORD, "a", buffering=1, newline="", encoding="utf-8") if RECORD else None  # noqa: SIM115
_record = csv.writer(_file) if _file else None


@events.request.add_listener
def _write(name: str, response: Any, context: dict, start_time: float, **_: Any) -> None:
    if _record is None:
        return
    status = getattr(response, "status_code", 0) or 0
    text = getattr(response, "text", "") or ""
    traceback = "Traceback (most recent call last)" in text
    _record.writerow(
        [
            f"{start_time:.3f}",
            f"{time.time():.3f}",
            name,
            status,
            int(traceback),
            context.get("progress", ""),
        ]
    )


class Citizen(HttpUser):
    weight = 9
    wait_time = between(0.5, 1.5)

    @task(4)
    def overview(self) -> None:
        self.client.get("/ar/progress", name="/progress")

    @task(3)
    def late(self) -> None:
        self.client.get("/ar/progress/late", name="/progress/late")

    @task(2)
    def scorecards(self) -> None:
        self.client.get("/ar/progress/institutions", name="/progress/institutions")

    @task(3)
    def plan(self) -> None:
        self.client.get(f"/ar/plan/{PLAN}", name="/plan/<name>")

    @task(3)
    def commitment(self) -> None:
        self.client.get(f"/ar/commitment/{COMMITMENT}", name="/commitment/<name>")

    @task(2)
    def embed(self) -> None:
        self.client.get(f"/ar/embed/plan/{PLAN}", name="/embed/plan/<name>")

    @task(1)
    def csv(self) -> None:
        self.client.get("/progress/late.csv", name="/progress/late.csv")


class Editor(HttpUser):
    fixed_count = EDITORS  # whatever the number of clients; the others are citizens
    wait_time = constant_pacing(EDITORS * SAVE_EVERY)  # each editor in turn

    def on_start(self) -> None:
        # staggered: together, a save starts every SAVE_EVERY seconds
        gevent.sleep((next(_editor_turns) % EDITORS) * SAVE_EVERY)

    @task
    def save_progress(self) -> None:
        progress = next(_progress)
        self.client.post(
            "/api/3/action/package_patch",
            json={"id": EDITED, "progress": progress},
            headers={"Authorization": TOKEN},
            name="package_patch (progress)",
            context={"progress": progress},
        )


class DatasetReader(HttpUser):
    wait_time = between(0.5, 1.5)

    @task
    def dataset(self) -> None:
        self.client.get(f"/ar/dataset/{DATASET}", name="/dataset/<name>")
