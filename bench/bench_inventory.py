"""Inventory benchmarks: CLI start-up, City validation, and a 10,000-host inventory.

Every figure is printed beside an anchor measured in the same run, on the same
files: bare Python start-up for ``--help``, and Nornir's own SimpleInventory
loading the same YAML for validation. Run with ``make bench``.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
PY = sys.executable

CHILD_VALIDATE = """
import json, resource, sys, time
t = time.perf_counter()
from citynet.inventory.loader import validate_inventory
from pathlib import Path
inv, problems = validate_inventory(Path(sys.argv[1]))
assert not problems, problems[:3]
print(json.dumps({"seconds": time.perf_counter() - t, "hosts": len(inv.views),
                  "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

CHILD_NORNIR = """
import json, resource, sys, time
t = time.perf_counter()
from nornir import InitNornir
d = sys.argv[1]
nr = InitNornir(runner={"plugin": "serial"}, logging={"enabled": False}, inventory={
    "plugin": "SimpleInventory", "options": {"host_file": d + "/hosts.yaml",
    "group_file": d + "/groups.yaml", "defaults_file": d + "/defaults.yaml"}})
print(json.dumps({"seconds": time.perf_counter() - t, "hosts": len(nr.inventory.hosts),
                  "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def wall(cmd: list[str], runs: int) -> float:
    """Median wall time of a whole command (start-up included)."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, cwd=PROJECT, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def child(code: str, inventory_dir: Path, runs: int) -> dict[str, float]:
    results = [
        json.loads(
            subprocess.run(
                [PY, "-c", code, str(inventory_dir)],
                check=True,
                capture_output=True,
                text=True,
                cwd=PROJECT,
            ).stdout
        )
        for _ in range(runs)
    ]
    return {key: statistics.median(r[key] for r in results) for key in results[0]}


def row(label: str, ours: str, anchor: str, ratio: str) -> None:
    print(f"{label:<44} {ours:>14} {anchor:>22} {ratio:>8}")


def main() -> None:
    citynet = str(Path(PY).parent / "citynet")
    print(f"{'benchmark':<44} {'citynet':>14} {'anchor':>22} {'ratio':>8}")
    print("-" * 92)
    helps = wall([citynet, "--help"], 15)
    bare = wall([PY, "-c", "pass"], 15)
    row(
        "citynet --help (wall, median of 15)",
        f"{helps * 1000:.0f} ms",
        f"python -c pass {bare * 1000:.0f} ms",
        f"{helps / bare:.2f}x",
    )

    validate = wall([citynet, "inventory", "validate"], 7)
    nornir_city = wall([PY, "-c", CHILD_NORNIR, str(PROJECT / "inventory")], 7)
    row(
        "citynet inventory validate, City (wall)",
        f"{validate * 1000:.0f} ms",
        f"nornir load {nornir_city * 1000:.0f} ms",
        f"{validate / nornir_city:.2f}x",
    )

    from citynet.inventory.synth import generate

    with tempfile.TemporaryDirectory() as tmp:
        inventory_dir = Path(tmp) / "inventory"
        hosts = generate(10_000, inventory_dir)
        ours = child(CHILD_VALIDATE, inventory_dir, 3)
        anchor = child(CHILD_NORNIR, inventory_dir, 3)
        assert ours["hosts"] == anchor["hosts"] == hosts
        row(
            f"validate {hosts:,} hosts (load+check)",
            f"{ours['seconds']:.2f} s",
            f"nornir load {anchor['seconds']:.2f} s",
            f"{ours['seconds'] / anchor['seconds']:.2f}x",
        )
        row(
            f"validate {hosts:,} hosts, peak RSS",
            f"{ours['rss_mb']:.0f} MB",
            f"nornir load {anchor['rss_mb']:.0f} MB",
            f"{ours['rss_mb'] / anchor['rss_mb']:.2f}x",
        )
    print("\ntargets: --help < 0.3 s; validate of the City < 1 s")


if __name__ == "__main__":
    main()
