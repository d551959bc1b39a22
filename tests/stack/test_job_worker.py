"""CKAN's job worker as `make portal` runs it (under stack/supervise.sh) outlives a Redis
outage: Redis stopped while the worker runs a job, then started again, and a job queued
afterwards is run. The worker and its Redis are the test's own (a spare port), so the
shared Redis of the suite and the portal is never stopped."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from ckan.lib.jobs import add_queue_name_prefix
from redis import Redis
from rq import Queue, Worker
from rq.job import Job

from tests.servers import OwnRedis

ROOT = Path(__file__).resolve().parents[2]
LOG = ROOT / ".state" / "log"


def wait_until(check: Callable[[], bool], seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if check():
                return
        except OSError:  # Redis itself not up yet
            pass
        time.sleep(0.2)
    pytest.fail(f"within {seconds} s: {what}; see {LOG / 'test-job-worker.log'}")


@pytest.fixture
def own_redis(tmp_path: Path) -> Iterator[OwnRedis]:
    server = OwnRedis(tmp_path)
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def supervised_worker(own_redis: OwnRedis) -> Iterator[None]:
    """`ckan jobs worker` on the test's Redis, under the supervisor `make portal` uses."""
    ckan = Path(sys.executable).parent / "ckan"
    command = ["bash", str(ROOT / "stack" / "supervise.sh"), "job worker"]
    command += [str(ckan), "-c", str(ROOT / "test.ini"), "jobs", "worker"]
    env = {**os.environ, "CKAN_REDIS_URL": own_redis.url, "SUPERVISE_MAX_BACKOFF": "2"}
    LOG.mkdir(parents=True, exist_ok=True)
    with open(LOG / "test-job-worker.log", "w") as log:
        process = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        yield
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=60)


def queue(server: OwnRedis) -> Queue:
    return Queue(add_queue_name_prefix("default"), connection=Redis.from_url(server.url))


def test_a_job_queued_after_redis_came_back_is_run(own_redis, supervised_worker):
    wait_until(lambda: Worker.all(queue(own_redis).connection), 60, "the worker started")
    running = queue(own_redis).enqueue("time.sleep", 5)  # the worker is busy with it
    wait_until(lambda: running.get_status(refresh=True) == "started", 30, "the job started")

    own_redis.stop()  # the worker's connections refused or reset in the middle of a job
    time.sleep(8)  # the job ends while Redis is away
    own_redis.start()  # empty, as a Redis without persistence comes back

    after = queue(own_redis).enqueue("time.sleep", 0)
    connection = queue(own_redis).connection
    wait_until(
        lambda: Job.fetch(after.id, connection=connection).get_status() == "finished",
        90,
        "the job queued after Redis came back was run",
    )
