"""Named secret markers in golden configs: compared by presence, named in remediations.

The cases (tests/fixtures/secrets/presence.yaml) pair a golden line carrying a named
marker with the forms a device shows the same secret in: bare <redacted> from a
backup, type 5/6/7/8/9 encrypted forms, a type 0 clear value.
"""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from citynet.diff import diff_configs
from citynet.diff.model import apply
from citynet.diff.parse import parse
from tests.support import FIXTURES

CASES: list[dict[str, Any]] = yaml.safe_load((FIXTURES / "secrets" / "presence.yaml").read_text())
PAIRS = [(case, running) for case in CASES for running in case["running"]]


def config(case: dict[str, Any], line: str | None) -> str:
    text = "hostname r1\n"
    if case.get("section"):
        text += case["section"] + "\n"
        if line is not None:
            text += f" {line}\n"
        text += " description x\n" if case["section"].startswith("interface") else ""
    elif line is not None:
        text += line + "\n"
    return text


@pytest.mark.parametrize(("case", "running"), PAIRS, ids=[r for _, r in PAIRS])
def test_a_named_secret_equals_any_form_of_the_same_secret(
    case: dict[str, Any], running: str
) -> None:
    result = diff_configs(config(case, running), config(case, case["golden"]))
    assert result.compliant, result.changes
    assert result.remediation == [] and result.rollback == []


@pytest.mark.parametrize("case", CASES, ids=[c["golden"] for c in CASES])
def test_the_remediation_names_the_secret_and_takes_running_to_golden(
    case: dict[str, Any],
) -> None:
    running, golden = config(case, None), config(case, case["golden"])
    result = diff_configs(running, golden)
    sent = [line.strip() for line in result.remediation]
    assert case["golden"] in sent  # the push knows which secret goes there
    assert "<redacted>" not in "\n".join(result.remediation)
    after = apply(parse(running), result.remediation)
    assert diff_configs("\n".join(after.lines()) + "\n", golden).compliant
    assert result.needs_secrets


def test_a_replaced_secret_line_rolls_back_with_the_same_name() -> None:
    """The old value is unknown: the rollback re-sends the name the golden config gives
    that position (the packet says the previous value must be given back first)."""
    running = "username netadmin privilege 1 secret 9 $9$abc\n"
    golden = "username netadmin privilege 15 secret <secret:local_admin>\n"
    result = diff_configs(running, golden)
    assert result.remediation == ["username netadmin privilege 15 secret <secret:local_admin>"]
    assert result.rollback == ["username netadmin privilege 1 secret <secret:local_admin>"]


def test_a_secret_the_golden_config_does_not_name_stays_a_bare_marker() -> None:
    running = "hostname r1\nsnmp-server community Publ1c RO\n"
    result = diff_configs(running, "hostname r1\n")
    assert result.rollback == ["snmp-server community <redacted> RO"]
    assert "Publ1c" not in "\n".join(result.remediation + result.rollback)


def test_two_golden_configs_naming_different_secrets_differ_only_in_what_they_send() -> None:
    """Names never make drift: both compare by presence to the same running line."""
    tree = parse("enable secret <secret:enable_secret>\n")
    assert tree.children[0].text == "enable secret <redacted>"
    assert tree.children[0].shown == "enable secret <secret:enable_secret>"
    assert diff_configs(
        "enable secret <secret:other>\n", "enable secret <secret:enable_secret>\n"
    ).compliant
