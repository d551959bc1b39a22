"""Redis going and coming back: the country-wide pages answer as they do without a cache
(computed from PostgreSQL), never a 500. A Redis that refuses connections, one that
resets them, one just restarted under the pool's open connections, and an entry cut
short are each a missing cache.

Each test runs its own Redis on a spare port (the shared one serves the rest of the
suite and the portal) and points CKAN's ``ckan.redis.url`` at it."""

from __future__ import annotations

import contextlib
import shutil
import socket
import struct
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from ckan.lib import redis as ckan_redis

from ckanext.opendataplan.common import cache
from tests import factories_odp as f
from tests.marks import portal
from tests.servers import OwnRedis

pytestmark = [
    *portal,
    pytest.mark.skipif(shutil.which("redis-server") is None, reason="needs redis-server"),
]

PAGES = ("/ar/progress", "/ar/progress/late", "/ar/progress/institutions", "/progress.json")


def _use_redis(monkeypatch: pytest.MonkeyPatch, ckan_config: Any, url: str) -> None:
    """CKAN's Redis is the one at ``url`` from now on (its pool is made again)."""
    monkeypatch.setitem(ckan_config, "ckan.redis.url", url)
    monkeypatch.setattr(ckan_redis, "_connection_pool", None)


@pytest.fixture
def own_redis(tmp_path: Path, ckan_config: Any, monkeypatch: pytest.MonkeyPatch):
    server = OwnRedis(tmp_path)
    server.start()
    _use_redis(monkeypatch, ckan_config, server.url)
    try:
        yield server
    finally:
        server.stop()
        ckan_redis._connection_pool = None  # no connection to a Redis that is gone


class Resetting(threading.Thread):
    """A port that accepts connections, reads what the client sends and resets them (a
    Redis killed while answering, or a load balancer dropping it)."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.listener.settimeout(0.2)
        self.port = self.listener.getsockname()[1]
        self.running = True

    def run(self) -> None:
        while self.running:
            try:
                connection, _ = self.listener.accept()
            except TimeoutError:
                continue
            with contextlib.suppress(OSError):
                connection.settimeout(1)
                connection.recv(65536)
            linger = struct.pack("ii", 1, 0)  # close with a reset, not a goodbye
            connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, linger)
            connection.close()

    def stop(self) -> None:
        self.running = False
        self.join(timeout=5)
        self.listener.close()


@pytest.fixture
def resetting_redis(ckan_config: Any, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    server = Resetting()
    server.start()
    _use_redis(monkeypatch, ckan_config, f"redis://127.0.0.1:{server.port}/0")
    try:
        yield
    finally:
        server.stop()
        ckan_redis._connection_pool = None


@pytest.fixture
def scene(admin, org, plan) -> dict:
    return f.commitment(admin, plan, org, progress=40)


def answers(app) -> dict[str, int]:
    return {url: app.get(url).status_code for url in PAGES}


def national(app) -> int:
    return app.get("/progress.json").json["progress"]


ALL_OK = dict.fromkeys(PAGES, 200)


def test_pages_answer_while_redis_refuses_connections(app, scene, own_redis):
    assert answers(app) == ALL_OK  # cached in the test's Redis
    own_redis.stop()

    assert answers(app) == ALL_OK
    assert national(app) == 40


def test_pages_answer_as_redis_restarts_under_open_connections(app, scene, own_redis):
    assert answers(app) == ALL_OK  # the pool now holds connections to this Redis
    own_redis.stop()
    own_redis.start()  # empty: the pooled connections were closed by the old server

    assert answers(app) == ALL_OK
    assert national(app) == 40


def test_pages_answer_while_redis_resets_connections(app, scene, resetting_redis):
    assert answers(app) == ALL_OK
    assert national(app) == 40


def test_an_entry_cut_short_is_a_missing_entry(app, scene, own_redis):
    """A Redis that comes back holding half of an entry (or answers with part of one):
    the generation line is right, the answer after it is not whole."""
    assert answers(app) == ALL_OK
    redis = ckan_redis.connect_to_redis()
    keys = list(redis.scan_iter(cache.redis_key("figures", "*")))
    assert keys  # the overview, the late list, the scorecards and their HTML
    for key in keys:
        whole = redis.get(key)
        redis.set(key, whole[: len(whole.partition(b"\n")[0]) + 1 + 10])

    assert answers(app) == ALL_OK
    assert national(app) == 40
    whole_again = [redis.get(key) for key in keys]
    assert all(value and value.endswith((b"}", b'"', b"]")) for value in whole_again)
