"""Where the shared public oracles live (outside the repository), for the diff tests."""

from __future__ import annotations

from pathlib import Path

from tests.support import corpus_path

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / ".." / "shared" / "corpus"
CASES = Path(__file__).parent / "fixtures" / "cases"


def corpus_dir(*parts: str) -> Path:
    """A folder of the shared corpus; skips the test when it is not there (fails in CI)."""
    return corpus_path(*parts)
