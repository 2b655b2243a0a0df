"""Shared fixtures: an in-process CLI runner."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from citynet.cli.main import main
from tests.support import CliResult, CliRunner


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
