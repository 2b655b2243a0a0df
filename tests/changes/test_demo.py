"""The change-board demo (``make demo``'s last part), on backups like the lab's drift leaves."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

from citynet.cli.change_demo import run_demo
from citynet.workspace import find_workspace
from tests.support import PROJECT


def test_the_demo_plans_reports_and_gets_two_approvals(workspace: Path) -> None:
    shutil.copy2(PROJECT / "inventory" / "change_policy.yaml", workspace / "inventory")
    out, err = io.StringIO(), io.StringIO()
    assert run_demo(find_workspace(workspace, explicit=True), out, err) == 0, out.getvalue()
    text = out.getvalue()
    assert "change 1 planned: 2 device(s) at 2 site(s)" in text
    assert "error: maria.lopez (person; roles plan, apply, rollback) may not approve" in text
    assert "is not listed in the change policy" in text
    assert "change 1 approved by james.chen" in text and "change 1 approved by olivia.grant" in text
    assert "audit trail intact: 5 entries, 3 signatures, 1 plans checked" in text
    packet = (workspace / "state" / "reports" / "change-1.html").read_text()
    assert "approved" in packet and "olivia.grant" in packet
    keys = workspace / "state" / "demo" / "keys"
    assert sorted(p.name for p in keys.iterdir() if p.suffix != ".pub")[:2] == [
        "david.okafor",
        "intruder",
    ]
    # the demo keys are in the demo policy only; the workspace's own policy is untouched
    demo_policy = (
        workspace / "state" / "demo" / "workspace" / "inventory" / "change_policy.yaml"
    ).read_text()
    own_key = (keys / "james.chen.pub").read_text().split()[1]
    assert own_key in demo_policy
    assert own_key not in (workspace / "inventory" / "change_policy.yaml").read_text()
    # a second run reuses the keys and starts a fresh demo store
    before = (keys / "james.chen.pub").read_text()
    out = io.StringIO()
    assert run_demo(find_workspace(workspace, explicit=True), out, io.StringIO()) == 0
    assert (keys / "james.chen.pub").read_text() == before
    assert "change 1 planned" in out.getvalue()


def test_the_demo_needs_backups(tmp_path: Path) -> None:
    root = tmp_path / "ws"
    (root / "inventory").mkdir(parents=True)
    (root / "inventory" / "hosts.yaml").write_text("{}\n")
    err = io.StringIO()
    assert run_demo(find_workspace(root, explicit=True), io.StringIO(), err) == 1
    assert err.getvalue() == "no backups yet: run 'citynet demo' (or 'citynet backup') first\n"


def test_the_demo_says_why_it_allows_a_lockout_risk(workspace: Path) -> None:
    from tests.changes.conftest import seed_backups

    shutil.copy2(PROJECT / "inventory" / "change_policy.yaml", workspace / "inventory")
    seed_backups(
        workspace,
        ("lib1-acc02",),
        {
            "lib1-acc02": lambda t: t.replace(
                " 20 permit 10.0.76.48 0.0.0.7\n",
                " 20 permit 10.0.76.48 0.0.0.7\n 25 permit any\n",
            )
        },
    )
    out = io.StringIO()
    assert run_demo(find_workspace(workspace, explicit=True), out, io.StringIO()) == 0
    text = out.getvalue()
    assert "error: the remediation may cut off management access" in text
    assert "--allow-lockout 'lab devices: the simulator is the console'" in text
    assert "risk: critical (lockout, management, public_safety)" in text


def test_the_demo_with_nothing_drifted(workspace: Path) -> None:
    from tests.changes.conftest import BACKED_UP, seed_backups

    shutil.copy2(PROJECT / "inventory" / "change_policy.yaml", workspace / "inventory")
    shutil.rmtree(workspace / "state" / "backups")
    seed_backups(workspace, BACKED_UP, {})
    out = io.StringIO()
    assert run_demo(find_workspace(workspace, explicit=True), out, io.StringIO()) == 0
    assert out.getvalue().endswith("nothing drifted: no change to show\n")
