"""The change demo (``make demo``'s last part), on backups like the lab's drift leaves, and the
whole of ``make demo`` against a lab on free 127.77.x ports: plan, approvals, apply, compliant."""

from __future__ import annotations

import io
import re
import shutil
import socket
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from citynet.changes.policy import POLICY_FILE, load_policy
from citynet.cli.change_demo import closed_now, run_demo, with_demo_window
from citynet.cli.main import main
from citynet.workspace import find_workspace
from tests.support import PROJECT


def test_the_demo_plans_reports_and_gets_two_approvals(workspace: Path) -> None:
    shutil.copy2(PROJECT / "inventory" / "change_policy.yaml", workspace / "inventory")
    out, err = io.StringIO(), io.StringIO()
    code = run_demo(find_workspace(workspace, explicit=True), out, err, push=False)
    assert code == 0, out.getvalue()
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
    assert run_demo(find_workspace(workspace, explicit=True), out, io.StringIO(), push=False) == 0
    assert (keys / "james.chen.pub").read_text() == before
    assert "change 1 planned" in out.getvalue()


def test_the_demo_needs_backups(tmp_path: Path) -> None:
    root = tmp_path / "ws"
    (root / "inventory").mkdir(parents=True)
    (root / "inventory" / "hosts.yaml").write_text("{}\n")
    err = io.StringIO()
    assert run_demo(find_workspace(root, explicit=True), io.StringIO(), err, push=False) == 1
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
    assert run_demo(find_workspace(workspace, explicit=True), out, io.StringIO(), push=False) == 0
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
    assert run_demo(find_workspace(workspace, explicit=True), out, io.StringIO(), push=False) == 0
    assert out.getvalue().endswith("nothing drifted: no change to show\n")


# ------------------------------------------------------------------ the whole demo, on a lab
SITE_HOSTS = ("lib1-rtr01", "lib1-acc01", "lib1-acc02")
TUESDAY_NOON = datetime(2026, 11, 24, 17, 0, tzinfo=UTC)  # 12:00 in New York: windows closed
THURSDAY_NIGHT = datetime(2026, 11, 27, 4, 0, tzinfo=UTC)  # Thu 23:00 in New York
ELECTION = datetime(2026, 11, 3, 4, 0, tzinfo=UTC)  # Mon 23:00, inside the election freeze


def free_port(address: str) -> int:
    with socket.socket() as probe:
        probe.bind((address, 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def lab_workspace(workspace: Path) -> Iterator[Path]:
    """The City's workspace with LIB1's devices on 127.77.61.x free ports, no backups."""
    from tests.push.conftest import point_inventory

    shutil.copy2(PROJECT / "inventory" / "change_policy.yaml", workspace / "inventory")
    shutil.rmtree(workspace / "state" / "backups")
    endpoints = {}
    for number, host in enumerate(SITE_HOSTS, 1):
        address = f"127.77.61.{number}"
        endpoints[host] = (address, free_port(address))
    point_inventory(workspace, endpoints)
    yield workspace
    main(["--root", str(workspace), "lab", "down"], env={}, stdout=io.StringIO())


def test_the_whole_demo_ends_with_the_fleet_compliant(lab_workspace: Path) -> None:
    out = io.StringIO()
    env = {"HOME": str(lab_workspace.parent / "home")}
    code = main(
        ["--root", str(lab_workspace), "demo", "--site", "LIB1", "--drift", "2"],
        env=env,
        stdout=out,
        stderr=out,
    )
    assert code == 0, out.getvalue()
    assert len(re.findall(r"out-of-band change on ", out.getvalue())) >= 2, out.getvalue()
    out = io.StringIO()
    workspace = find_workspace(lab_workspace, explicit=True)
    code = run_demo(workspace, out, out, now=TUESDAY_NOON)
    text = out.getvalue()
    assert code == 0, text
    assert "at Tue 12:00 EST the change windows are closed for" in text
    assert "has a demo window, every day all day" in text
    apply = "$ citynet change apply 1 --canary 1 --wave-size 2 --key state/demo/keys/maria.lopez"
    assert apply in text
    assert "change 1 apply (run " in text and "): done" in text
    reports = lab_workspace / "state" / "reports"
    assert f"after the change: 2 compliant (report: {reports / 'change-1-after.html'})" in text
    assert f"{reports / 'drift-after-change.html'}: 3 compliant" in text
    assert "the fleet is compliant" in text
    assert text.rstrip().endswith("every drifted device is back at its golden config")
    assert "lab stopped" in text
    # the City's own policy keeps its windows; only the demo's copy has the demo window
    own = (lab_workspace / POLICY_FILE).read_text()
    demo = (lab_workspace / "state" / "demo" / "workspace" / POLICY_FILE).read_text()
    assert "22:00" in own and "22:00" not in demo and "freezes: []" in demo


@pytest.mark.parametrize(
    ("when", "closed"),
    [
        (TUESDAY_NOON, "at Tue 12:00 EST the change windows are closed for communications_911"),
        (ELECTION, "the General election freeze is on"),
        (THURSDAY_NIGHT, "at Thu 23:00 EST the change windows are closed for communications_911"),
    ],
)
def test_the_demo_says_when_the_city_would_refuse(when: datetime, closed: str) -> None:
    policy = load_policy(PROJECT / POLICY_FILE)
    assert closed_now(policy, when).startswith(closed)


def test_the_demo_window_opens_every_kind_and_lifts_freezes(tmp_path: Path) -> None:
    text = with_demo_window((PROJECT / POLICY_FILE).read_text())
    (tmp_path / "change_policy.yaml").write_text(text)
    policy = load_policy(tmp_path / "change_policy.yaml")
    for when in (TUESDAY_NOON, ELECTION, THURSDAY_NIGHT):
        assert closed_now(policy, when) == ""
