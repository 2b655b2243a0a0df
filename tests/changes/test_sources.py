"""Where plans read from: latest backups and golden configs, and git's commit and dirt."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from citynet.backup.store import BackupStore
from citynet.changes.plan import PlanError
from citynet.changes.sources import GitState, check_git, from_backups, git_state
from citynet.inventory.filters import HostFilter, select
from citynet.inventory.loader import load_inventory


def git(root: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(root), "-c", "user.name=t", "-c", "user.email=t@t", *args],
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def test_from_backups_reads_latest_backups_and_inventory_facts(workspace: Path) -> None:
    inventory = load_inventory(workspace / "inventory")
    views = select(inventory, HostFilter(sites=("FS01",)))
    devices = from_backups(
        inventory, views, workspace / "golden_configs", BackupStore(workspace / "state" / "backups")
    )
    by_host = {d.host: d for d in devices}
    assert set(by_host) == {"fs01-rtr01", "fs01-acc01", "fs01-acc02", "fs01-vg01"}
    acc02 = by_host["fs01-acc02"]
    assert acc02.site_kind == "fire_station" and acc02.role == "access"
    assert acc02.running_source.startswith("backup 2026-03-01 00:00:00Z ")
    assert "description Lobby kiosk" in acc02.running
    assert acc02.uplinks == ("GigabitEthernet1/1/1",)
    assert acc02.management_address == "10.2.190.12"


def test_devices_without_backup_or_golden_are_named(workspace: Path) -> None:
    inventory = load_inventory(workspace / "inventory")
    views = select(inventory, HostFilter(sites=("FS01", "FS02")))
    (workspace / "golden_configs" / "fs01-acc01.cfg").unlink()
    with pytest.raises(PlanError) as caught:
        from_backups(
            inventory,
            views,
            workspace / "golden_configs",
            BackupStore(workspace / "state" / "backups"),
        )
    message = str(caught.value)
    assert "fs01-acc01: golden_configs/fs01-acc01.cfg does not exist" in message
    assert "fs02-rtr01: no backup; run 'citynet backup --host fs02-rtr01'" in message


def test_git_state_and_golden_rollouts(tmp_path: Path) -> None:
    root = tmp_path / "ws"
    root.mkdir()
    assert git_state(root) == GitState(None, ())
    with pytest.raises(PlanError, match=r"not in git.*--allow-dirty"):
        check_git(git_state(root), source="golden", allow_dirty=False)
    check_git(git_state(root), source="drift", allow_dirty=False)  # drift needs no commit
    git(root, "init", "-q")
    (root / "golden_configs").mkdir()
    (root / "golden_configs" / "a.cfg").write_text("hostname a\n")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "golden")
    state = git_state(root)
    assert state.commit == git(root, "rev-parse", "HEAD").strip() and state.dirty == ()
    check_git(state, source="golden", allow_dirty=False)
    (root / "golden_configs" / "a.cfg").write_text("hostname b\n")
    (root / "new.txt").write_text("x")
    state = git_state(root)
    assert state.dirty == ("golden_configs/a.cfg", "new.txt")
    with pytest.raises(PlanError, match=r"uncommitted changes \(golden_configs/a.cfg, new.txt\)"):
        check_git(state, source="golden", allow_dirty=False)
    check_git(state, source="golden", allow_dirty=True)
