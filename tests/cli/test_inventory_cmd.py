"""``citynet inventory ...`` and the CLI contract (exit codes, formats, --root)."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys

from tests.support import FIXTURES, PROJECT, CliRunner

VALID = FIXTURES / "inventory" / "valid"


def test_validate_the_city(cli: CliRunner) -> None:
    result = cli("inventory", "validate", cwd=PROJECT)
    assert result.code == 0, result.out
    assert "inventory valid: 85 sites, 428 devices" in result.out
    assert result.out.endswith("devices are contacted only inside: 127.0.0.0/8\n")


def test_validate_json(cli: CliRunner) -> None:
    result = cli("inventory", "validate", "--format", "json", cwd=VALID)
    payload = json.loads(result.out)
    assert result.code == 0
    assert payload["valid"] is True
    assert payload["summary"]["devices"] == 16
    assert payload["safety"] == {"allowed_targets": ["127.0.0.0/8"], "wide_targets_reason": None}
    assert payload["summary"]["devices_by_role"] == {
        "router": 3,
        "core": 2,
        "access": 10,
        "voice_gateway": 1,
    }


def test_validate_json_lists_problems(cli: CliRunner) -> None:
    case = FIXTURES / "inventory" / "broken" / "vlan_duplicate"
    result = cli("inventory", "validate", "--format", "json", cwd=case)
    payload = json.loads(result.out)
    assert result.code == 1
    assert payload["valid"] is False
    assert payload["problems"] == [
        {
            "file": "inventory/sites.yaml",
            "line": 14,
            "severity": "error",
            "host": None,
            "message": "site HQ: VLAN 20 is defined twice (first as entry 2)",
            "hint": "use another VLAN id",
        }
    ]


def test_list_json_has_every_city_device(cli: CliRunner) -> None:
    result = cli("inventory", "list", "--format", "json", cwd=PROJECT)
    assert result.code == 0
    rows = json.loads(result.out)
    assert len(rows) == 428
    assert len({r["name"] for r in rows}) == 428
    for row in rows:
        assert row["site"] and row["role"] and row["platform"]
        assert row["address"].startswith("127.")
    fs1 = next(r for r in rows if r["name"] == "fs01-vg01")
    assert fs1 == {
        "name": "fs01-vg01",
        "site": "FS01",
        "region": "north",
        "role": "voice_gateway",
        "platform": "cisco_iosxe",
        "model": "ISR4321/K9",
        "address": "127.10.21.4",
        "tags": ["critical"],
    }


def test_list_filters_and_csv(cli: CliRunner) -> None:
    result = cli(
        "inventory", "list", "--site", "FS1", "--role", "access", "--format", "csv", cwd=VALID
    )
    assert result.code == 0
    rows = list(csv.DictReader(io.StringIO(result.out)))
    assert [r["name"] for r in rows] == ["fs1-acc01", "fs1-acc02"]
    assert rows[0]["tags"] == "critical"


def test_list_table_to_output_file(cli: CliRunner, tmp_path: os.PathLike[str]) -> None:
    target = os.path.join(tmp_path, "out", "list.txt")
    result = cli("inventory", "list", "--tag", "critical", "--output", target, cwd=VALID)
    assert result.code == 0
    assert result.out == ""
    with open(target) as handle:
        text = handle.read()
    assert text.splitlines()[0].split() == [
        "NAME",
        "SITE",
        "ROLE",
        "PLATFORM",
        "MODEL",
        "ADDRESS",
        "TAGS",
    ]
    assert text.endswith("4 device(s)\n")


def test_show_gives_values_and_their_sources(cli: CliRunner) -> None:
    layers = FIXTURES / "inventory" / "layers"
    result = cli("inventory", "show", "fs1-acc01", "--format", "json", cwd=layers)
    assert result.code == 0
    payload = json.loads(result.out)
    assert payload["platform"] == "cisco_iosxe"
    assert payload["data"]["snmp_location"] == "Fire Station 1 equipment room"
    assert payload["sources"]["snmp_location"] == {
        "layer": "site",
        "name": "FS1",
        "file": "inventory/sites.yaml",
        "line": 35,
    }
    assert payload["sources"]["syslog_level"]["layer"] == "group"
    assert payload["sources"]["ntp_servers"]["layer"] == "defaults"
    table = cli("inventory", "show", "fs1-acc01", cwd=layers)
    line = next(x for x in table.out.splitlines() if x.startswith("snmp_location"))
    assert "site FS1 (inventory/sites.yaml:35)" in line


def test_unknown_host_is_an_error(cli: CliRunner) -> None:
    result = cli("inventory", "show", "nope", cwd=VALID)
    assert result.code == 1
    assert (
        result.err == "error: no host named 'nope' in the inventory; see 'citynet inventory list'\n"
    )


def test_usage_errors_exit_2(cli: CliRunner) -> None:
    assert cli("inventory", "list", "--role", "firewall", cwd=VALID).code == 2
    assert cli("inventory").code == 2
    assert cli("no-such-command").code == 2
    result = cli("inventory", "list", "--format", "xml", cwd=VALID)
    assert result.code == 2
    assert "invalid choice: 'xml'" in result.err


def test_help_exits_0(cli: CliRunner) -> None:
    result = cli("--help")
    assert result.code == 0
    assert "inventory" in result.out


def test_workspace_is_found_upward(cli: CliRunner, tmp_path: os.PathLike[str]) -> None:
    nested = VALID / "inventory"
    result = subprocess.run(
        [sys.executable, "-m", "citynet", "inventory", "list", "--format", "json"],
        cwd=nested,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert len(json.loads(result.stdout)) == 16


def test_no_workspace_is_a_clear_error(cli: CliRunner, tmp_path: os.PathLike[str]) -> None:
    result = cli("inventory", "validate", cwd=tmp_path)
    assert result.code == 1
    assert "no citynet workspace" in result.err
    assert "--root" in result.err


def test_help_and_validate_do_not_import_device_libraries() -> None:
    code = (
        "import sys; from citynet.cli.main import main; import io;"
        "main(['--help'], env={}, stdout=io.StringIO(), stderr=io.StringIO());"
        "heavy = {'pydantic', 'nornir', 'netmiko', 'napalm', 'genie', 'yaml'} & set(sys.modules);"
        "main(['inventory', 'validate'], env={}, stdout=io.StringIO(), stderr=io.StringIO());"
        "device = {'nornir', 'netmiko', 'napalm', 'genie', 'paramiko'} & set(sys.modules);"
        "print(sorted(heavy), sorted(device))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=PROJECT, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[] []"
