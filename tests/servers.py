"""CKAN served on a free port, by `ckan run` or by gunicorn's workers as `make portal`
serves it, for the tests that need a real web server."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def serving(ckan_cli: Path, ini: Path, log_path: Path, **popen: object) -> Iterator[str]:
    """The portal of this ini, served by `ckan run` until the block ends; yields its base
    URL."""
    port = free_port()
    command = [str(ckan_cli), "-c", str(ini), "run", "--host", "127.0.0.1", "--port", str(port)]
    env = {**popen.pop("env", os.environ), **_site_url(port)}  # type: ignore[dict-item]
    with _running([*command, "--disable-reloader"], port, log_path, env=env, **popen) as base:
        yield base


@contextlib.contextmanager
def serving_workers(venv_bin: Path, ini: Path, log_path: Path, workers: int) -> Iterator[str]:
    """The portal of this ini served by gunicorn with ``workers`` processes, as
    `make portal` serves it; yields its base URL."""
    port = free_port()
    stack = Path(__file__).resolve().parents[1] / "stack"
    command = [
        str(venv_bin / "gunicorn"),
        "--chdir",
        str(stack),
        "--workers",
        str(workers),
        "--bind",
        f"127.0.0.1:{port}",
        "wsgi:application",
    ]
    env = {**os.environ, "CKAN_INI": str(ini), **_site_url(port)}
    with _running(command, port, log_path, env=env) as base:
        yield base


def _site_url(port: int) -> dict[str, str]:
    """The server's own address as ``ckan.site_url`` (CKAN reads CKAN_SITE_URL over the
    ini): CKAN's redirects (after a save, a login) are absolute URLs on the site URL, and
    test.ini's ``http://test.ckan.net`` resolves nowhere from a browser."""
    return {"CKAN_SITE_URL": f"http://127.0.0.1:{port}"}


@contextlib.contextmanager
def _running(command: list[str], port: int, log_path: Path, **popen: object) -> Iterator[str]:
    with open(log_path, "w") as log:
        server = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, **popen)
        base = f"http://127.0.0.1:{port}"
        try:
            for _ in range(240):
                try:
                    urllib.request.urlopen(base + "/api/3/action/status_show", timeout=2)
                    break
                except OSError:
                    time.sleep(0.5)
            else:
                pytest.fail(f"the web server did not start; see {log_path}")
            yield base
        finally:
            server.terminate()
            server.wait(timeout=30)


class OwnRedis:
    """A redis-server of the test's own on a spare port, stopped and started at will."""

    def __init__(self, folder: Path) -> None:
        self.port = free_port()
        self.folder = folder
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        command = ["redis-server", "--bind", "127.0.0.1", "--port", str(self.port)]
        command += ["--save", "", "--appendonly", "no", "--dir", str(self.folder)]
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL)
        for _ in range(100):
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", self.port)):
                return
            time.sleep(0.05)
        pytest.fail("the test's Redis did not start")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=30)
            self.process = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"
