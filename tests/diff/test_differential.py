"""Differential test against hier_config on a generated fleet.

Both engines compute the remediation of the same generated device pairs. Every
line on which they disagree must fall into a known class, each of which is a
place where IOS semantics and hier_config differ (the issue lists them). An
unclassified disagreement fails the test: either a bug here, or a class to
understand and document.
"""

from __future__ import annotations

import random
from collections import Counter

import pytest

from citynet.diff import diff_configs, parse, synth
from citynet.ios import rules

from .test_oracles import _flat

hier_config = pytest.importorskip("hier_config")

DEVICES = 60


def _context(path: tuple[str, ...]) -> str:
    ctx = "root"
    for header in path:
        ctx = rules.child_context(ctx, header)
    return ctx


def _key(item: tuple[str, ...]) -> str:
    return rules.key_rule(_context(item[:-1]), item[-1])[0]


def classify(
    item: tuple[str, ...], side: str, other: set[tuple[str, ...]], banner_text: set[str]
) -> str:
    """The class of one line only one engine emitted (side: "hier" or "ours")."""
    line, path = item[-1], item[:-1]
    everything = " ".join(item)
    if line.startswith(("banner ", "no banner ")) or line in banner_text or line in "^#%":
        return "banner as one block (hier_config sends banner text as commands)"
    if rules.REDACTED in everything or "community" in everything:
        return "secret compared by presence"
    if "access-list" in everything:
        return "access list edited by sequence number (hier_config rewrites or misses order)"
    if rules.TRUNK_ALLOWED in line:
        return "trunk VLAN list by add/remove (hier_config negates the list first)"
    if line in ("no shutdown", "no ip address") or (path and line in ("shutdown",)):
        return "interface defaults (no shutdown / no ip address equal their absence)"
    if line.startswith("default interface ") or (
        line.startswith("no interface ") and rules.PHYSICAL_INTERFACE.match(line[3:])
    ):
        return "physical interface defaulted, not deleted"
    key = _key(item)
    same_key_other = [o for o in other if o[:-1] == path and _key(o) == key]
    if side == "hier" and line.startswith("no ") and same_key_other:
        return "keyed command replaced in place (hier_config sends 'no' first)"
    if (
        side == "hier"
        and line.startswith("no ")
        and any(o[: len(item) - 1] == path and o[-1] == line for o in other)
    ):
        return "ordering or form of the same change"
    if side == "ours" and line.startswith("no "):
        return "remove-first or negative replacement (route-map/dial-peer/rule/prefix-list)"
    if path and ("vrf forwarding" in line or line.startswith("ip address")):
        return "addresses re-applied after a VRF change"
    if same_key_other or any(o[:-1] == path for o in other):
        return "ordering or form of the same change"
    return "unclassified"


def _hier(running: str, golden: str) -> list[str]:
    from hier_config import Platform, WorkflowRemediation, get_hconfig

    workflow = WorkflowRemediation(
        get_hconfig(Platform.CISCO_IOS, running), get_hconfig(Platform.CISCO_IOS, golden)
    )
    return list(workflow.remediation_config.dump_simple())


def test_every_disagreement_with_hier_config_is_classified() -> None:
    classes: Counter[str] = Counter()
    unclassified = []
    agreed = 0
    for seed in range(DEVICES):
        rng = random.Random(7_000 + seed)
        running_tree = synth.device(rng, interfaces=4, acl_entries=4)
        golden_tree, _ = synth.mutate(rng, running_tree, rng.randint(1, 6))
        running, golden = synth.render(running_tree), synth.render(golden_tree)
        banner_text = {
            line
            for tree in (parse(running), parse(golden))
            for node in tree.children
            if node.body
            for line in node.body
        }
        ours = _flat(diff_configs(running, golden).remediation)
        theirs = _flat(_hier(running, golden))
        if ours == theirs:
            agreed += 1
        for side, mine, other in (("hier", theirs - ours, ours), ("ours", ours - theirs, theirs)):
            for item in mine:
                label = classify(item, side, other, banner_text)
                classes[label] += 1
                if label == "unclassified":
                    unclassified.append((seed, side, item))
    print(f"\n{agreed}/{DEVICES} devices with identical remediation; disagreements by class:")
    for label, count in classes.most_common():
        print(f"  {count:5d}  {label}")
    assert unclassified == []
