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

SMALL = {"interfaces": 6, "acl_entries": 5}
SETTINGS = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])


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


@settings(max_examples=500, deadline=None)
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
def test_round_trip_on_two_thousand_generated_devices() -> None:
    """A fixed sweep (no shrinking needed): 2,000 device pairs, 1 to 10 edits each."""
    failures = []
    for seed in range(2000):
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
