"""Benchmark of ``citynet validate`` on the City, phase by phase, security baseline included.

Run it as ``python bench/bench_validate.py [runs]`` (not collected by pytest). It
measures, in the same run:

* the whole command in a fresh process (what CI waits for): wall clock and the CPU
  seconds of the process and its workers, best and median of ``runs``;
* each phase as ``validate`` runs it (``Validation.timings``, what
  ``citynet validate --timings`` prints), in this process;
* the same work done the previous way: render in one pool of processes, lint in a
  second one, the baseline device by device in this process;
* the anchor, hier_config: building its tree of every rendered config, the least a
  compliance check built on it would do.

On a shared machine the wall clock depends on what else runs; the CPU seconds do
not much. Nothing here asserts on times.
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def cpu_now() -> float:
    """CPU seconds (user + system) of this process and its finished children."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def timed(func: Callable[[], Any]) -> tuple[float, float, Any]:
    """Wall and CPU seconds of a call (its forked workers included), and its value."""
    start, cpu = time.perf_counter(), cpu_now()
    value = func()
    return time.perf_counter() - start, cpu_now() - cpu, value


def whole_command(runs: int) -> tuple[list[float], list[float], int]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "citynet", "--root", str(ROOT), "validate"]
    walls, cpus, code = [], [], 0
    for _ in range(runs):
        wall, cpu, done = timed(
            lambda: subprocess.run(command, env=env, capture_output=True, check=False)
        )
        walls.append(wall)
        cpus.append(cpu)
        code = done.returncode
    return walls, cpus, code


def previous_way(workspace: Any, inventory: Any) -> dict[str, tuple[float, float]]:
    """Render, lint and baseline as separate passes (what ``validate`` did before)."""
    from citynet.compliance.fleet import check_fleet, load_baseline
    from citynet.inventory.filters import HostFilter
    from citynet.render.pipeline import golden_diffs, lint_run, render_workspace

    rows: dict[str, tuple[float, float]] = {}
    wall, cpu, run = timed(lambda: render_workspace(workspace, inventory, HostFilter()))
    rows["render (pool of processes)"] = (wall, cpu)
    wall, cpu, _ = timed(lambda: lint_run(run))
    rows["lint (second pool)"] = (wall, cpu)

    def baseline() -> Any:
        loaded = load_baseline(
            workspace.inventory_dir,
            display_root=workspace.root,
            hosts=inventory.views,
            groups=inventory.groups,
            sites=inventory.sites,
        )
        return check_fleet(loaded, run.configs, inventory.views, complete=True)

    wall, cpu, _ = timed(baseline)
    rows["baseline (in this process)"] = (wall, cpu)
    wall, cpu, _ = timed(lambda: golden_diffs(workspace, run))
    rows["golden configs"] = (wall, cpu)
    return rows


def main(runs: int = 3) -> None:
    from citynet.inventory.loader import validate_inventory
    from citynet.validation import validate_workspace
    from citynet.workspace import find_workspace

    walls, cpus, code = whole_command(runs)
    workspace = find_workspace(ROOT, explicit=True)
    wall, cpu, result = timed(lambda: validate_workspace(workspace))
    inventory, _ = validate_inventory(workspace.inventory_dir, workspace.settings)
    assert inventory is not None and result.run is not None and result.baseline is not None
    before = previous_way(workspace, inventory)

    from hier_config import Platform, get_hconfig

    configs = list(result.run.configs.values())
    anchor, _, _ = timed(lambda: [get_hconfig(Platform.CISCO_IOS, text) for text in configs])

    devices = len(configs)
    print(
        f"citynet validate on the City: {devices} devices, {result.baseline.rules} baseline "
        f"rules, {os.cpu_count()} CPU(s), load average {os.getloadavg()[0]:.1f}; exit {code}"
    )
    print(f"{'':<44} {'wall':>8} {'cpu':>8}")
    print("-" * 62)
    print(f"{'whole command, fresh process: best':<44} {min(walls):>7.3f}s {min(cpus):>7.3f}s")
    print(
        f"{'                              median':<44} {statistics.median(walls):>7.3f}s "
        f"{statistics.median(cpus):>7.3f}s"
    )
    print(f"\nphases of validate, in this process (its whole: {wall:.3f}s wall, {cpu:.3f}s cpu)")
    for name, seconds in result.timings.items():
        column = f"{'':>8} {seconds:>7.3f}s" if name.startswith(" ") else f"{seconds:>7.3f}s"
        print(f"  {name:<42} {column}")
    print("\nthe same work the previous way (separate passes)")
    for name, (w, c) in before.items():
        print(f"  {name:<42} {w:>7.3f}s {c:>7.3f}s")
    print(
        f"\n{'anchor: hier_config trees of all configs':<44} {anchor:>7.3f}s "
        f"({anchor / devices * 1000:.2f} ms per device)"
    )
    print(f"baseline: {result.baseline.summary()}")
    print("target (issue 11): the whole command under 1 s on 2 cores")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 3)
