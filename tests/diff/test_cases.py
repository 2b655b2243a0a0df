"""Hand-written cases, one folder each: running, golden, expected remediation and rollback.

Every case also goes through the config-applying model: remediation takes
running to golden, and rollback takes that back to running.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from citynet.diff import diff_configs, parse
from citynet.diff.model import apply, canonical

from .corpus import CASES

CASE_DIRS = sorted(p for p in CASES.iterdir() if (p / "running.cfg").is_file())


def _read(case: Path, name: str) -> str:
    return (case / name).read_text(encoding="utf-8")


@pytest.mark.parametrize("case", CASE_DIRS, ids=[p.name for p in CASE_DIRS])
def test_remediation_and_rollback_are_exact(case: Path) -> None:
    result = diff_configs(_read(case, "running.cfg"), _read(case, "golden.cfg"))
    assert "\n".join(result.remediation) == _read(case, "remediation.cfg").rstrip("\n")
    assert "\n".join(result.rollback) == _read(case, "rollback.cfg").rstrip("\n")


@pytest.mark.parametrize("case", CASE_DIRS, ids=[p.name for p in CASE_DIRS])
def test_round_trip_through_the_model(case: Path) -> None:
    running = parse(_read(case, "running.cfg"))
    golden = parse(_read(case, "golden.cfg"))
    result = diff_configs(_read(case, "running.cfg"), _read(case, "golden.cfg"))
    after = apply(running, result.remediation)
    assert canonical(after) == canonical(golden)
    assert canonical(apply(after, result.rollback)) == canonical(running)


def _case(name: str) -> tuple[list[str], list[str]]:
    result = diff_configs(_read(CASES / name, "running.cfg"), _read(CASES / name, "golden.cfg"))
    return result.remediation, result.rollback


def test_banner_is_one_block_not_old_text_as_commands() -> None:
    remediation, _ = _case("banner_change")
    assert "Old text line." not in remediation
    assert "no banner login" in remediation
    start = remediation.index("banner motd #")
    assert remediation[start : start + 4] == [
        "banner motd #",
        "Authorized access only.",
        "New text, with a caret ^ inside.",
        "#",
    ]


def test_acl_edits_address_sequence_numbers() -> None:
    assert _case("acl_insert_15")[0] == [
        "ip access-list extended VOICE-IN",
        " 15 permit tcp any any eq 5061",
    ]
    remediation, _ = _case("acl_seq_100_200")
    assert remediation == [
        "ip access-list extended EDGE-IN",
        " no 200",
        " 200 permit udp any host 10.1.1.54 eq 53",
    ]


def test_changed_remark_is_drift() -> None:
    result = diff_configs(
        _read(CASES / "acl_remark_change", "running.cfg"),
        _read(CASES / "acl_remark_change", "golden.cfg"),
    )
    assert not result.compliant
    assert " 10 remark allow the NOC and the SOC" in result.remediation


def test_numbered_acl_reorder_is_edited_in_place_not_deleted() -> None:
    remediation, _ = _case("numbered_acl_order")
    # "no access-list 10 ..." would delete the whole list: never emitted for an edit.
    assert not any(line.startswith("no access-list") for line in remediation)
    assert remediation[0] == "ip access-list resequence 10 10 10"


def test_hsrp_priority_is_replaced_without_no_first() -> None:
    remediation, rollback = _case("hsrp_priority")
    assert remediation == ["interface Vlan20", " standby 1 priority 90"]
    assert not any("no standby" in line for line in remediation + rollback)


def test_trunk_list_changes_by_add_and_remove() -> None:
    remediation, _ = _case("trunk_allowed")
    assert " switchport trunk allowed vlan add 40" in remediation
    assert " switchport trunk allowed vlan remove 35" in remediation
    assert not any("no switchport trunk allowed" in line for line in remediation)


def test_definitions_before_references_and_back() -> None:
    remediation, rollback = _case("references_order")
    assert remediation.index("ip access-list extended NEW-IN") < remediation.index(
        " ip access-group NEW-IN in"
    )
    assert remediation[-1] == "no ip access-list extended OLD-IN"
    assert rollback[-1] == "no ip access-list extended NEW-IN"


def test_bgp_address_family_has_sectional_exit() -> None:
    remediation, rollback = _case("bgp_address_family")
    assert remediation.count(" exit-address-family") == 2
    # Address-family lines of a neighbor go before the neighbor itself is removed.
    assert rollback.index("  no neighbor 172.16.0.2 activate") < rollback.index(
        " no neighbor 172.16.0.2 remote-as 65002"
    )


def test_noise_only_is_compliant() -> None:
    result = diff_configs(
        _read(CASES / "noise_only", "running.cfg"), _read(CASES / "noise_only", "golden.cfg")
    )
    assert result.compliant
    assert result.remediation == [] and result.rollback == []


def test_secrets_compared_by_presence_and_never_printed() -> None:
    running = _read(CASES / "secrets_presence", "running.cfg")
    result = diff_configs(running, _read(CASES / "secrets_presence", "golden.cfg"))
    text = repr(result.to_dict())
    for secret in ("$9$abcdefghijklmnop$qrstuvwxyz", "0822455D0A16", "Sup3rS3cret", "$9$zzzz"):
        assert secret not in text
    assert result.remediation == ["username backup privilege 15 secret <redacted>"]
    assert result.needs_secrets


def test_unconfigured_physical_port_equals_its_absence() -> None:
    running = "interface GigabitEthernet1/0/5\ninterface Vlan5\n"
    assert diff_configs(running, "interface Vlan5\n").compliant
    # A logical interface is not a default: it exists only when configured.
    assert diff_configs(running, "").remediation == ["no interface Vlan5"]
