"""The built distribution holds every file of the code packages, so an installed citynet works."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

from tests.support import PROJECT

CODE_ROOTS = ("citynet/", "tasks/", "playbooks/")


def _tracked(*roots: str) -> set[str]:
    listed = subprocess.run(
        ["git", "ls-files", *roots], cwd=PROJECT, capture_output=True, text=True, check=True
    ).stdout.split()
    return {name for name in listed if "__pycache__" not in name}


def test_wheel_holds_every_tracked_code_file(tmp_path: Path) -> None:
    # Built from a copy of the tracked files, so the build leaves nothing in the project.
    source = tmp_path / "source"
    for name in _tracked(*CODE_ROOTS, "pyproject.toml", "README.md"):
        target = source / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(PROJECT / name, target)
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
         "--wheel-dir", str(tmp_path / "dist"), str(source)],
        check=True, capture_output=True, text=True,
    )
    wheels = list((tmp_path / "dist").glob("citynet-*.whl"))
    assert len(wheels) == 1, wheels
    with zipfile.ZipFile(wheels[0]) as wheel:
        shipped = {name for name in wheel.namelist() if name.startswith(CODE_ROOTS)}
    missing = sorted(_tracked(*CODE_ROOTS) - shipped)
    assert not missing, f"pyproject.toml's packages/package-data leave out: {missing}"
