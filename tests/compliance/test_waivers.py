"""Baseline waivers: read strictly, each needs a reason, problems name file and line.

Broken files are ``fixtures/waivers/*.yaml``; the CLI cases run ``citynet validate``
on a copy of the City workspace.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from citynet.compliance.engine import FAIL, PASS, WAIVED
from citynet.compliance.fleet import FleetBaseline, check_fleet, load_baseline
from citynet.compliance.rules import default_rules
from citynet.compliance.waivers import Known, load_waivers
from citynet.inventory.loader import load_inventory
from citynet.inventory.model import HostView
from tests.support import PROJECT, CliRunner

WAIVERS = Path(__file__).parent / "fixtures" / "waivers"
CITY = load_inventory(PROJECT / "inventory")
KNOWN = Known(default_rules().ids, frozenset(CITY.views), frozenset(CITY.groups),
              frozenset(CITY.sites))  # fmt: skip


def _problems(name: str) -> list[str]:
    _, problems = load_waivers(WAIVERS / name, f"waivers/{name}", KNOWN)
    return [f"{p.location}: {p.message}" for p in problems]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("no_reason.yaml", ["waivers/no_reason.yaml:6: waiver #2 of CN-MGMT-05 has no reason"]),
        ("empty_reason.yaml",
         ["waivers/empty_reason.yaml:5: waiver #1 of CN-MGMT-05 has no reason"]),
        ("unknown_rule.yaml",
         ["waivers/unknown_rule.yaml:3: waiver #1: unknown rule 'CN-MGMT-99'"]),
        ("unknown_names.yaml", [
            "waivers/unknown_names.yaml:4: waiver #1 of CN-MGMT-05: unknown host 'no-such-host'",
            "waivers/unknown_names.yaml:5: waiver #1 of CN-MGMT-05: unknown group 'role_nope'",
            "waivers/unknown_names.yaml:6: waiver #1 of CN-MGMT-05: unknown site 'ZZZ'",
        ]),
        ("unknown_key.yaml", ["waivers/unknown_key.yaml:6: unknown key 'expires'"]),
        ("no_scope.yaml", ["waivers/no_scope.yaml:3: waiver #1 of CN-MGMT-05 covers no device"]),
        ("not_a_list.yaml", ["waivers/not_a_list.yaml:2: 'waivers' must be a list"]),
        ("multiline_reason.yaml", [
            "waivers/multiline_reason.yaml:5: waiver #1 of CN-MGMT-05: the reason contains a "
            "newline at position 11"
        ]),
    ],
)  # fmt: skip
def test_a_broken_waiver_is_an_error_at_its_line(name: str, expected: list[str]) -> None:
    assert _problems(name) == expected


def test_yaml_traps_are_caught_by_the_inventory_loader() -> None:
    (duplicate,) = _problems("duplicate_key.yaml")
    assert duplicate.startswith("waivers/duplicate_key.yaml:6: duplicate key 'reason'")
    trap = _problems("yaml11_trap.yaml")
    assert trap and trap[0].startswith("waivers/yaml11_trap.yaml:5:")


def test_a_missing_file_waives_nothing(tmp_path: Path) -> None:
    waivers, problems = load_waivers(tmp_path / "none.yaml", "none.yaml", KNOWN)
    assert waivers.items == [] and problems == []


def test_a_link_out_of_the_inventory_is_refused(tmp_path: Path) -> None:
    inventory = tmp_path / "inventory"
    inventory.mkdir()
    (inventory / "baseline_waivers.yaml").symlink_to(WAIVERS / "valid.yaml")
    baseline = load_baseline(inventory, display_root=tmp_path)
    assert [p.message for p in baseline.problems] == [
        "is a symbolic link to a file outside the inventory folder"
    ]
    assert baseline.waivers.items == []


def _view(name: str) -> HostView:
    return CITY.views[name]


def test_a_waiver_covers_by_host_group_or_site() -> None:
    waivers, problems = load_waivers(WAIVERS / "valid.yaml", "valid.yaml", KNOWN)
    assert problems == []
    by_host = waivers.for_device("fs01-rtr01", _view("fs01-rtr01").groups, "FS01")
    assert set(by_host) == {"CN-MGMT-01"}
    access = _view("dc1-acc01")
    assert set(waivers.for_device(access.name, access.groups, access.site)) == {
        "CN-L2-04",
        "CN-CTRL-05",
    }
    router = _view("ch-rtr01")
    assert waivers.for_device(router.name, router.groups, router.site) == {}


def test_waived_failures_keep_their_reason_and_unused_waivers_are_named() -> None:
    waivers, _ = load_waivers(WAIVERS / "valid.yaml", "valid.yaml", KNOWN)
    baseline = FleetBaseline(default_rules(), waivers)
    config = "hostname x\nntp server 10.0.44.10\n"
    run = check_fleet(baseline, {"dc1-acc01": config}, CITY.views, complete=True)
    (device,) = run.devices
    status = {r.rule: r for r in device.results}
    assert status["CN-CTRL-05"].status == WAIVED
    assert "next maintenance window" in status["CN-CTRL-05"].reason
    assert status["CN-L2-04"].status == WAIVED
    assert status["CN-MGMT-01"].status == FAIL
    assert status["CN-MGMT-01"] in device.failed and len(run.errors) == len(device.failed)
    # the host waiver of fs01-rtr01 waived nothing in this (complete) run
    (warning,) = run.warnings
    assert warning.line == 3 and "waiver of CN-MGMT-01 (hosts fs01-rtr01) waives nothing" in (
        warning.message
    )


WAIVED_ON_PURPOSE = {"CN-MGMT-03", "CN-L2-02", "CN-L2-03"}
"""The rules the City's templates deliberately do not meet yet (reasons in the waivers file)."""


def test_the_city_passes_the_baseline_with_its_waivers() -> None:
    baseline = load_baseline(
        PROJECT / "inventory",
        display_root=PROJECT,
        hosts=CITY.views,
        groups=CITY.groups,
        sites=CITY.sites,
    )
    configs = {h: (PROJECT / "golden_configs" / f"{h}.cfg").read_text() for h in CITY.views}
    run = check_fleet(baseline, configs, CITY.views, complete=True)
    assert run.problems == [] and run.errors == []
    for device in run.devices:
        for result in device.results:
            assert result.status in (PASS, WAIVED)
            assert result.status == PASS or result.rule in WAIVED_ON_PURPOSE, result.rule


# -- citynet validate --------------------------------------------------------------------
def _workspace(workspace_copy: Path, text: str) -> Path:
    (workspace_copy / "inventory" / "baseline_waivers.yaml").write_text(text)
    return workspace_copy


def _city_waivers() -> str:
    return (PROJECT / "inventory" / "baseline_waivers.yaml").read_text()


def test_validate_reports_the_baseline_apart(cli: CliRunner) -> None:
    result = cli("validate", "--format", "json", cwd=PROJECT)
    assert result.code == 0, result.out
    baseline = json.loads(result.out)["baseline"]
    assert baseline["rules"] == len(default_rules().rules)
    assert baseline["failures"] == 0 and baseline["waived"] > 0 and baseline["problems"] == []
    assert len(baseline["devices"]) == 428


def test_validate_a_waiver_without_reason_is_an_error_with_its_line(
    cli: CliRunner, workspace_copy: Path
) -> None:
    text = re.sub(r"    reason: >-\n(?:      .*\n)+", "", _city_waivers(), count=1)
    result = cli("validate", cwd=_workspace(workspace_copy, text))
    assert result.code == 1
    line = text.splitlines().index("  - rule: CN-MGMT-03") + 1
    assert (
        f"inventory/baseline_waivers.yaml:{line}: error: waiver #1 of CN-MGMT-03 has no reason"
        in result.out
    )
    # the broken waiver is left out: its rule's failures are errors too
    assert "  FAIL CN-MGMT-03 Management access admits the jump hosts only: " in result.out


def test_validate_an_unwaived_failure_is_an_error_per_device(
    cli: CliRunner, workspace_copy: Path
) -> None:
    text = re.sub(r"  - rule: CN-L2-03\n(?:    .*\n)+", "", _city_waivers(), count=1)
    assert "CN-L2-03" not in text
    result = cli("validate", "--format", "markdown", cwd=_workspace(workspace_copy, text))
    assert result.code == 1
    # the 266 access switches; the other waivers still waive 694 failures
    assert "| security baseline | 266 failure(s), 694 waived |" in result.out
    assert (
        "`dc1-acc01` | CN-L2-03 DHCP snooping, dynamic ARP inspection and IP source guard: "
        "interface GigabitEthernet1/0/1: missing: ip verify source"
    ) in result.out
    junit = cli("validate", "--format", "junit", cwd=workspace_copy)
    assert junit.code == 1 and 'message="1 baseline rule(s) fail: CN-L2-03"' in junit.out


def test_validate_a_waiver_that_waives_nothing_is_a_warning(
    cli: CliRunner, workspace_copy: Path
) -> None:
    text = _city_waivers() + (
        "  - rule: CN-MGMT-07\n    sites: [DC1]\n    reason: SSH v1 clients in the lab\n"
    )
    result = cli("validate", cwd=_workspace(workspace_copy, text))
    assert result.code == 0, result.out
    assert "warning: the waiver of CN-MGMT-07 (sites DC1) waives nothing" in result.out


def test_validate_without_a_waivers_file_fails_on_todays_templates(
    cli: CliRunner, workspace_copy: Path
) -> None:
    (workspace_copy / "inventory" / "baseline_waivers.yaml").unlink()
    result = cli("validate", cwd=workspace_copy)
    assert result.code == 1
    assert re.search(r"\b0 failure\(s\)", result.out) is None
