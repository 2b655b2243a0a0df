"""Exec-mode parsing: abbreviations, errors and pipes."""

from __future__ import annotations

import pytest

from citynet.lab.cli_parser import Parsed, apply_pipe, resolve, split_pipe
from citynet.lab.config_engine import CommandError


@pytest.mark.parametrize(
    ("line", "keywords"),
    [
        ("sh run", ("show", "running-config")),
        ("conf t", ("configure", "terminal")),
        ("wr", ("write",)),
        ("sh ip int br", ("show", "ip", "interface", "brief")),
        ("sh cdp nei det", ("show", "cdp", "neighbors", "detail")),
        ("show int status", ("show", "interfaces", "status")),
        ("term len 0", ("terminal", "length")),
    ],
)
def test_abbreviations(line: str, keywords: tuple[str, ...]) -> None:
    parsed = resolve(line)
    assert isinstance(parsed, Parsed)
    assert parsed.keywords == keywords


@pytest.mark.parametrize(
    ("line", "kind", "position"),
    [
        ("s", "ambiguous", 0),
        ("co", "ambiguous", 0),
        ("show bogus", "invalid", 5),
        ("show", "incomplete", 0),
        ("sho ver extra", "invalid", 8),
        ("frob", "invalid", 0),
    ],
)
def test_errors(line: str, kind: str, position: int) -> None:
    error = resolve(line)
    assert isinstance(error, CommandError)
    assert error.kind == kind
    assert error.position == position


def test_user_exec_hides_privileged_commands() -> None:
    assert isinstance(resolve("conf t", allowed=frozenset({"show"})), CommandError)


TEXT = "hostname r1\ninterface Lo0\n ip address 1.1.1.1 255.255.255.255\n!\nline vty 0 4\n login"


@pytest.mark.parametrize(
    ("pipe", "expected"),
    [
        ("| include host", "hostname r1"),
        ("| i ^line", "line vty 0 4"),
        ("| exclude ^ |!|line|host", "interface Lo0"),
        ("| section interface", "interface Lo0\n ip address 1.1.1.1 255.255.255.255"),
        ("| begin line", "line vty 0 4\n login"),
        ("| count address", "Number of lines which match regexp = 1"),
    ],
)
def test_pipes(pipe: str, expected: str) -> None:
    split = split_pipe("show run " + pipe)
    assert not isinstance(split, CommandError)
    assert apply_pipe(TEXT, split[1]) == expected
