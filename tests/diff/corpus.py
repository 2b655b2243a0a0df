"""Where the shared public oracles live (outside the repository), for the diff tests."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / ".." / "shared" / "corpus"
CASES = Path(__file__).parent / "fixtures" / "cases"


def corpus_dir(*parts: str) -> Path:
    """A folder of the shared corpus; skips the test when it is not there."""
    path = CORPUS.joinpath(*parts)
    if not path.is_dir():
        pytest.skip(f"shared corpus folder not found: {path}")
    return path
