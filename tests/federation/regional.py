"""The two-portal tests' second portal: a regional CKAN site beside the suite's own,
from the same services (its own database, site id, Redis database, files and port),
migrated, loaded with the regional demo (``ckan opendataplan demo load --set
regional``) and served by a real ``ckan run`` process. One per test session: see
``conftest.regional``."""

from __future__ import annotations

import contextlib
import dataclasses
import json
import os
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import ckan

from tests.servers import serving

ROOT = Path(__file__).resolve().parents[2]
CKAN_CLI = Path(sys.executable).parent / "ckan"
LINE = "".join(ckan.__version__.split(".")[:2])
# Redis databases of the regional test portal: 8 (CKAN 2.12) and 9 (2.11); stack/lib.sh.
REDIS_DB = {"212": 8, "211": 9}[LINE]
PLAN = "ma-tth-open-region-2025-2026"


def _settings(storage: Path) -> dict[str, str]:
    """The regional site's CKAN environment variables, over test.ini's settings.
    stack/test.sh names the database; the default is the same place."""
    from ckan.common import config

    database = os.environ.get("OPENDATAPLAN_REGIONAL_DB") or config["sqlalchemy.url"].replace(
        "/ckan_test_", "/ckan_test_regional_"
    )
    redis = config["ckan.redis.url"].rsplit("/", 1)[0] + f"/{REDIS_DB}"
    return {
        "CKAN_SQLALCHEMY_URL": database,
        "CKAN_SITE_ID": f"opendataplan_test_regional_{LINE}",
        "CKAN_REDIS_URL": redis,
        "CKAN_SOLR_URL": config["solr_url"],
        "CKAN_STORAGE_PATH": str(storage),
    }


@dataclasses.dataclass
class Regional:
    """The running regional portal: its address, its environment and a sysadmin's token."""

    url: str
    env: dict[str, str]
    token: str = ""

    def ckan(self, *arguments: str, timeout: int = 300) -> str:
        """A ``ckan`` command on the regional site."""
        result = subprocess.run(
            [str(CKAN_CLI), "-c", str(ROOT / "test.ini"), *arguments],
            capture_output=True,
            text=True,
            timeout=timeout,
            env=self.env,
            cwd=ROOT,
        )
        assert result.returncode == 0, (
            f"{arguments}\n{result.stdout[-2000:]}\n{result.stderr[-2000:]}"
        )
        return result.stdout

    def action(self, name: str, /, **data: Any) -> Any:
        """An action of the regional portal's API, over HTTP, as its sysadmin."""
        request = urllib.request.Request(
            f"{self.url}/api/3/action/{name}",
            data=json.dumps(data).encode(),
            headers={"Content-Type": "application/json", "Authorization": self.token},
        )
        with urllib.request.urlopen(request, timeout=120) as response:
            return json.load(response)["result"]

    @property
    def descriptor(self) -> str:
        """The address a harvest source gives: the regional plan data's descriptor."""
        return f"{self.url}/progress/open-data/datapackage.json"


def prepare(env: dict[str, str]) -> Regional:
    """A clean regional site with its demo and a sysadmin, not yet served."""
    result = subprocess.run(
        [sys.executable, "-m", "tests.federation.prepare_regional", str(ROOT / "test.ini")],
        capture_output=True,
        text=True,
        timeout=600,
        env=env,
        cwd=ROOT,
    )
    assert result.returncode == 0, f"{result.stdout[-2000:]}\n{result.stderr[-3000:]}"
    return Regional("", env, token=result.stdout.strip().splitlines()[-1])


@contextlib.contextmanager
def running(folder: Path) -> Iterator[Regional]:
    """The regional portal, prepared and served until the block ends."""
    own = {k: v for k, v in os.environ.items() if not k.startswith("CKAN_")}
    env = {**own, **_settings(folder / "storage")}
    site = prepare(env)
    with serving(CKAN_CLI, ROOT / "test.ini", folder / "regional.log", env=env, cwd=ROOT) as url:
        site.url = url
        yield site
