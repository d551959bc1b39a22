"""The stack scripts fail with a clear message, never a stack trace."""

from __future__ import annotations

import os
import socket
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SOLR_LIB = ROOT / ".state" / "solr" / "lib"


def run(script: str, *args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["bash", str(ROOT / "stack" / script), *args],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def squatter():
    """A program that holds a port and speaks no known protocol."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    yield server.getsockname()[1]
    server.close()


def assert_clear_failure(result: subprocess.CompletedProcess, *fragments: str) -> None:
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    for fragment in fragments:
        assert fragment in result.stderr


@pytest.mark.parametrize(("service", "variable"), [("redis", "REDIS_PORT"), ("solr", "SOLR_PORT")])
def test_port_taken_by_another_program(tmp_path, squatter, service, variable):
    result = run(
        "services.sh", "start", service, STATE_DIR=str(tmp_path), **{variable: str(squatter)}
    )

    assert_clear_failure(result, f"port {squatter} is taken by", variable)


def test_java_missing(tmp_path):
    result = run(
        "services.sh",
        "start",
        "solr",
        STATE_DIR=str(tmp_path),
        SOLR_PORT=str(free_port()),
        JAVA="/nonexistent/java",
    )

    assert_clear_failure(result, "Java is missing", "openjdk-17")


def test_maven_missing(tmp_path):
    result = run("install.sh", "solr", SOLR_LIB=str(tmp_path / "lib"), MVN="/nonexistent/mvn")

    assert_clear_failure(result, "Maven is missing", "apt-get install maven")


def test_service_that_does_not_come_up_in_time_names_its_log(tmp_path):
    result = run(
        "services.sh",
        "start",
        "solr",
        STATE_DIR=str(tmp_path),
        SOLR_PORT=str(free_port()),
        SOLR_LIB=str(SOLR_LIB),
        SOLR_TIMEOUT="1",
    )

    assert_clear_failure(result, "Solr did not come up within 1 s", f"{tmp_path}/log/solr.log")
    assert not (tmp_path / "run" / "solr.pid").exists()


def test_unknown_service_is_named(tmp_path):
    result = run("services.sh", "start", "mongodb", STATE_DIR=str(tmp_path))

    assert_clear_failure(result, "unknown service 'mongodb'")
