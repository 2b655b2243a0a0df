"""The IOS configuration error patterns: every real error matches, informational lines do not."""

from __future__ import annotations

import re

import pytest

from citynet.push.errors import CONFIG_ERROR_PATTERN, config_error
from tests.support import FIXTURES


def _lines(name: str) -> list[str]:
    text = (FIXTURES / "push" / name).read_text(encoding="utf-8")
    return [line for line in text.splitlines() if line and not line.startswith("#")]


@pytest.mark.parametrize("line", _lines("config_errors.txt"))
def test_each_ios_error_is_found(line: str) -> None:
    output = f"sw1(config-if)#ip address 10.0.0.1 255.255.255.0\r\n{line}\r\nsw1(config-if)#"
    assert config_error(output) == line.strip()


@pytest.mark.parametrize("line", _lines("config_errors.txt"))
def test_netmiko_pattern_finds_the_same_errors(line: str) -> None:
    # netmiko searches with re.M only: the pattern carries its own flags.
    output = f"sw1(config)#interface Vlan10\r\n{line}\r\nsw1(config)#"
    match = re.search(CONFIG_ERROR_PATTERN, output, flags=re.M)
    assert match is not None


@pytest.mark.parametrize("line", _lines("informational.txt"))
def test_informational_lines_are_not_errors(line: str) -> None:
    assert config_error(line) is None
    assert re.search(CONFIG_ERROR_PATTERN, line, flags=re.M) is None


def test_first_error_is_reported_when_several() -> None:
    output = (
        "%LINK-3-UPDOWN: Interface Vlan10, changed state to up\n"
        "% Incomplete command.\n"
        "% Invalid input detected at '^' marker.\n"
    )
    assert config_error(output) == "% Incomplete command."


def test_clean_output_has_no_error() -> None:
    output = "sw1(config)#interface Vlan10\r\nsw1(config-if)#no shutdown\r\nsw1(config-if)#end\r\n"
    assert config_error(output) is None
