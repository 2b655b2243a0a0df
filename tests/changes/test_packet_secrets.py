"""``change plan --rotate NAME`` from the command line, and the secrets in the board's packet
(table, Markdown, JSON, HTML): which secret goes where, what a rotation re-sends, never a value."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.changes.conftest import Person
from tests.support import CliResult, CliRunner


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return {"HOME": str(tmp_path / "home")}


def run(cli: CliRunner, workspace: Path, env: dict[str, str], *args: str) -> CliResult:
    result = cli(*args, env=env, cwd=workspace)
    assert "Traceback" not in result.out + result.err
    return result


def plan(
    cli: CliRunner, workspace: Path, env: dict[str, str], people: dict[str, Person], *args: str
) -> CliResult:
    return run(
        cli,
        workspace,
        env,
        "change",
        "plan",
        "--site",
        "LIB1",
        "--from",
        "drift",
        "--title",
        "Rotate the TACACS+ key",
        *args,
        "--key",
        str(people["alice"].key),
    )


def test_a_rotation_plan_and_its_packet(
    workspace: Path, env: dict[str, str], people: dict[str, Person], cli: CliRunner
) -> None:
    result = plan(cli, workspace, env, people, "--rotate", "tacacs_key")
    assert result.code == 3, result.err
    assert "secret rotation: tacacs_key on 3 devices" in result.out
    packets = {
        fmt: run(cli, workspace, env, "change", "report", "1", "--format", fmt)
        for fmt in ("table", "markdown", "json", "html")
    }
    for fmt, shown in packets.items():
        assert shown.code == 0, (fmt, shown.err)
        assert "secret rotation: tacacs_key on 3 devices" in shown.out, fmt
        assert "Secrets are named markers" in shown.out, fmt
    assert "secrets tacacs_key; rotates tacacs_key; rollback re-sends tacacs_key" in (
        packets["table"].out
    )
    assert "~ tacacs server ISE-DC1 > key <secret:tacacs_key> (rotated)" in packets["table"].out
    assert "```\ntacacs server ISE-DC1\n key <secret:tacacs_key>\n" in packets["markdown"].out
    html = packets["html"].out
    assert "data-secrets='tacacs_key' data-rotated='tacacs_key'" in html
    assert "<tr class='rotate' data-secret='tacacs_key'>" in html
    packet = json.loads(packets["json"].out)
    assert packet["secrets"]["rotate"] == ["tacacs_key"]
    assert packet["secrets"]["rotation"]["tacacs_key"] == ["lib1-acc01", "lib1-acc02", "lib1-rtr01"]
    devices = {d["host"]: d for s in packet["sites"] for d in s["devices"]}
    assert sorted(devices) == ["lib1-acc01", "lib1-acc02", "lib1-rtr01"]
    assert devices["lib1-acc02"]["rotated"] == ["tacacs_key"]
    assert "aaa" in devices["lib1-acc02"]["risks"]
    # lib1-acc01 also drifted: its description comes back, and the key is re-sent.
    assert " description User port" in devices["lib1-acc01"]["commands"]
    assert " key <secret:tacacs_key>" in devices["lib1-acc01"]["commands"]


def test_a_drift_plan_lists_the_secrets_its_commands_need(
    workspace: Path, env: dict[str, str], people: dict[str, Person], cli: CliRunner
) -> None:
    backups = workspace / "state" / "backups" / "lib1-acc02"
    (latest,) = sorted(backups.glob("*.cfg"))
    text = latest.read_text()
    assert "ntp authentication-key 1 md5 <redacted>\n" in text
    latest.write_text(text.replace("ntp authentication-key 1 md5 <redacted>\n", ""))
    result = plan(cli, workspace, env, people)
    assert result.code == 3, result.err
    assert "secrets needed: ntp_key (1 device)" in result.out
    packet = json.loads(run(cli, workspace, env, "change", "report", "1", "--format", "json").out)
    devices = {d["host"]: d for s in packet["sites"] for d in s["devices"]}
    assert devices["lib1-acc02"]["commands"] == ["ntp authentication-key 1 md5 <secret:ntp_key>"]
    assert devices["lib1-acc02"]["secrets"] == ["ntp_key"]
    assert devices["lib1-acc01"]["secrets"] == []
    assert packet["secrets"]["needed"] == {"ntp_key": 1}


@pytest.mark.parametrize(
    ("name", "message"),
    [
        (
            "tacacs_kee",
            "error: --rotate tacacs_kee: no golden config of the 3 selected device(s) uses "
            "<secret:tacacs_kee>; the secrets they use are: bgp_city_core_password, "
            "enable_secret, local_admin, ntp_key, tacacs_key",
        ),
        ("Tacacs-Key", "error: --rotate 'Tacacs-Key' is not a secret's name"),
    ],
)
def test_an_unknown_rotation_is_one_clear_error(
    workspace: Path,
    env: dict[str, str],
    people: dict[str, Person],
    cli: CliRunner,
    name: str,
    message: str,
) -> None:
    result = plan(cli, workspace, env, people, "--rotate", name)
    assert result.code == 1
    assert result.err.startswith(message), result.err
    listed = run(cli, workspace, env, "change", "list", "--format", "json").out
    assert json.loads(listed) == {"changes": []}  # nothing planned, nothing stored
