"""Remediation and rollback pushed, line by line, into the lab's simulated IOS.

The lab's configuration engine is an independent model of IOS configuration
mode (sub-modes by command, not by indentation). Each hand-written case is
pushed into it as a device would receive it; the result must be compliant
with golden, and the rollback must bring it back to running. Cases that need
IOS semantics the simulator does not model yet are listed with what is missing.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from citynet.diff import diff_configs, synth

from .corpus import CASES

config_engine = pytest.importorskip("citynet.lab.config_engine")

# What the simulator does not model yet (IOS behaviour the engine relies on).
LAB_GAPS = {
    "acl_unnumbered_insert": "sequence numbers of an ACL loaded without them (IOS numbers them "
    "on entry, a text round trip renumbers)",
}

CASE_DIRS = sorted(p for p in CASES.iterdir() if (p / "running.cfg").is_file())


def push(text: str, commands: list[str]) -> str:
    """Load ``text`` into a simulated device, enter ``commands``; return its running config."""
    tree, _ = config_engine.parse_config(text, strict=False)
    editor = config_engine.ConfigEditor(tree, strict=False)
    for line in commands:
        result = editor.apply(line)
        assert result.error is None, f"device rejected {line!r}: {result.error}"
    return str(config_engine.render_config(tree))


@pytest.mark.parametrize("case", CASE_DIRS, ids=[p.name for p in CASE_DIRS])
def test_push_into_lab_reaches_golden_and_rolls_back(case: Path) -> None:
    if case.name in LAB_GAPS:
        pytest.xfail(f"lab simulator does not model: {LAB_GAPS[case.name]}")
    running = (case / "running.cfg").read_text()
    golden = (case / "golden.cfg").read_text()
    result = diff_configs(running, golden)
    after = push(running, result.remediation)
    assert diff_configs(after, golden).compliant
    back = push(after, result.rollback)
    assert diff_configs(back, running).compliant


# Edits whose commands the simulator models (see LAB_GAPS for the others).
LAB_KINDS = (
    "access-vlan", "banner", "bgp", "description", "hostname", "hsrp-priority", "line",
    "logging-console", "loopback", "ntp", "prefix-list", "route-map", "shutdown",
    "snmp-location", "translation-rule", "username", "vlan", "vrf",
)  # fmt: skip


def test_generated_fleet_pushed_into_lab() -> None:
    failures = []
    for seed in range(30):
        rng = random.Random(40_000 + seed)
        running_tree = synth.device(rng, interfaces=4, acl_entries=4)
        golden_tree, edits = synth.mutate(rng, running_tree, rng.randint(1, 6), LAB_KINDS)
        running, golden = synth.render(running_tree, noise=True), synth.render(golden_tree)
        result = diff_configs(running, golden)
        after = push(running, result.remediation)
        back = push(after, result.rollback)
        if not (diff_configs(after, golden).compliant and diff_configs(back, running).compliant):
            failures.append((seed, edits))
    assert failures == []
