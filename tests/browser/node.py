"""Run a browser script of tests/browser with playwright-core, and read the JSON it prints
last."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]


def run_script(name: str, *args: str, **env: str) -> Any:
    result = subprocess.run(
        ["node", str(ROOT / "tests" / "browser" / name), *args],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=ROOT,
        env={**os.environ, "NODE_PATH": str(ROOT / "node_modules"), **env},
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])
