"""``citynet change``: plan from drift or golden, list, show, approve, reject, withdraw, revise;
every refusal one line with an audit entry, exit codes as DESIGN.md says."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tests.changes.conftest import Person
from tests.support import CliResult, CliRunner

FS01 = ["--site", "FS01"]


@pytest.fixture
def env(db_url: str, tmp_path: Path) -> dict[str, str]:
    """No usual key in HOME: every command names its key."""
    return {"CITYNET_DB_URL": db_url, "HOME": str(tmp_path / "home")}


def run(cli: CliRunner, workspace: Path, env: dict[str, str], *args: str) -> CliResult:
    result = cli(*args, env=env, cwd=workspace)
    assert "Traceback" not in result.out + result.err
    return result


def plan(
    cli: CliRunner,
    workspace: Path,
    env: dict[str, str],
    people: dict[str, Person],
    *args: str,
    who: str = "alice",
) -> CliResult:
    return run(cli, workspace, env, "change", "plan", *args, "--key", str(people[who].key))


def test_plan_review_approve(
    workspace: Path, env: dict[str, str], people: dict[str, Person], cli: CliRunner
) -> None:
    result = plan(
        cli,
        workspace,
        env,
        people,
        *FS01,
        "--site",
        "LIB1",
        "--from",
        "drift",
        "--title",
        "Bring FS01 and LIB1 back",
        "--ticket",
        "CHG-0042",
    )
    assert result.code == 3, result.err
    lines = result.out.splitlines()
    assert lines[0] == "change 1 planned: 2 device(s) at 2 site(s), 3 line(s) added, 2 removed"
    assert lines[1] == "  risk: high (public_safety); needs 2 approval(s) from cab, network"
    assert (
        lines[-1] == "  for the board: citynet change report 1 --format html --output change-1.html"
    )

    show = run(cli, workspace, env, "change", "show", "1")
    assert show.code == 0
    assert "  status:   awaiting approval\n" in show.out
    assert "- needs 2 more approval(s) from cab, network" in show.out
    assert (
        "planned:  by alice at " in show.out
        and "ticket CHG-0042, from drift, mode merge" in show.out
    )

    key = lambda who: ["--key", str(people[who].key)]  # noqa: E731
    refused = run(cli, workspace, env, "change", "approve", "1", *key("mallory"))
    assert refused.code == 1
    assert refused.err.startswith("error: the key SHA256:") and refused.err.count("\n") == 1
    approved = run(cli, workspace, env, "change", "approve", "1", "--comment", "ok", *key("bob"))
    assert approved.code == 0, approved.err
    assert approved.out.splitlines() == [
        "change 1 approved by bob (audit entry 3)",
        "status: awaiting approval: needs 1 more approval(s) from cab, network",
    ]
    again = run(cli, workspace, env, "change", "approve", "1", *key("bob"))
    assert (again.code, again.err) == (1, "error: bob already approved change 1 (entry 3)\n")
    done = run(cli, workspace, env, "change", "approve", "1", *key("carol"))
    assert done.code == 0 and done.out.splitlines()[1].startswith("status: approved")

    status = json.loads(run(cli, workspace, env, "change", "show", "1", "--format", "json").out)
    assert status["approved"] and status["risk_level"] == "high"
    assert [(a["actor"], a["counts"]) for a in status["approvals"]] == [
        ("bob", True),
        ("carol", True),
    ]

    log = json.loads(run(cli, workspace, env, "audit", "log", "--format", "json").out)["entries"]
    assert [(e["action"], e["actor"]) for e in log] == [
        ("plan", "alice"),
        ("refused", "unknown"),
        ("approve", "bob"),
        ("refused", "bob"),
        ("approve", "carol"),
    ]
    assert run(cli, workspace, env, "audit", "verify").code == 0


def test_list_with_filters_and_formats(
    workspace: Path, env: dict[str, str], people: dict[str, Person], cli: CliRunner
) -> None:
    assert plan(cli, workspace, env, people, *FS01, "--from", "drift", "--title", "FS01").code == 3
    assert (
        plan(
            cli,
            workspace,
            env,
            people,
            "--site",
            "LIB1",
            "--from",
            "drift",
            "--title",
            "LIB1 | port",
        ).code
        == 3
    )
    table = run(cli, workspace, env, "change", "list")
    assert table.code == 0
    rows = table.out.splitlines()
    assert rows[0].split()[:5] == ["ID", "STATUS", "RISK", "DEVICES", "SITES"]
    assert [r.split()[0] for r in rows[1:]] == ["2", "1"]
    only = json.loads(
        run(cli, workspace, env, "change", "list", "--site", "LIB1", "--format", "json").out
    )
    assert [(c["id"], c["risk"], c["sites"]) for c in only["changes"]] == [(2, "low", ["LIB1"])]
    host = json.loads(
        run(cli, workspace, env, "change", "list", "--host", "fs01-acc02", "--format", "json").out
    )
    assert [c["id"] for c in host["changes"]] == [1]
    routers = json.loads(
        run(cli, workspace, env, "change", "list", "--role", "router", "--format", "json").out
    )
    assert routers["changes"] == []  # both plans change access switches only
    critical = json.loads(
        run(cli, workspace, env, "change", "list", "--tag", "critical", "--format", "json").out
    )
    assert [c["id"] for c in critical["changes"]] == [1]  # fs01-acc02 is tagged critical
    typo = run(cli, workspace, env, "change", "list", "--site", "FS1")
    assert typo.code == 1 and "no site named 'FS1'" in typo.err
    markdown = run(cli, workspace, env, "change", "list", "--format", "markdown").out
    assert "| 2 | awaiting approval | low | 1 | LIB1 | alice | LIB1 \\| port |" in markdown
    run(cli, workspace, env, "change", "withdraw", "1", "--key", str(people["alice"].key))
    withdrawn = json.loads(
        run(cli, workspace, env, "change", "list", "--status", "withdrawn", "--format", "json").out
    )
    assert [c["id"] for c in withdrawn["changes"]] == [1]


def test_reject_and_withdraw(
    workspace: Path, env: dict[str, str], people: dict[str, Person], cli: CliRunner
) -> None:
    plan(cli, workspace, env, people, "--site", "LIB1", "--from", "drift", "--title", "a")
    usage = run(cli, workspace, env, "change", "reject", "1", "--key", str(people["bob"].key))
    assert usage.code == 2 and "--comment" in usage.err
    result = run(
        cli,
        workspace,
        env,
        "change",
        "reject",
        "1",
        "--comment",
        "wrong port",
        "--key",
        str(people["bob"].key),
    )
    assert result.out.splitlines() == [
        "change 1 rejected by bob (audit entry 2)",
        "status: rejected: change 1 was rejected by bob (entry 2)",
    ]
    late = run(cli, workspace, env, "change", "withdraw", "1", "--key", str(people["alice"].key))
    assert (late.code, late.err) == (1, "error: change 1 was rejected by bob (entry 2)\n")


def test_nothing_to_change_makes_no_plan(
    workspace: Path, env: dict[str, str], people: dict[str, Person], cli: CliRunner
) -> None:
    result = plan(
        cli, workspace, env, people, "--host", "fs01-acc01", "--from", "drift", "--title", "nothing"
    )
    assert (result.code, result.out) == (
        0,
        "nothing to change: 1 device(s) match their golden configs; no plan made\n",
    )
    assert run(cli, workspace, env, "change", "list").out == "no changes\n"


def test_planning_refusals_are_one_line(
    workspace: Path, env: dict[str, str], people: dict[str, Person], cli: CliRunner
) -> None:
    not_listed = plan(
        cli, workspace, env, people, *FS01, "--from", "drift", "--title", "x", who="mallory"
    )
    assert not_listed.code == 1 and "is not listed in the change policy" in not_listed.err
    approver = plan(
        cli, workspace, env, people, *FS01, "--from", "drift", "--title", "x", who="bob"
    )
    assert approver.code == 1 and "may not plan: that needs the 'plan' role" in approver.err
    log = json.loads(run(cli, workspace, env, "audit", "log", "--format", "json").out)["entries"]
    assert [e["action"] for e in log] == ["refused", "refused"]
    missing = plan(cli, workspace, env, people, "--site", "FS02", "--from", "drift", "--title", "x")
    assert missing.code == 1 and "fs02-rtr01: no backup" in missing.err
    bad_id = run(cli, workspace, env, "change", "show", "one")
    assert bad_id.code == 2 and "'one' is not a change id" in bad_id.err
    unknown = run(cli, workspace, env, "change", "show", "99")
    assert (unknown.code, unknown.err) == (1, "error: no change 99; see 'citynet change list'\n")


def test_lockout_needs_allow_lockout(
    workspace: Path, env: dict[str, str], people: dict[str, Person], cli: CliRunner
) -> None:
    from tests.changes.conftest import seed_backups

    seed_backups(
        workspace,
        ("lib1-acc02",),
        {
            "lib1-acc02": lambda t: t.replace(
                " 20 permit 10.0.76.48 0.0.0.7\n",
                " 20 permit 10.0.76.48 0.0.0.7\n 25 permit 10.9.9.0 0.0.0.255\n",
            )
        },
    )
    args = ["--host", "lib1-acc02", "--from", "drift", "--title", "MGMT ACL"]
    refused = plan(cli, workspace, env, people, *args)
    assert refused.code == 1
    assert refused.err.startswith("error: the remediation may cut off management access")
    allowed = plan(cli, workspace, env, people, *args, "--allow-lockout", "console on site")
    assert allowed.code == 3
    assert "  lockout risk allowed: console on site" in allowed.out
    assert "risk: critical (lockout, management)" in allowed.out


def git(root: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-C", str(root), "-c", "user.name=t", "-c", "user.email=t@t", *args],
        check=True,
        capture_output=True,
    )


def test_golden_rollouts_record_their_commit(
    workspace: Path, env: dict[str, str], people: dict[str, Person], cli: CliRunner
) -> None:
    args = ["--site", "LIB1", "--from", "golden", "--title", "template change"]
    no_git = plan(cli, workspace, env, people, *args)
    assert no_git.code == 1 and "the workspace is not in git" in no_git.err
    (workspace / ".gitignore").write_text("state/\n")
    git(workspace, "init", "-q")
    git(workspace, "add", ".")
    git(workspace, "commit", "-q", "-m", "workspace")
    path = workspace / "golden_configs" / "lib1-acc01.cfg"
    path.write_text(path.read_text().replace("logging host 10.0.44.12\n", ""))
    dirty = plan(cli, workspace, env, people, *args)
    assert dirty.code == 1
    assert "uncommitted changes (golden_configs/lib1-acc01.cfg)" in dirty.err
    allowed = plan(cli, workspace, env, people, *args, "--allow-dirty", "--format", "json")
    assert allowed.code == 3, allowed.err
    git(workspace, "commit", "-q", "-am", "drop a logging host")
    clean = plan(cli, workspace, env, people, *args, "--mode", "replace")
    assert clean.code == 3
    report = json.loads(run(cli, workspace, env, "change", "report", "2", "--format", "json").out)
    assert report["source"]["kind"] == "golden" and report["source"]["dirty"] == []
    assert len(report["source"]["commit"]) == 40 and report["mode"] == "replace"
    first = json.loads(run(cli, workspace, env, "change", "report", "1", "--format", "json").out)
    assert first["source"]["dirty"] == ["golden_configs/lib1-acc01.cfg"]
    assert (
        "UNCOMMITTED CHANGES"
        in run(cli, workspace, env, "change", "report", "1", "--format", "markdown").out
    )


def test_a_revision_names_its_predecessor(
    workspace: Path, env: dict[str, str], people: dict[str, Person], cli: CliRunner
) -> None:
    plan(cli, workspace, env, people, "--site", "LIB1", "--from", "drift", "--title", "v1")
    result = plan(
        cli,
        workspace,
        env,
        people,
        "--site",
        "LIB1",
        "--from",
        "drift",
        "--title",
        "v2",
        "--revises",
        "1",
    )
    assert result.code == 3
    show = run(cli, workspace, env, "change", "show", "1").out
    assert "status:   superseded" in show and "superseded by change 2" in show
    report = json.loads(run(cli, workspace, env, "change", "report", "2", "--format", "json").out)
    assert report["predecessor"]["id"] == 1


def test_a_broken_policy_stops_every_change_command(
    workspace: Path, env: dict[str, str], cli: CliRunner
) -> None:
    policy = workspace / "inventory" / "change_policy.yaml"
    policy.write_text(
        policy.read_text().replace(
            "approval_expiry_hours: 72", "approval_expiry_hours: 72\napproval_expiry_hours: 1"
        )
    )
    for args in (["change", "list"], ["change", "show", "1"]):
        result = run(cli, workspace, env, *args)
        assert result.code == 1
        assert result.err.startswith("error: inventory/change_policy.yaml:")
        assert "duplicate key 'approval_expiry_hours'" in result.err


def test_live_plans_back_the_devices_up_first(
    workspace: Path,
    env: dict[str, str],
    people: dict[str, Person],
    cli: CliRunner,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import playbooks
    from citynet.cli import fleetrun
    from citynet.platforms import Platform
    from playbooks.backup import BackupOutcome

    outcomes: list[BackupOutcome] = []

    def fleet(args: object, ctx: object, label: str) -> tuple[object, ...]:
        return None, None, None, ("nornir", "options")

    def backup(nornir: object, store: object, **options: object) -> list[BackupOutcome]:
        text = (workspace / "golden_configs" / "lib1-acc02.cfg").read_text()
        store.save(
            "lib1-acc02",
            text.replace("logging host 10.0.44.12\n", ""),  # type: ignore[attr-defined]
            Platform.CISCO_IOS,
        )
        return outcomes

    monkeypatch.setattr(fleetrun, "fleet", fleet)
    monkeypatch.setitem(playbooks.PLAYBOOKS, "backup", backup)
    args = ["--host", "lib1-acc02", "--from", "drift", "--title", "live", "--live"]
    result = plan(cli, workspace, env, people, *args)
    assert result.code == 3, result.err
    report = json.loads(run(cli, workspace, env, "change", "report", "1", "--format", "json").out)
    assert report["source"]["running"] == "live"
    assert report["sites"][0]["devices"][0]["commands"] == ["logging host 10.0.44.12"]
    outcomes.append(BackupOutcome("lib1-acc02", "failed", error="unreachable after 3 attempt(s)"))
    failed = plan(cli, workspace, env, people, *args)
    assert (failed.code, failed.err) == (1, "lib1-acc02: unreachable after 3 attempt(s)\n")


def test_an_emergency_in_every_table(
    workspace: Path, env: dict[str, str], people: dict[str, Person], cli: CliRunner
) -> None:
    assert run(cli, workspace, env, "audit", "log").out == "the audit log is empty\n"
    made = plan(
        cli,
        workspace,
        env,
        people,
        "--site",
        "LIB1",
        "--from",
        "drift",
        "--title",
        "x",
        "--emergency",
        "storm damage",
    )
    assert "  EMERGENCY: storm damage" in made.out
    show = run(cli, workspace, env, "change", "show", "1").out
    assert "  EMERGENCY: storm damage" in show
    assert "emergency change: may run outside its window" in show
    listed = json.loads(run(cli, workspace, env, "change", "list", "--format", "json").out)
    assert listed["changes"][0]["emergency"] is True
