"""The plugin's wheel, built from a copy of the source tree: a build in the tree itself
writes its ``build/`` and ``*.egg-info`` folders there, and the two CKAN lines' suites,
which CI runs side by side, may build it at the same moment."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ("setup.py", "pyproject.toml", "README.md", "ckanext", "i18n")


def build_wheel(into: Path, *pip_options: str) -> Path:
    """The wheel, built into ``into`` with these extra ``pip wheel`` options."""
    source = into / "source"
    source.mkdir(parents=True)
    for name in SOURCES:
        if (ROOT / name).is_dir():
            ignore = shutil.ignore_patterns("__pycache__", "*.egg-info")
            shutil.copytree(ROOT / name, source / name, ignore=ignore)
        else:
            shutil.copy2(ROOT / name, source / name)
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", *pip_options, "-w", str(into)]
        + [str(source)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    [wheel] = into.glob("ckanext_opendataplan-*.whl")
    return wheel
