"""The built wheel, installed with pip into a stock CKAN virtualenv (CKAN and this
wheel's own dependencies, nothing of the project's), configured with the README's ini
lines, makes a working portal: migrations, the demo, the pages in Arabic, the API."""

from __future__ import annotations

import os
import re
import subprocess
import urllib.request
from pathlib import Path

import ckan

from tests.servers import serving
from tests.wheel import build_wheel

ROOT = Path(__file__).resolve().parents[2]
LINE = ".".join(ckan.__version__.split(".")[:2])
# stack/test.sh says where; these defaults are the same places.
STATE = os.environ.get("OPENDATAPLAN_WHEEL_STATE", str(ROOT / ".state" / f"ckan-{LINE}" / "wheel"))
PYTHON = "python3.11"


def database() -> str:
    from ckan.common import config

    test_db = config["sqlalchemy.url"]
    return os.environ.get("OPENDATAPLAN_WHEEL_DB", test_db.replace("/ckan_test_", "/ckan_wheel_"))


def solr_url() -> str:
    """The line's core: the wheel's portal keeps its documents apart by its site id."""
    from ckan.common import config

    return config["solr_url"]


def run(*command: str | Path, cwd: Path | None = None, timeout: int = 900) -> str:
    result = subprocess.run(
        [str(part) for part in command],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=cwd or Path(STATE),
        env=own_environment(),
    )
    assert result.returncode == 0, f"{command}\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    return result.stdout


def own_environment() -> dict[str, str]:
    """The environment without the test suite's CKAN_* settings: the wheel's portal
    reads its own ini only."""
    return {k: v for k, v in os.environ.items() if not k.startswith("CKAN_")}


def stock_virtualenv() -> Path:
    """CKAN of the running line and its requirements, made once and kept between runs."""
    venv = Path(STATE) / f"stock-ckan-{ckan.__version__}"
    if not (venv / "bin" / "ckan").exists():
        run(PYTHON, "-m", "venv", venv)
        run(venv / "bin" / "pip", "install", "-q", "pip==24.2", "setuptools==75.1.0")
        run(venv / "bin" / "pip", "install", "-q", f"ckan[requirements]=={ckan.__version__}")
    return venv


def readme_ini_lines() -> list[str]:
    """The settings of the README's "Installing on an existing CKAN portal" ini block,
    continuation lines joined, `<your other plugins>` left out."""
    readme = (ROOT / "README.md").read_text()
    section = readme[readme.index("## Installing on an existing CKAN portal") :]
    block = re.search(r"```ini\n(.*?)```", section, re.S).group(1)
    settings: list[str] = []
    for line in block.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if line[0].isspace():
            settings[-1] += " " + line.strip()
        else:
            settings.append(line.replace("<your other plugins>", "").strip())
    return settings


def readme_migrations() -> list[list[str]]:
    """The ``ckan`` commands of the same section's "Then migrate the database" block, as
    arguments after ``-c <ini>``."""
    readme = (ROOT / "README.md").read_text()
    section = readme[readme.index("Then migrate the database") :]
    block = re.search(r"```sh\n(.*?)```", section, re.S).group(1)
    commands = [line.split("#")[0].split() for line in block.splitlines()]
    found = [words[3:] for words in commands if words[:2] == ["ckan", "-c"]]
    assert found, block
    return found


def get(url: str) -> tuple[int, str]:
    with urllib.request.urlopen(url, timeout=60) as response:
        return response.status, response.read().decode()


def test_the_wheel_in_a_stock_ckan_makes_a_working_portal(tmp_path):
    Path(STATE).mkdir(parents=True, exist_ok=True)
    venv = stock_virtualenv()
    wheel = build_wheel(tmp_path)
    run(venv / "bin" / "pip", "install", "-q", "--force-reinstall", wheel)
    installed = run(
        venv / "bin" / "python", "-c", "import ckanext.opendataplan as m; print(m.__file__)"
    )
    assert installed.startswith(str(venv)), installed

    ckan_cli, ini = venv / "bin" / "ckan", tmp_path / "ckan.ini"
    run(ckan_cli, "generate", "config", ini)
    run(
        ckan_cli,
        "config-tool",
        ini,
        f"sqlalchemy.url = {database()}",
        "ckan.site_url = http://127.0.0.1:5000",
        "ckan.site_id = opendataplan_wheel",
        f"solr_url = {solr_url()}",
        f"ckan.storage_path = {tmp_path / 'storage'}",
        *readme_ini_lines(),
    )
    run(ckan_cli, "-c", ini, "db", "clean", "--yes")
    for arguments in readme_migrations():
        run(ckan_cli, "-c", ini, *arguments)
    run(ckan_cli, "-c", ini, "search-index", "clear")
    run(ckan_cli, "-c", ini, "opendataplan", "demo", "load")

    with serving(
        ckan_cli, ini, tmp_path / "server.log", cwd=tmp_path, env=own_environment()
    ) as base:
        answer_in_arabic(base)


def answer_in_arabic(base: str) -> None:
    status, page = get(f"{base}/ar/progress")
    assert status == 200 and 'dir="rtl"' in page and "تقدم خطط البيانات المفتوحة" in page
    plan = re.search(r'href="/ar/plan/([^"/]+)"', page).group(1)
    assert get(f"{base}/ar/plan/{plan}")[0] == 200
    status, answer = get(f"{base}/api/3/action/opendataplan_plan_progress?id={plan}")
    assert status == 200 and '"success": true' in answer
