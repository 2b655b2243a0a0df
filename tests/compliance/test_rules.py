"""Every baseline rule against configs that pass it and configs that fail it.

``fixtures/rules/<RULE-ID>/pass*.cfg`` must pass the rule, ``fail*.cfg`` must fail
it; the first line says the role and platform the config is checked as.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from citynet.compliance.engine import FAIL, PASS, check_config, read_block
from citynet.compliance.rules import compile_rules, default_rules
from citynet.errors import ConfigParseError

RULES = Path(__file__).parent / "fixtures" / "rules"
FIXTURES = sorted(RULES.glob("*/*.cfg"))
HEADER = re.compile(r"! baseline-test: role=(\S+) platform=(\S+)")


def _check(path: Path) -> tuple[str, tuple[str, ...]]:
    text = path.read_text()
    header = HEADER.match(text)
    assert header, f"{path}: first line must be '! baseline-test: role=R platform=P'"
    result = check_config(text, default_rules(), role=header[1], platform=header[2])
    found = [r for r in result.results if r.rule == path.parent.name]
    assert found, f"{path.parent.name} does not apply to role={header[1]} platform={header[2]}"
    return found[0].status, found[0].details


@pytest.mark.parametrize("path", FIXTURES, ids=[f"{p.parent.name}/{p.stem}" for p in FIXTURES])
def test_rule_on_fixture(path: Path) -> None:
    status, details = _check(path)
    expected = PASS if path.name.startswith("pass") else FAIL
    assert status == expected, details
    if status == FAIL:
        assert details, "a failure says why"


def test_every_rule_has_a_passing_and_a_failing_config() -> None:
    ids = {rule.id for rule in default_rules().rules}
    assert {p.name for p in RULES.iterdir()} == ids
    for rule in ids:
        names = [p.name for p in (RULES / rule).glob("*.cfg")]
        assert any(n.startswith("pass") for n in names), rule
        assert any(n.startswith("fail") for n in names), rule


def test_every_rule_says_why() -> None:
    for rule in default_rules().rules:
        assert len(rule.rationale) > 40 and rule.cis and rule.title, rule.id


def test_failure_details_never_show_a_secret() -> None:
    status, details = _check(RULES / "CN-MGMT-12" / "fail_community.cfg")
    assert status == FAIL
    assert "s3cr3t-community" not in " ".join(details)
    assert "snmp-server community <redacted> RO SNMP-ACCESS" in " ".join(details)
    status, details = _check(RULES / "CN-MGMT-09" / "fail_password.cfg")
    assert "0822455D0A16" not in " ".join(details)


def test_details_name_the_port_and_what_it_lacks() -> None:
    status, details = _check(RULES / "CN-L2-01" / "fail_unused_live_in_data_vlan.cfg")
    assert status == FAIL
    assert details == (
        "interface GigabitEthernet1/0/2: missing: shutdown; "
        "missing: switchport access vlan {parking_vlan}",
    )


def test_a_variable_is_read_per_config_even_for_the_same_section() -> None:
    # The same port section passes with one parking VLAN and fails with another.
    port = "interface Gi1/0/9\n switchport access vlan 999\n switchport mode access\n shutdown\n"
    good = check_config(f"vlan 999\n name PARKING\n{port}", default_rules(), role="access",
                        platform="cisco_iosxe")
    bad = check_config(f"vlan 998\n name PARKING\n{port}", default_rules(), role="access",
                       platform="cisco_iosxe")
    status = {r.rule: r.status for r in good.results}, {r.rule: r.status for r in bad.results}
    assert status[0]["CN-L2-01"] == PASS and status[1]["CN-L2-01"] == FAIL


def test_rules_for_other_roles_do_not_apply() -> None:
    result = check_config("hostname core1\n", default_rules(), role="core", platform="cisco_iosxe")
    ids = {r.rule for r in result.results}
    assert "CN-CTRL-06" not in ids and "CN-L2-01" not in ids and "CN-MGMT-01" in ids


def test_blocks_read_as_the_diff_engine_reads_them() -> None:
    assert read_block("!") == () and read_block("end") == () and read_block("version 17.9") == ()
    (banner,) = read_block("banner login ^C\nhello\n^C")
    assert banner.text == "banner login" and not banner.children
    (acl,) = read_block("ip access-list standard A\n 30 deny   any log\n exit")
    assert [c.text for c in acl.children] == ["30 deny any log"]


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ({"rules": [{"id": "X-1", "title": "t", "rationale": "r", "cis": "c", "check": {}}]},
         "must look like CN-AREA-01"),
        ({"rules": [{"id": "CN-A-01", "title": "t", "rationale": "r", "cis": "c",
                     "check": {"present": ["(unclosed"]}}]}, "not a valid regex"),
        ({"rules": [{"id": "CN-A-01", "title": "t", "rationale": "r", "cis": "c",
                     "check": {"present": ["vlan {nope}"]}}]}, "unknown variable {nope}"),
        ({"rules": [{"id": "CN-A-01", "title": "t", "rationale": "r", "cis": "c",
                     "check": {"presnt": ["x"]}}]}, "Extra inputs are not permitted"),
        ({"rules": [{"id": "CN-A-01", "title": "t", "rationale": "r", "cis": "c", "check": {}},
                    {"id": "CN-A-01", "title": "t", "rationale": "r", "cis": "c", "check": {}}]},
         "defined twice"),
    ],
)  # fmt: skip
def test_a_broken_rule_file_is_refused_with_the_rule(document: object, message: str) -> None:
    with pytest.raises(ConfigParseError, match=re.escape(message)):
        compile_rules(document, "test.yaml")
