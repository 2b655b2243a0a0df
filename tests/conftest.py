"""Shared fixtures: an in-process CLI runner, a copy of the City workspace."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from citynet.cli.main import main
from tests.support import CliResult, CliRunner, copy_workspace


@pytest.fixture
def cli() -> CliRunner:
    """Run ``citynet ARGS`` in-process; returns exit code, stdout and stderr.

    ``cwd=`` runs it on that workspace (as ``--root``).
    """

    def run(*args: str, env: dict[str, str] | None = None, cwd: Path | None = None) -> CliResult:
        out, err = io.StringIO(), io.StringIO()
        argv = list(args)
        if cwd is not None:
            argv = ["--root", str(cwd), *argv]
        code = main(argv, env=env or {}, stdout=out, stderr=err)
        return CliResult(int(code), out.getvalue(), err.getvalue())

    return run


@pytest.fixture
def workspace_copy(tmp_path: Path) -> Path:
    """A copy of the City workspace (settings, inventory, templates, golden configs)."""
    return copy_workspace(tmp_path)
