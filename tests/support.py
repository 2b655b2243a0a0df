"""Paths and types shared by the tests (import as ``tests.support``)."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[1]
FIXTURES = PROJECT / "tests" / "fixtures"
CORPUS = PROJECT.parent / "shared" / "corpus"


WORKSPACE_PARTS = ("citynet.toml", "inventory", "templates", "golden_configs")


def copy_workspace(tmp: Path) -> Path:
    """A copy of the City workspace under ``tmp/workspace`` that a test may change."""
    import shutil

    root = tmp / "workspace"
    root.mkdir()
    for part in WORKSPACE_PARTS:
        source = PROJECT / part
        if source.is_dir():
            shutil.copytree(source, root / part)
        else:
            shutil.copy2(source, root / part)
    return root


def in_ci() -> bool:
    """Whether the tests run in CI (``CI=true``), where nothing they need may be missing."""
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


def require(what: str, available: bool, how: str) -> None:
    """Skip a test whose outside resource is missing here; fail it in CI.

    A test that silently collects nothing in CI would prove nothing, so a missing
    corpus, browser or parser library is an error there.
    """
    if available:
        return
    message = f"{what} is not available ({how})"
    if in_ci():
        pytest.fail(f"{message}: CI must provide it", pytrace=False)
    pytest.skip(message)


def corpus_path(*parts: str) -> Path:
    """A file or folder of the shared corpus (skip here, fail in CI when missing)."""
    path = CORPUS.joinpath(*parts)
    require(f"shared corpus {'/'.join(parts)}", path.exists(), f"looked in {CORPUS}")
    return path


def corpus_files(folder: str, pattern: str) -> list[Path]:
    """Corpus files for parametrised tests; an empty list is a collection error in CI."""
    found = sorted(CORPUS.joinpath(folder).glob(pattern))
    if not found and in_ci():
        raise RuntimeError(f"no {pattern} under {CORPUS / folder}: CI must provide the corpus")
    return found


@dataclass
class CliResult:
    code: int
    out: str
    err: str


CliRunner = Callable[..., CliResult]
