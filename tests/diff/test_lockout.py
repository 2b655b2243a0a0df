"""Remediations that would cut off management access are flagged; unfit targets refused."""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from citynet.diff import diff_configs
from citynet.diff.lockout import management_context, target_problem
from tests.support import FIXTURES, PROJECT

RUNNING = (PROJECT / "golden_configs" / "fs01-acc01.cfg").read_text()
CASES: list[dict[str, Any]] = yaml.safe_load((FIXTURES / "lockout" / "cases.yaml").read_text())


def _golden(case: dict[str, Any]) -> str:
    text = RUNNING
    for old, new in case["replace"]:
        assert old in text, f"{case['name']}: {old!r} is not in the running config"
        text = text.replace(old, new, 1)
    return text


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_lockout_risks_are_flagged(case: dict[str, Any]) -> None:
    result = diff_configs(
        RUNNING, _golden(case), management_address=case.get("management_address")
    )
    assert not result.compliant
    reasons = [risk.reason for risk in result.lockout]
    for fragment in case["expect"]:
        assert any(fragment in reason for reason in reasons), (fragment, reasons)
    if not case["expect"]:
        assert reasons == []
    document = result.to_dict()
    assert [r["reason"] for r in document["lockout_risks"]] == reasons
    assert result.refused is None


def test_the_route_to_the_management_network_is_guarded() -> None:
    running = RUNNING.replace(
        "ip default-gateway 10.2.190.1\n",
        "ip default-gateway 10.2.190.1\nip route 10.0.76.0 255.255.255.0 10.2.190.1\n"
        "ip route 10.77.0.0 255.255.0.0 10.2.190.1\n",
    )
    without_jump = running.replace("ip route 10.0.76.0 255.255.255.0 10.2.190.1\n", "")
    reasons = [r.reason for r in diff_configs(running, without_jump).lockout]
    assert reasons == ["removes a route to the networks allowed to manage the device"]
    without_other = running.replace("ip route 10.77.0.0 255.255.0.0 10.2.190.1\n", "")
    assert diff_configs(running, without_other).lockout == []


def test_management_context_of_a_city_device() -> None:
    context = management_context(RUNNING, "10.2.190.11")
    assert context.vty_acls == {"MGMT-ACCESS"}
    assert [str(n) for n in context.admitted] == ["10.0.44.48/29", "10.0.76.48/29"]
    assert context.interfaces == {"interface Vlan99"}


@pytest.mark.parametrize(
    ("golden", "fragment"),
    [
        ("", "empty"),
        ("!\nend\n", "empty"),
        (RUNNING[: len(RUNNING) // 6], "truncated"),
        (RUNNING.rstrip("\n")[:-7], "middle of a line"),
    ],
    ids=["empty", "only-end", "a-sixth", "cut-mid-line"],
)
def test_unfit_targets_are_refused(golden: str, fragment: str) -> None:
    problem = target_problem(RUNNING, golden)
    assert problem is not None and fragment in problem
    assert diff_configs(RUNNING, golden).refused == problem


def test_a_whole_golden_config_is_a_fit_target() -> None:
    assert target_problem(RUNNING, RUNNING.replace("logging host 10.0.76.12\n", "")) is None
    assert target_problem("hostname r1\n", "hostname r2\n") is None  # a snippet, not a device
