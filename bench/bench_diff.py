"""Benchmark of the diff engine against hier_config (and netutils), in one run.

Run it as ``python bench/bench_diff.py`` (not collected by pytest). It builds
a generated fleet (default 1,000 devices of about 1,200 lines, each golden
config a few edits away from its running config) and measures:

* cold: drift + per-feature compliance + remediation + rollback, every device,
  against hier_config's ``WorkflowRemediation`` (remediation + rollback) on
  the same texts;
* warm: the same fleet again with the content-hash cache (nothing changed);
* one 10,000-line device, with a few edits and with every block changed;
* netutils' 12-feature compliance on a sample, for reference.

It prints a table with the anchor beside each figure and the ratios. Times
are wall clock on this machine; nothing here asserts on them.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from citynet.diff import diff_configs, diff_trees, parse, synth
from citynet.diff.cache import DiffCache


def fleet(devices: int, interfaces: int, seed: int) -> list[tuple[str, str]]:
    """Generated (running, golden) text pairs."""
    rng = random.Random(seed)
    pairs = []
    for _ in range(devices):
        running = synth.device(rng, interfaces=interfaces, acl_entries=25)
        golden, _ = synth.mutate(rng, running, rng.randint(1, 12))
        pairs.append((synth.render(running, noise=True), synth.render(golden)))
    return pairs


def hier_config_workflow(running: str, golden: str) -> int:
    """hier_config: parse both, remediation and rollback (its drift workflow)."""
    from hier_config import Platform, WorkflowRemediation, get_hconfig

    workflow = WorkflowRemediation(
        get_hconfig(Platform.CISCO_IOS, running), get_hconfig(Platform.CISCO_IOS, golden)
    )
    return len(workflow.remediation_config.dump_simple()) + len(
        workflow.rollback_config.dump_simple()
    )


def timed(label: str, func: Callable[[], object]) -> float:
    """Wall-clock seconds of one call, reported on stderr as it goes."""
    sys.stderr.write(f"  {label} ...")
    sys.stderr.flush()
    start = time.perf_counter()
    func()
    elapsed = time.perf_counter() - start
    sys.stderr.write(f" {elapsed:.2f} s\n")
    return elapsed


def best_of(func: Callable[[], object], repeat: int) -> float:
    """Median seconds of ``repeat`` calls."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


NETUTILS_FEATURES: list[dict[str, str | bool | list[str]]] = [
    {"name": name, "ordered": ordered, "section": sections}
    for name, ordered, sections in (
        ("hostname", False, ["hostname "]),
        ("aaa", False, ["aaa ", "username ", "enable "]),
        ("snmp", False, ["snmp-server "]),
        ("ntp", False, ["ntp "]),
        ("logging", False, ["logging "]),
        ("banner", True, ["banner "]),
        ("vlans", False, ["vlan "]),
        ("interfaces", False, ["interface "]),
        ("acls", True, ["ip access-list ", "access-list "]),
        ("routing", True, ["router ", "ip route ", "ip prefix-list ", "route-map "]),
        ("voice-translation", True, ["voice translation-"]),
        ("dial-peers", False, ["dial-peer "]),
    )
]


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--devices", type=int, default=1000, help="fleet size (default 1000)")
    parser.add_argument(
        "--anchor-devices",
        type=int,
        default=0,
        help="run hier_config on only this many devices and scale (default: all)",
    )
    parser.add_argument(
        "--interfaces", type=int, default=80, help="ports per device (~1,200 lines)"
    )
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args(argv)

    sys.stderr.write("generating the fleet ...\n")
    pairs = fleet(args.devices, args.interfaces, args.seed)
    lines = statistics.mean(len(r.splitlines()) for r, _ in pairs)
    sys.stderr.write(f"  {len(pairs)} devices, {lines:.0f} lines each on average\n")

    cache = DiffCache()
    ours_cold = timed("citynet cold", lambda: [cache.diff(r, g) for r, g in pairs])
    ours_warm = timed("citynet warm (cache)", lambda: [cache.diff(r, g) for r, g in pairs])
    sample = pairs[: args.anchor_devices] if args.anchor_devices else pairs
    hier = timed(
        f"hier_config on {len(sample)} devices",
        lambda: [hier_config_workflow(r, g) for r, g in sample],
    )
    hier_fleet = hier * len(pairs) / len(sample)
    if cache.misses != len(pairs) or cache.hits != len(pairs):
        sys.stderr.write("  note: duplicate devices in the fleet\n")

    sys.stderr.write("the 10,000-line device ...\n")
    rng = random.Random(args.seed + 1)
    big_tree = synth.device(rng, interfaces=950, acl_entries=60)
    big_golden, _ = synth.mutate(rng, big_tree, 12)
    big_running_text = synth.render(big_tree, noise=True)
    big_golden_text = synth.render(big_golden)
    big_lines = len(big_running_text.splitlines())
    big = best_of(lambda: diff_configs(big_running_text, big_golden_text), 7)
    big_full = best_of(lambda: diff_trees(parse(big_running_text), parse(big_golden_text)), 3)
    big_hier = best_of(lambda: hier_config_workflow(big_running_text, big_golden_text), 1)

    netutils_per_device = None
    try:
        from netutils.config.compliance import compliance

        few = pairs[:20]
        start = time.perf_counter()
        for running, golden in few:
            compliance(NETUTILS_FEATURES, running, golden, "cisco_ios", cfg_type="string")
        netutils_per_device = (time.perf_counter() - start) / len(few)
    except ImportError:
        pass

    per = 1000.0 / len(pairs)
    rows = [
        (
            f"cold: {len(pairs)} devices, drift+remediation+rollback",
            f"{ours_cold:.2f} s",
            f"{hier_fleet:.2f} s" + ("" if sample is pairs else " (scaled)"),
            hier_fleet / ours_cold,
            10,
        ),
        (
            "cold: per device",
            f"{ours_cold * per:.2f} ms",
            f"{hier_fleet * per:.2f} ms",
            hier_fleet / ours_cold,
            10,
        ),
        (
            f"warm: {len(pairs)} devices, content-hash cache",
            f"{ours_warm * 1000:.1f} ms",
            f"{hier_fleet:.2f} s",
            hier_fleet / ours_warm,
            100,
        ),
        (
            f"{big_lines:,}-line device, 12 edits",
            f"{big * 1000:.1f} ms",
            f"{big_hier * 1000:.0f} ms",
            big_hier / big,
            None,
        ),
        (
            f"{big_lines:,}-line device, whole trees (no block skip)",
            f"{big_full * 1000:.1f} ms",
            f"{big_hier * 1000:.0f} ms",
            big_hier / big_full,
            None,
        ),
    ]
    if netutils_per_device is not None:
        rows.append(
            (
                "per device vs netutils 12-feature compliance",
                f"{ours_cold * per:.2f} ms",
                f"{netutils_per_device * 1000:.2f} ms (netutils)",
                netutils_per_device / (ours_cold / len(pairs)),
                None,
            )
        )
    width = max(len(r[0]) for r in rows)
    print(
        f"\ncitynet diff benchmark ({len(pairs)} devices, ~{lines:.0f} lines; Python "
        f"{sys.version.split()[0]})"
    )
    header = (
        f"{'measure'.ljust(width)}  {'citynet':>12}  {'anchor (hier_config)':>26}  "
        f"{'ratio':>8}  target"
    )
    print(header)
    print("-" * len(header))
    for label, ours, anchor, ratio, target in rows:
        goal = f">= {target}x {'ok' if ratio >= target else 'MISSED'}" if target else ""
        print(f"{label.ljust(width)}  {ours:>12}  {anchor:>26}  {ratio:>7.1f}x  {goal}")
    verdict = "ok" if big < 0.050 else "MISSED"
    print(f"{big_lines:,}-line device under 50 ms: {big * 1000:.1f} ms {verdict}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
