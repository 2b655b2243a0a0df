"""The change-board part of ``make demo``: plan from the lab's drift, the packet, two approvals.

Run after ``citynet demo`` (which leaves the lab's drifted running configs in the
backups): ``python -m citynet.cli.change_demo`` (``make demo`` does). The demo people's SSH keys are
generated into ``state/demo/keys`` (never committed: state/ is git-ignored), and
a demo workspace in ``state/demo/workspace`` carries the City's change policy
with those keys in place of the real ones, reads the real backups and golden
configs, and keeps its own change store, so no real change record is touched.
"""

from __future__ import annotations

import argparse
import os
import shlex
import shutil
import sys
from pathlib import Path
from typing import IO

from citynet.backup.store import BackupStore
from citynet.changes.policy import POLICY_FILE, load_policy
from citynet.changes.signing import generate_key, public_key_of
from citynet.cli.main import main as citynet
from citynet.files import atomic_write
from citynet.workspace import Workspace, find_workspace

PLANNER = "maria.lopez"
APPROVERS = ("james.chen", "olivia.grant", "david.okafor", "priya.nair")
OUTSIDER = "intruder"


def demo_keys(folder: Path, names: list[str]) -> dict[str, Path]:
    """One Ed25519 key per demo person, made once and kept in the state directory."""
    keys = {}
    for name in names:
        path = folder / name
        if not path.is_file():
            generate_key(path, f"{name}@citynet-demo")
        keys[name] = path
    return keys


def demo_workspace(workspace: Workspace, keys: dict[str, Path]) -> Path:
    """A workspace that shares the City's inventory, golden configs and backups, with the
    demo keys in its change policy and a change store of its own."""
    policy = load_policy(workspace.root / POLICY_FILE)
    root = workspace.state_dir / "demo" / "workspace"
    if root.exists():
        shutil.rmtree(root)
    shutil.copytree(workspace.inventory_dir, root / "inventory")
    (root / "golden_configs").symlink_to(workspace.golden_dir.resolve(), target_is_directory=True)
    text = (workspace.root / POLICY_FILE).read_text(encoding="utf-8")
    for person in policy.people:
        if person.name in keys:
            line = public_key_of(keys[person.name]).line
            text = text.replace(person.key.line, line)
    atomic_write(root / POLICY_FILE, text, within=workspace.state_dir)
    database = workspace.state_dir / "demo" / "changes.db"
    for stale in database.parent.glob("changes.db*"):
        stale.unlink()
    atomic_write(
        root / "citynet.toml",
        "# The change-board demo (python -m citynet.cli.change_demo); made afresh each run.\n"
        f'[paths]\nstate_dir = "{workspace.state_dir.resolve()}"\n'
        f'[database]\nurl = "sqlite:///{database.resolve()}"\n',
        within=workspace.state_dir,
    )
    return root


def run_demo(workspace: Workspace, out: IO[str], err: IO[str]) -> int:
    """The demo's steps; returns the exit status."""
    store = BackupStore(workspace.state_dir / "backups")
    hosts = (
        sorted(p.name for p in store.root.iterdir() if p.is_dir()) if store.root.is_dir() else []
    )
    if not hosts:
        err.write("no backups yet: run 'citynet demo' (or 'citynet backup') first\n")
        return 1
    keys = demo_keys(workspace.state_dir / "demo" / "keys", [PLANNER, *APPROVERS, OUTSIDER])
    root = demo_workspace(workspace, keys)
    env = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG")}
    reports = workspace.state_dir / "reports"

    def step(title: str) -> None:
        out.write(f"\n== {title} ==\n")
        out.flush()

    def run(*argv: str) -> int:
        shown = [
            a if not a.startswith(str(keys[PLANNER].parent)) else "state/demo/keys/" + Path(a).name
            for a in argv
        ]
        out.write(f"$ citynet {shlex.join(shown)}\n")
        return int(citynet(["--root", str(root), *argv], env=env, stdout=out, stderr=out))

    def key(name: str) -> list[str]:
        return ["--key", str(keys[name])]

    inventory_hosts = sum(1 for _ in (workspace.golden_dir.glob("*.cfg")))
    selection = [] if len(hosts) >= inventory_hosts else [a for h in hosts for a in ("--host", h)]
    plan = [
        "change",
        "plan",
        *selection,
        "--from",
        "drift",
        "--ticket",
        "DEMO-1",
        "--title",
        "Bring the devices changed out of band back to golden",
        *key(PLANNER),
    ]
    step(f"8. {PLANNER} plans a change from the lab's drift (the latest backups)")
    code = run(*plan)
    if code == 1:
        out.write(
            "(the drift includes changes near management access: plan again, saying why "
            "it is safe)\n"
        )
        code = run(*plan, "--allow-lockout", "lab devices: the simulator is the console")
    if code == 0:
        out.write("nothing drifted: no change to show\n")
        return 0
    if code != 3:
        return 1
    step("9. the change board's packet")
    html = reports / "change-1.html"
    run("change", "report", "1", "--format", "html", "--output", str(html))
    run("change", "show", "1")
    step("10. bypasses are refused, each with an audit entry")
    run("change", "approve", "1", *key(PLANNER))
    run("change", "approve", "1", *key(OUTSIDER))
    step("11. two other people approve, each signing with their own key")
    for name in APPROVERS:
        run("change", "approve", "1", "--comment", "reviewed the packet", *key(name))
        if _state(root, env).startswith("approved"):
            break
    run("change", "report", "1", "--format", "html", "--output", str(html))
    run("change", "report", "1", "--format", "markdown", "--output", str(reports / "change-1.md"))
    step("12. the audit trail, every signature re-checked")
    run("audit", "log", "--change", "1")
    verified = run("audit", "verify")
    out.write(f"\nopen {html} in a browser (or print it to PDF) to see the board's packet\n")
    return 0 if verified == 0 else 1


def _state(root: Path, env: dict[str, str]) -> str:
    import io
    import json

    buffer = io.StringIO()
    citynet(
        ["--root", str(root), "change", "show", "1", "--format", "json"],
        env=env,
        stdout=buffer,
        stderr=io.StringIO(),
    )
    try:
        return str(json.loads(buffer.getvalue())["state"])
    except (ValueError, KeyError):
        return ""


def main(argv: list[str] | None = None) -> int:
    """``python -m citynet.cli.change_demo [--root DIR]``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--root", help="the workspace (default: found from here upward)")
    args = parser.parse_args(argv)
    start = Path(args.root) if args.root else Path.cwd()
    workspace = find_workspace(start, explicit=args.root is not None)
    return run_demo(workspace, sys.stdout, sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
