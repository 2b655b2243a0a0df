"""Where a plan's configurations come from: the latest backups, golden_configs/, git.

The I/O around the pure :func:`citynet.changes.plan.build_plan`: it reads the
inventory's facts about each device, its latest backup (redacted as it is read)
and its golden config, and asks git which commit the workspace is at and
whether it is clean.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from citynet.backup.store import BackupStore
from citynet.changes.plan import DeviceInput, PlanError
from citynet.inventory.model import HostView, Inventory
from citynet.render.golden import read_golden


@dataclass(frozen=True)
class GitState:
    """The workspace's commit and the paths that differ from it."""

    commit: str | None
    dirty: tuple[str, ...]


def git_state(root: Path) -> GitState:
    """The commit the workspace is at and its uncommitted paths (no commit: not in git)."""
    try:
        head = subprocess.run(
            ["git", "-C", str(root), "rev-parse", "--verify", "HEAD"],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        if head.returncode != 0:
            return GitState(None, ())
        status = subprocess.run(
            [
                "git",
                "-C",
                str(root),
                "status",
                "--porcelain",
                "--untracked-files=normal",
                "--",
                ".",
            ],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return GitState(None, ())
    dirty = tuple(line[3:] for line in status.stdout.splitlines() if len(line) > 3)
    return GitState(head.stdout.strip(), dirty)


def check_git(state: GitState, *, source: str, allow_dirty: bool) -> None:
    """A golden rollout needs a committed, clean workspace unless told otherwise.

    Raises:
        PlanError: no commit, or uncommitted changes, without ``allow_dirty``.
    """
    if source != "golden" or allow_dirty:
        return
    if state.commit is None:
        raise PlanError(
            "the workspace is not in git: a golden rollout records the commit it rolls out; "
            "commit the workspace, or plan with --allow-dirty"
        )
    if state.dirty:
        shown = ", ".join(state.dirty[:5]) + (" ..." if len(state.dirty) > 5 else "")
        raise PlanError(
            f"the workspace has uncommitted changes ({shown}): the plan would not match commit "
            f"{state.commit[:12]}; commit them first, or plan with --allow-dirty"
        )


def _uplinks(view: HostView) -> tuple[str, ...]:
    names = []
    for key in ("uplinks", "wan"):
        for item in view.data.get(key) or []:
            if isinstance(item, dict) and isinstance(item.get("interface"), str):
                names.append(item["interface"])
    return tuple(names)


def from_backups(
    inventory: Inventory, views: Iterable[HostView], golden_dir: Path, store: BackupStore
) -> list[DeviceInput]:
    """Each selected device's latest backup and golden config.

    Raises:
        PlanError: devices without a backup or a golden config (all of them named).
    """
    views = list(views)
    golden = read_golden(golden_dir, [v.name for v in views])
    devices: list[DeviceInput] = []
    missing: list[str] = []
    for view in views:
        latest = store.latest(view.name)
        target = golden[view.name]
        if latest is None:
            missing.append(f"  {view.name}: no backup; run 'citynet backup --host {view.name}'")
            continue
        if target is None:
            missing.append(
                f"  {view.name}: golden_configs/{view.name}.cfg does not exist; "
                "run 'citynet golden update'"
            )
            continue
        mgmt = view.data.get("mgmt_ip")
        devices.append(
            DeviceInput(
                host=view.name,
                site=view.site,
                site_kind=str(inventory.sites[view.site].kind),
                role=str(view.role),
                platform=str(view.platform),
                running=store.read(latest),
                golden=target,
                running_source=f"backup {latest.label}",
                management_address=str(mgmt) if mgmt else None,
                uplinks=_uplinks(view),
            )
        )
    if missing:
        raise PlanError(
            f"{len(missing)} device(s) cannot be planned; back them up or leave them out with "
            "the filters:\n" + "\n".join(missing)
        )
    return devices


def policy_history(root: Path, path: str) -> dict[str, str]:
    """The hash of every version of the policy file in the workspace's git history, with the
    commit it came from (empty when the workspace is not in git)."""
    from citynet.changes.policy import PolicyError, policy_from_text

    def git(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            ["git", "-C", str(root), *args],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )

    try:
        log = git("log", "--format=%H", "--", path)
    except (OSError, subprocess.SubprocessError):
        return {}
    versions: dict[str, str] = {}
    for commit in log.stdout.split():
        shown = git("show", f"{commit}:{path}")
        if shown.returncode != 0:
            continue
        try:
            versions.setdefault(policy_from_text(shown.stdout, path).hash, commit)
        except PolicyError:
            continue
    return versions
