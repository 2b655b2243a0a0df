"""Properties on generated configurations (hypothesis).

running -> remediation -> golden and golden -> rollback -> running, checked with
the config-applying model; no remediation when two configs differ only by noise;
the block-skipping fast path gives the same result as comparing whole trees.
"""

from __future__ import annotations

import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from citynet.diff import acl, diff_configs, diff_trees, parse, synth
from citynet.diff.model import apply, canonical
from citynet.diff.owned import prune
from citynet.ios.noise import owned_lines

SMALL = {"interfaces": 6, "acl_entries": 5}
SETTINGS = settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _pair(seed: int, edits: int) -> tuple[str, str]:
    rng = random.Random(seed)
    running = synth.device(rng, **SMALL)
    golden, _ = synth.mutate(rng, running, edits)
    return synth.render(running, noise=True), synth.render(golden)


@SETTINGS
@given(seed=st.integers(0, 2**32 - 1), edits=st.integers(1, 8))
def test_remediation_reaches_golden_and_rollback_returns(seed: int, edits: int) -> None:
    running_text, golden_text = _pair(seed, edits)
    running, golden = parse(running_text), parse(golden_text)
    result = diff_configs(running_text, golden_text)
    after = apply(running, result.remediation)
    assert canonical(after) == canonical(golden)
    assert canonical(apply(after, result.rollback)) == canonical(running)
    # And the engine itself agrees the remediated device is compliant.
    assert diff_configs(synth.render(after), golden_text).compliant


@settings(max_examples=100, deadline=None)
@given(seed=st.integers(0, 2**32 - 1))
def test_equal_up_to_noise_means_no_remediation(seed: int) -> None:
    tree = synth.device(random.Random(seed), **SMALL)
    result = diff_configs(synth.render(tree, noise=True), synth.render(tree))
    assert result.compliant
    assert result.remediation == [] and result.rollback == []
    assert all(f.status == "compliant" for f in result.features)


@settings(max_examples=150, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), edits=st.integers(0, 8))
def test_fast_path_equals_whole_tree_comparison(seed: int, edits: int) -> None:
    running_text, golden_text = _pair(seed, edits)
    fast = diff_configs(running_text, golden_text)
    full = diff_trees(parse(running_text), parse(golden_text))
    assert fast.to_dict() == full.to_dict()


ENTRY = st.sampled_from(
    [f"permit ip host 10.0.0.{i} any" for i in range(1, 9)] + ["remark web", "deny ip any any"]
)


@st.composite
def entry_lists(draw: st.DrawFn) -> list[str]:
    bodies = draw(st.lists(ENTRY, max_size=8, unique=True))
    style = draw(st.sampled_from(("none", "tens", "sparse", "dense")))
    if style == "none":
        return bodies
    if style == "tens":
        return [f"{10 * (i + 1)} {b}" for i, b in enumerate(bodies)]
    if style == "dense":
        return [f"{i + 1} {b}" for i, b in enumerate(bodies)]
    seqs = sorted(
        draw(st.lists(st.integers(1, 400), min_size=len(bodies), max_size=len(bodies), unique=True))
    )
    return [f"{s} {b}" for s, b in zip(seqs, bodies, strict=True)]


def _acl_text(entries: list[str]) -> str:
    return "ip access-list extended T\n" + "".join(f" {e}\n" for e in entries)


@settings(max_examples=300, deadline=None)
@given(old=entry_lists(), new=entry_lists())
def test_access_list_edits_round_trip(old: list[str], new: list[str]) -> None:
    running, golden = _acl_text(old), _acl_text(new)
    result = diff_configs(running, golden)
    after = apply(parse(running), result.remediation)
    assert canonical(after) == canonical(parse(golden))
    assert canonical(apply(after, result.rollback)) == canonical(parse(running))
    # Only entries that changed are touched: never the whole list.
    assert "no ip access-list extended T" not in result.remediation


@settings(max_examples=300, deadline=None)
@given(old=st.lists(ENTRY, max_size=8, unique=True), new=st.lists(ENTRY, max_size=8, unique=True))
def test_entry_edit_result_has_wanted_order(old: list[str], new: list[str]) -> None:
    edit = acl.edit(acl.entries(old), acl.entries(new))
    assert [e.body for e in edit.result] == new
    seqs = [e.seq for e in edit.result]
    assert seqs == sorted(set(seqs))


@pytest.mark.slow
def test_round_trip_on_1500_generated_devices() -> None:
    """A fixed sweep (no shrinking needed): 1,500 device pairs, 1 to 10 edits each."""
    failures = []
    for seed in range(1500):
        rng = random.Random(10_000 + seed)
        running = synth.device(rng, interfaces=4, acl_entries=4)
        golden, edits = synth.mutate(rng, running, rng.randint(1, 10))
        running_text, golden_text = synth.render(running, noise=True), synth.render(golden)
        result = diff_configs(running_text, golden_text)
        r_tree = parse(running_text)
        after = apply(r_tree, result.remediation)
        back = apply(after, result.rollback)
        if canonical(after) != canonical(parse(golden_text)) or canonical(back) != canonical(
            r_tree
        ):
            failures.append((seed, edits))
    assert failures == []


# ------------------------------------------------------- independent random configs
ROOT_LINES = st.sampled_from(
    [
        "hostname alpha",
        "hostname beta",
        "logging console warnings",
        "logging console informational",
        "no logging console",
        "ntp server 10.0.0.1",
        "ntp server 10.0.0.2",
        "ntp server 10.0.0.2 prefer",
        "no ip domain lookup",
        "ip route 10.9.0.0 255.255.0.0 10.0.0.254",
        "ip route 10.9.0.0 255.255.0.0 10.0.0.254 200",
        "snmp-server location Annex",
        "snmp-server location Main",
        "username ops privilege 15 secret <redacted>",
        "service timestamps log datetime msec",
    ]
)
IFACE_LINES = st.sampled_from(
    [
        "description uplink",
        "description user",
        "shutdown",
        "switchport access vlan 10",
        "switchport access vlan 20",
        "switchport mode access",
        "switchport trunk allowed vlan 10,20",
        "switchport trunk allowed vlan 10-12,30",
        "standby 1 ip 10.1.1.1",
        "standby 1 priority 90",
        "standby 1 priority 110",
        "standby 1 preempt",
        "ip address 10.1.1.2 255.255.255.0",
        "ip address 10.1.1.3 255.255.255.0 secondary",
        "vrf forwarding MGMT",
        "ip access-group EDGE in",
        "no ip redirects",
    ]
)
IFACES = st.sampled_from(
    ["interface Vlan10", "interface Vlan20", "interface Loopback1", "interface GigabitEthernet0/1"]
)
BANNERS = st.sampled_from([None, ("Authorized only",), ("Authorized only", "second line")])


@st.composite
def configs(draw: st.DrawFn) -> str:
    lines = draw(st.lists(ROOT_LINES, max_size=8))
    for name in draw(st.lists(IFACES, max_size=3, unique=True)):
        lines.append(name)
        lines += [" " + line for line in draw(st.lists(IFACE_LINES, max_size=6))]
    acl = draw(st.lists(ENTRY, max_size=4, unique=True))
    if acl:
        lines.append("ip access-list extended EDGE")
        lines += [" " + entry for entry in acl]
    banner = draw(BANNERS)
    if banner is not None:
        lines += ["banner motd ^C", *banner, "^C"]
    return "\n".join(lines) + "\n"


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(running=configs(), golden=configs())
def test_independent_configs_round_trip(running: str, golden: str) -> None:
    result = diff_configs(running, golden)
    r_tree, g_tree = parse(running), parse(golden)
    after = apply(r_tree, result.remediation)
    reached = after.copy()
    prune(reached, g_tree, owned_lines("cisco_ios"))  # the device's own lines stay
    assert canonical(reached) == canonical(g_tree)
    assert canonical(apply(after, result.rollback)) == canonical(r_tree)
    assert diff_configs(running, running).compliant
