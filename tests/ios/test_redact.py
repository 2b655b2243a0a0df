"""Secrets of every kind are masked; the rest of the configuration is untouched."""

from __future__ import annotations

import re

import pytest

from citynet.ios.redact import REDACTED, redact_config, redact_line, redact_text
from citynet.platforms import Platform
from tests.support import FIXTURES

CANARIES = (FIXTURES / "redact" / "canaries.cfg").read_text()


@pytest.mark.parametrize("platform", list(Platform))
def test_no_canary_survives(platform: Platform) -> None:
    redacted = redact_config(CANARIES, platform)
    assert re.findall(r"Canary\w+", redacted) == []
    assert redacted.count(REDACTED) == len(re.findall(r"Canary\w+", CANARIES))


def test_noise_dropped_and_everything_else_kept() -> None:
    redacted = redact_config(CANARIES)
    assert "Building configuration" not in redacted
    assert "Current configuration" not in redacted
    assert "Last configuration change" not in redacted
    assert "NVRAM config last updated" not in redacted
    kept = [
        line
        for line in CANARIES.splitlines()
        if "Canary" not in line
        and not any(
            noise in line for noise in ("Building", "Current configuration", "! Last", "! NVRAM")
        )
    ]
    assert [line for line in redacted.splitlines() if REDACTED not in line] == kept


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("enable secret 9 $9$x", "enable secret <redacted>"),
        (" key 7 0822455D0A16", " key <redacted>"),
        (" ip ospf message-digest-key 1 md5 7 X", " ip ospf message-digest-key 1 md5 <redacted>"),
        (
            "snmp-server host 10.0.0.7 version 3 priv monitor",
            "snmp-server host 10.0.0.7 version 3 priv monitor",
        ),
        ("key chain OSPF-KEYS", "key chain OSPF-KEYS"),
        (" key 1", " key 1"),
        ("enable secret <redacted>", "enable secret <redacted>"),
        (
            "username netadmin privilege 15 secret <redacted>",
            "username netadmin privilege 15 secret <redacted>",
        ),
    ],
)
def test_lines(line: str, expected: str) -> None:
    assert redact_line(line) == expected


def test_free_text_such_as_an_error_message() -> None:
    message = "Command rejected:\n  username x secret 0 CanaryInError\nat line 4"
    assert "CanaryInError" not in redact_text(message)
