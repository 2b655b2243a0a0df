"""``render``, ``golden diff|update`` and ``validate`` on copies of the City workspace."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

from tests.support import PROJECT, CliRunner


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, old
    path.write_text(text.replace(old, new, 1))


def test_golden_diff_is_clean_on_the_checkout(cli: CliRunner) -> None:
    result = cli("golden", "diff", cwd=PROJECT)
    assert result.code == 0, result.out[:2000]
    assert result.out.endswith("0 of 428 golden config(s) would change\n")


def test_one_site_variable_changes_only_that_sites_devices(
    cli: CliRunner, workspace_copy: Path
) -> None:
    _replace(
        workspace_copy / "inventory" / "sites.yaml",
        "address: 1037 Engine Company Street",
        "address: 1040 Engine Company Street",
    )
    result = cli("golden", "diff", "--format", "json", cwd=workspace_copy)
    assert result.code == 3
    changed = {d["host"] for d in json.loads(result.out)["devices"] if d["status"] != "unchanged"}
    assert changed == {"fs01-rtr01", "fs01-acc01", "fs01-acc02", "fs01-vg01"}
    for device in json.loads(result.out)["devices"]:
        if device["host"] in changed:
            assert "-snmp-server location Fire Station 1, 1037 Engine" in device["diff"]
            assert "+snmp-server location Fire Station 1, 1040 Engine" in device["diff"]
            # the gateway's emergency response location gives dispatch the same address
            lines = 2 if device["host"] == "fs01-vg01" else 1
            assert (device["added"], device["removed"]) == (lines, lines)
            if lines == 2:
                assert "+ address 1040 Engine Company Street" in device["diff"]


def test_golden_update_then_diff_is_clean(cli: CliRunner, workspace_copy: Path) -> None:
    _replace(
        workspace_copy / "inventory" / "groups.yaml", "stp_priority: 4096", "stp_priority: 8192"
    )
    before = cli("golden", "diff", "--stat", cwd=workspace_copy)
    assert before.code == 3
    assert re.search(r"^26 of 428 golden config\(s\) would change$", before.out, re.M)
    update = cli("golden", "update", "--role", "core", cwd=workspace_copy)
    assert update.code == 0
    assert update.out.count("updated golden_configs/") == 26
    assert cli("golden", "diff", cwd=workspace_copy).code == 0
    text = (workspace_copy / "golden_configs" / "ch-core01.cfg").read_text()
    assert "spanning-tree vlan 10,20,30,40,50,60,99 priority 8192" in text


def test_orphaned_golden_configs(cli: CliRunner, workspace_copy: Path) -> None:
    (workspace_copy / "golden_configs" / "old-switch.cfg").write_text("hostname old-switch\n")
    diff = cli("golden", "diff", "--format", "json", cwd=workspace_copy)
    assert diff.code == 3
    assert [d["host"] for d in json.loads(diff.out)["devices"] if d["status"] == "orphaned"] == [
        "old-switch"
    ]
    # A filtered run cannot know about orphans, and --prune refuses to guess.
    assert cli("golden", "diff", "--site", "FS01", cwd=workspace_copy).code == 0
    assert cli("golden", "update", "--prune", "--site", "FS01", cwd=workspace_copy).code == 2
    assert cli("golden", "update", "--prune", cwd=workspace_copy).code == 0
    assert not (workspace_copy / "golden_configs" / "old-switch.cfg").exists()


def test_validate_clean_and_junit(cli: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "report.xml"
    result = cli("validate", "--format", "junit", "--output", str(target), cwd=PROJECT)
    assert result.code == 0, result.out
    root = ET.parse(target).getroot()
    assert root.tag == "testsuites"
    suites = {s.get("name"): s for s in root.findall("testsuite")}
    assert set(suites) == {"inventory", "render", "lint", "baseline", "golden configs"}
    assert int(root.get("tests", "0")) == 1 + 4 * 428
    assert root.get("failures") == "0" and root.get("errors") == "0"
    for suite in suites.values():
        assert int(suite.get("tests", "0")) == len(suite.findall("testcase"))


def test_validate_reports_stale_golden_configs_in_markdown(
    cli: CliRunner, workspace_copy: Path
) -> None:
    _replace(
        workspace_copy / "inventory" / "groups.yaml", "port_security_max: 3", "port_security_max: 4"
    )
    result = cli("validate", "--format", "markdown", cwd=workspace_copy)
    assert result.code == 3
    assert result.out.startswith("## citynet validate: golden configs out of date\n")
    assert "| golden configs | 266 device(s) change |" in result.out
    assert "-switchport port-security maximum 3" not in result.out  # diff lines are indented
    assert "- switchport port-security maximum 3\n+ switchport port-security maximum 4" in (
        result.out
    )


def test_undefined_variable_fails_validate_with_file_line_and_host(
    cli: CliRunner, workspace_copy: Path
) -> None:
    template = workspace_copy / "templates" / "partials" / "snmp.j2"
    _replace(
        template,
        "snmp-server contact City Network Operations",
        "snmp-server contact {{ snmp_contact }}",
    )
    line = template.read_text().splitlines().index("snmp-server contact {{ snmp_contact }}") + 1
    result = cli("validate", "--format", "json", cwd=workspace_copy)
    assert result.code == 1
    errors = json.loads(result.out)["render"]["errors"]
    assert len(errors) == 428
    first = errors[0]
    assert (first["file"], first["line"]) == ("templates/partials/snmp.j2", line)
    assert first["host"] == "dc1-rtr01"
    assert first["message"] == "undefined variable: 'snmp_contact' is undefined"
    table = cli("validate", cwd=workspace_copy)
    assert table.code == 1
    assert (
        f"templates/partials/snmp.j2:{line}: error: [fs01-acc01] undefined variable: "
        "'snmp_contact' is undefined"
    ) in table.out


def test_render_writes_nothing_for_a_failing_host(
    cli: CliRunner, workspace_copy: Path, tmp_path: Path
) -> None:
    _replace(
        workspace_copy / "templates" / "roles" / "voice_gateway.j2",
        "voice class codec 1\n",
        "voice class codec {{ codec_class }}\n",
    )
    out = tmp_path / "rendered"
    result = cli("render", "--site", "FS01", "--out", str(out), cwd=workspace_copy)
    assert result.code == 1
    assert sorted(p.name for p in out.iterdir()) == [
        "fs01-acc01.cfg",
        "fs01-acc02.cfg",
        "fs01-rtr01.cfg",
    ]
    assert "[fs01-vg01] undefined variable: 'codec_class' is undefined" in result.err
    update = cli("golden", "update", cwd=workspace_copy)
    assert update.code == 1
    assert "golden_configs/ left unchanged" in update.err
