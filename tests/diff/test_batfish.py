"""Batfish's IOS configurations: real-looking devices and dense syntax snippets.

Every file parses and equals itself; every ordered pair of the example
network's 13 devices round-trips through the model (remediation reaches the
other device, rollback comes back); the example's candidate change is exactly
the two ``ip access-group`` lines it adds; and each snippet can be built from
an empty device and torn down again.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from citynet.diff import diff_configs, parse
from citynet.diff.model import apply, canonical
from citynet.diff.owned import prune
from citynet.ios.noise import owned_lines

from .corpus import corpus_dir

EMPTY = "hostname empty\n"

# Grammar snippets that give one command twice with contradicting values inside a
# section (a device keeps one of them, in an order of its own), so building them
# from scratch cannot reproduce the file exactly.
CONTRADICTORY_SNIPPETS = {
    "cisco_callhome",
    "cisco_interface",
    "cisco_ipv6_access_list",
    "cisco_l2tp",
}


def _configs() -> list[Path]:
    base = corpus_dir("batfish")
    return sorted(
        p
        for p in base.rglob("*")
        if p.is_file() and (p.name.startswith(("cisco_", "ios")) or p.suffix == ".cfg")
    )


def _round_trip(running: str, golden: str) -> bool:
    result = diff_configs(running, golden)
    r_tree, g_tree = parse(running), parse(golden)
    after = apply(r_tree, result.remediation)
    back = apply(after, result.rollback)
    # Lines the device writes by itself stay on it (never removed): not the golden's.
    reached = after.copy()
    prune(reached, g_tree, owned_lines("cisco_ios"))
    return canonical(reached) == canonical(g_tree) and canonical(back) == canonical(r_tree)


def test_every_config_parses_and_equals_itself() -> None:
    configs = _configs()
    assert len(configs) > 100
    for path in configs:
        text = path.read_text(errors="replace")
        result = diff_configs(text, text)
        assert result.compliant, path.name


def test_example_network_pairs_round_trip() -> None:
    live = sorted((corpus_dir("batfish", "networks", "example", "live", "configs")).glob("*.cfg"))
    assert len(live) == 13
    failures = [
        (a.name, b.name)
        for a, b in itertools.permutations(live, 2)
        if not _round_trip(a.read_text(), b.read_text())
    ]
    assert failures == []


def test_candidate_change_is_two_access_groups() -> None:
    example = corpus_dir("batfish", "networks", "example")
    result = diff_configs(
        (example / "live" / "configs" / "as2dept1.cfg").read_text(),
        (example / "candidate" / "configs" / "as2dept1.cfg").read_text(),
    )
    assert result.remediation == [
        "interface GigabitEthernet2/0",
        " ip access-group RESTRICT_HOST_TRAFFIC_IN out",
        "interface GigabitEthernet3/0",
        " ip access-group RESTRICT_HOST_TRAFFIC_OUT out",
    ]
    assert result.rollback == [
        "interface GigabitEthernet2/0",
        " no ip access-group RESTRICT_HOST_TRAFFIC_IN out",
        "interface GigabitEthernet3/0",
        " no ip access-group RESTRICT_HOST_TRAFFIC_OUT out",
    ]


def test_snippets_built_from_empty_and_torn_down() -> None:
    failures = []
    for path in _configs():
        if path.suffix == ".cfg" or path.name in CONTRADICTORY_SNIPPETS:
            continue
        text = path.read_text(errors="replace")
        if not (_round_trip(EMPTY, text) and _round_trip(text, EMPTY)):
            failures.append(path.name)
    assert failures == []


@pytest.mark.parametrize("name", sorted(CONTRADICTORY_SNIPPETS))
def test_contradictory_snippets_still_diff(name: str) -> None:
    path = next(p for p in _configs() if p.name == name)
    result = diff_configs(EMPTY, path.read_text(errors="replace"))
    assert not result.compliant and result.remediation and result.rollback
