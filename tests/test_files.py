"""Atomic writes, the workspace boundary, outputs that would overwrite inputs, the lock."""

from __future__ import annotations

import errno
import os
import threading
from pathlib import Path

import pytest

from citynet.files import FileSafetyError, atomic_write, check_output, exclusive


def test_atomic_write_replaces_and_leaves_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "golden" / "r1.cfg"
    atomic_write(target, "hostname r1\n", within=tmp_path)
    atomic_write(target, "hostname r2\n", within=tmp_path)
    assert target.read_text() == "hostname r2\n"
    assert [p.name for p in target.parent.iterdir()] == ["r1.cfg"]


def test_a_symlink_out_of_the_workspace_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "outside.txt"
    outside.write_text("precious\n")
    workspace = tmp_path / "ws"
    workspace.mkdir()
    (workspace / "r1.cfg").symlink_to(outside)
    with pytest.raises(FileSafetyError, match="leads outside"):
        atomic_write(workspace / "r1.cfg", "hostname evil\n", within=workspace)
    (workspace / "sub").symlink_to(tmp_path, target_is_directory=True)
    with pytest.raises(FileSafetyError, match="leads outside"):
        atomic_write(workspace / "sub" / "outside.txt", "x\n", within=workspace)
    with pytest.raises(FileSafetyError, match="leads outside"):
        atomic_write(workspace / ".." / "outside.txt", "x\n", within=workspace)
    assert outside.read_text() == "precious\n"


def test_a_failed_write_keeps_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "r1.cfg"
    target.write_text("hostname r1\n")

    def full_disk(*_: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "replace", full_disk)
    with pytest.raises(FileSafetyError, match="the disk is full; the old file is unchanged"):
        atomic_write(target, "hostname r2\n" * 1000)
    assert target.read_text() == "hostname r1\n"
    assert [p.name for p in tmp_path.iterdir()] == ["r1.cfg"]


def test_a_folder_is_not_a_file(tmp_path: Path) -> None:
    with pytest.raises(FileSafetyError, match="is a folder"):
        atomic_write(tmp_path, "x")
    with pytest.raises(FileSafetyError, match="is a folder"):
        check_output(tmp_path, [])


def test_readers_never_see_a_partial_file(tmp_path: Path) -> None:
    target = tmp_path / "r1.cfg"
    versions = [f"hostname r{i}\n" + "interface Gi1/0/1\n description x\n" * 5000 for i in (1, 2)]
    atomic_write(target, versions[0])
    seen: set[str] = set()
    done = threading.Event()

    def read() -> None:
        while not done.is_set():
            seen.add(target.read_text())

    reader = threading.Thread(target=read)
    reader.start()
    for i in range(60):
        atomic_write(target, versions[i % 2])
    done.set()
    reader.join()
    assert seen <= set(versions)


def test_output_never_overwrites_an_input(tmp_path: Path) -> None:
    inventory = tmp_path / "inventory"
    inventory.mkdir()
    with pytest.raises(FileSafetyError, match="an input of this command"):
        check_output(inventory / "hosts.yaml", [inventory])
    with pytest.raises(FileSafetyError, match="an input of this command"):
        check_output(tmp_path / "running.cfg", [tmp_path / "running.cfg"])
    check_output(tmp_path / "report.html", [inventory, tmp_path / "running.cfg"])


def test_the_lock_serialises_and_times_out(tmp_path: Path) -> None:
    lock = tmp_path / "state" / "golden.lock"
    busy = "another citynet run is doing golden update"
    with (
        exclusive(lock, what="golden update"),
        pytest.raises(FileSafetyError, match=busy),
        exclusive(lock, what="golden update", wait=0.2),
    ):
        pass
    with exclusive(lock, what="golden update", wait=0.2):
        pass
