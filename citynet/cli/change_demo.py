"""The change part of ``make demo``: plan from the lab's drift, the packet, two approvals,
then the push (canary, waves, verification) and a final drift report.

Run after ``citynet demo`` (which leaves the lab's drifted running configs in the
backups and the lab's device state in ``state/lab``): ``python -m citynet.cli.change_demo``
(``make demo`` does). The demo people's SSH keys are generated into ``state/demo/keys``
(never committed: state/ is git-ignored), and a demo workspace in ``state/demo/workspace``
carries the City's change policy with those keys in place of the real ones, reads the
real backups and golden configs, and keeps its own change store, so no real change record
is touched. When the City's change windows are closed at the hour the demo runs (or a
freeze is on), the demo policy gets a demo window, every day all day, and says so.
Secrets the plan names get demo values in this process's environment only.
"""

from __future__ import annotations

import argparse
import os
import shlex
import shutil
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from citynet.backup.store import BackupStore
from citynet.changes.policy import POLICY_FILE, Policy, load_policy
from citynet.changes.signing import generate_key, public_key_of
from citynet.cli.cmd_demo import DEMO_CREDENTIALS
from citynet.cli.main import main as citynet
from citynet.files import atomic_write
from citynet.workspace import Workspace, find_workspace

PLANNER = "maria.lopez"
APPROVERS = ("james.chen", "olivia.grant", "david.okafor", "priya.nair")
OUTSIDER = "intruder"
DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
DEMO_WINDOW = [
    {"days": DAYS, "start": "00:00", "end": "12:00"},
    {"days": DAYS, "start": "12:00", "end": "00:00"},
]
"""Every day, all day: the demo workspace's window when the City's are closed."""


def demo_keys(folder: Path, names: list[str]) -> dict[str, Path]:
    """One Ed25519 key per demo person, made once and kept in the state directory."""
    keys = {}
    for name in names:
        path = folder / name
        if not path.is_file():
            generate_key(path, f"{name}@citynet-demo")
        keys[name] = path
    return keys


def closed_now(policy: Policy, now: datetime) -> str:
    """Why the City's windows would refuse a change at ``now`` ("" when every kind is open)."""
    calendar = policy.calendar
    freeze = calendar.freeze_at(now)
    if freeze is not None:
        return f"the {freeze.name} freeze is on"
    kinds = [*sorted(calendar.by_kind), "default"]
    closed = [k for k in kinds if not calendar.in_window(k, now)]
    if not closed:
        return ""
    local = now.astimezone(calendar.zone).strftime("%a %H:%M %Z")
    return f"at {local} the change windows are closed for {', '.join(closed)}"


def with_demo_window(text: str) -> str:
    """The policy text with the demo window for every site kind and no freezes."""
    import yaml

    data = yaml.safe_load(text)
    kinds = dict((data.get("windows") or {}).get("by_site_kind") or {})
    data["windows"] = {"default": DEMO_WINDOW, "by_site_kind": {k: DEMO_WINDOW for k in kinds}}
    data["freezes"] = []
    header = (
        "# The demo's copy of the City's change policy (python -m citynet.cli.change_demo):\n"
        "# the City's windows were closed when the demo ran, so it has a demo window.\n"
    )
    return header + yaml.safe_dump(data, sort_keys=False, width=1000)


def demo_workspace(
    workspace: Workspace, keys: dict[str, Path], *, demo_window: bool = False
) -> Path:
    """A workspace that shares the City's inventory, golden configs and backups, with the
    demo keys in its change policy and a change store of its own (and, if asked, the demo
    window in place of the City's windows and freezes)."""
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
    if demo_window:
        text = with_demo_window(text)
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


def run_demo(
    workspace: Workspace,
    out: IO[str],
    err: IO[str],
    *,
    now: datetime | None = None,
    push: bool = True,
    extra_env: dict[str, str] | None = None,
) -> int:
    """The demo's steps; returns the exit status.

    ``push``: go on after the approvals: start the lab again (its device state kept),
    apply the change (a canary, then waves) and write the final drift report.
    ``extra_env``: more environment for the citynet runs (tests: a shorter device minute).
    """
    store = BackupStore(workspace.state_dir / "backups")
    hosts = (
        sorted(p.name for p in store.root.iterdir() if p.is_dir()) if store.root.is_dir() else []
    )
    if not hosts:
        err.write("no backups yet: run 'citynet demo' (or 'citynet backup') first\n")
        return 1
    keys = demo_keys(workspace.state_dir / "demo" / "keys", [PLANNER, *APPROVERS, OUTSIDER])
    closed = closed_now(load_policy(workspace.root / POLICY_FILE), now or datetime.now(UTC))
    root = demo_workspace(workspace, keys, demo_window=bool(closed) and push)
    env = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG")}
    env.update(DEMO_CREDENTIALS)
    env.update({k: os.environ[k] for k in DEMO_CREDENTIALS if os.environ.get(k)})
    env.update(extra_env or {})
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
    if verified != 0 or not push:
        return 0 if verified == 0 else 1
    return push_demo(run, step, key(PLANNER), selection, closed, root, env, out)


def push_demo(
    run: Any,
    step: Any,
    key: list[str],
    selection: list[str],
    closed: str,
    root: Path,
    env: dict[str, str],
    out: IO[str],
) -> int:
    """Apply the approved change on the lab, then show the fleet compliant; lab down after."""
    from citynet.push.secrets import env_name, names_in

    step("13. the change window")
    if closed:
        out.write(
            f"{closed}: the City's policy would refuse this apply now. The demo workspace's "
            "policy (a copy in state/demo/workspace) has a demo window, every day all day, "
            "and no freezes; the City's own policy is untouched.\n"
        )
    else:
        out.write("the City's change windows are open now: the City's own windows apply\n")
    names = names_in(
        line for d in _plan(root).get("devices") or [] for line in d.get("commands") or []
    )
    for name in names:
        env[env_name(name)] = f"demo-{name}-value"
    if names:
        out.write(
            "secrets the plan names get demo values in this process's environment only: "
            + ", ".join(env_name(n) for n in names)
            + "\n"
        )
    step("14. start the simulated network again (its devices as the demo left them)")
    if run("lab", "up", *selection) != 0:
        return 1
    try:
        step(f"15. {PLANNER} applies: a canary device first, then waves of two, revert timers on")
        applied = run(
            "change", "apply", "1", "--canary", "1", "--wave-size", "2", *key
        )
        run("change", "show", "1")
        step("16. the final drift report, every device read again")
        final = root.parent.parent / "reports" / "drift-after-change.html"
        code = run("drift", *selection, "--format", "html", "--output", str(final))
        out.write(f"open {final} in a browser\n")
    finally:
        step("17. stop the simulated network")
        run("lab", "down")
    if applied == 0 and code == 0:
        out.write("\nthe fleet is compliant: every drifted device is back at its golden config\n")
        return 0
    out.write(f"\nNOT done: change apply exited {applied}, the final drift {code}\n")
    return 1


def _plan(root: Path) -> dict[str, Any]:
    """The demo change's plan document, from the demo's own change store."""
    from citynet.changes import service
    from citynet.changes.store import ChangeStore

    database = root.parent / "changes.db"
    with ChangeStore.open(f"sqlite:///{database}") as store, store.read() as session:
        return dict(service.load_plan(session, 1).document)


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
    parser.add_argument(
        "--no-push", action="store_true", help="stop after the approvals (no lab, no apply)"
    )
    args = parser.parse_args(argv)
    start = Path(args.root) if args.root else Path.cwd()
    workspace = find_workspace(start, explicit=args.root is not None)
    return run_demo(workspace, sys.stdout, sys.stderr, push=not args.no_push)


if __name__ == "__main__":
    sys.exit(main())
