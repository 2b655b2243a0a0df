"""``--output`` never overwrites an input, and a bad path is one line and exit 1."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from tests.support import PROJECT, CliRunner


def _digest(folder: Path) -> str:
    files = sorted(p for p in folder.rglob("*") if p.is_file())
    return hashlib.sha256(b"".join(p.read_bytes() for p in files)).hexdigest()


@pytest.mark.parametrize(
    "target",
    [
        "inventory/hosts.yaml",
        "inventory",
        "golden_configs/fs01-acc01.cfg",
        "templates/base.j2",
        "citynet.toml",
    ],
)
def test_output_over_an_input_is_refused(
    workspace_copy: Path, cli: CliRunner, target: str
) -> None:
    before = _digest(workspace_copy)
    result = cli(
        "inventory", "list", "--format", "json", "--output", str(workspace_copy / target),
        cwd=workspace_copy,
    )
    assert result.code == 1
    assert result.err.count("\n") == 1 and result.err.startswith("error: ")
    assert "Traceback" not in result.err
    assert _digest(workspace_copy) == before


def test_the_diff_command_never_writes_over_its_files(cli: CliRunner, tmp_path: Path) -> None:
    running = tmp_path / "running.cfg"
    running.write_text("hostname a\n")
    golden = tmp_path / "golden.cfg"
    golden.write_text("hostname b\n")
    result = cli("diff", str(running), str(golden), "--output", str(running))
    assert result.code == 1 and "an input of this command" in result.err
    assert running.read_text() == "hostname a\n"
    result = cli("diff", str(running), str(golden), "--output", str(tmp_path / "out" / "d.txt"))
    assert result.code == 3
    assert "hostname b" in (tmp_path / "out" / "d.txt").read_text()


def test_an_unusable_output_path_is_one_line(cli: CliRunner, tmp_path: Path) -> None:
    golden = PROJECT / "golden_configs" / "fs01-acc01.cfg"
    result = cli("diff", str(golden), str(golden), "--output", str(tmp_path))
    assert result.code == 1 and "is a folder" in result.err
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = cli("diff", str(golden), str(golden), "--output", str(blocker / "sub" / "out.txt"))
    assert result.code == 1
    assert result.err.startswith("error: cannot write") and result.err.count("\n") == 1
