"""A copy of the City workspace that a test may change (as tests/render's)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.support import PROJECT

WORKSPACE_PARTS = ("citynet.toml", "inventory", "templates", "golden_configs")


@pytest.fixture
def workspace_copy(tmp_path: Path) -> Path:
    root = tmp_path / "workspace"
    root.mkdir()
    for part in WORKSPACE_PARTS:
        source = PROJECT / part
        if source.is_dir():
            shutil.copytree(source, root / part)
        else:
            shutil.copy2(source, root / part)
    return root
