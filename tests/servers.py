"""CKAN served by `ckan run` on a free port, for the tests that need a real web server."""

from __future__ import annotations

import contextlib
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
    """The portal of this ini, served until the block ends; yields its base URL."""
    port = free_port()
    command = [str(ckan_cli), "-c", str(ini), "run", "--host", "127.0.0.1", "--port", str(port)]
    with open(log_path, "w") as log:
        server = subprocess.Popen(
            [*command, "--disable-reloader"], stdout=log, stderr=subprocess.STDOUT, **popen
        )
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
