"""Benchmark of ``citynet validate`` on the City, phase by phase, security baseline included.

Run it as ``python bench/bench_validate.py`` (not collected by pytest). It times,
in one process as the command runs them: inventory validation, render, lint, the
security baseline (rules and waivers loaded, every rendered config checked) and
the golden config comparison; then the whole command in a fresh process (what CI
waits for). The anchor is hier_config, in the same run: building its tree of
every rendered config, the least a compliance check built on it would do.
Nothing here asserts on times.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


CPU: dict[str, float] = {}


def timed(func: Callable[[], Any], name: str = "") -> tuple[float, Any]:
    """Wall time of a call (its CPU time in this process goes to ``CPU[name]``)."""
    start, cpu = time.perf_counter(), time.process_time()
    value = func()
    if name:
        CPU[name] = time.process_time() - cpu
    return time.perf_counter() - start, value


def main(runs: int = 3) -> None:
    from citynet.compliance import engine
    from citynet.compliance.fleet import check_fleet, load_baseline
    from citynet.inventory.filters import HostFilter
    from citynet.inventory.loader import validate_inventory
    from citynet.render.pipeline import golden_diffs, lint_run, render_workspace
    from citynet.workspace import find_workspace

    workspace = find_workspace(ROOT, explicit=True)
    phases: dict[str, float] = {}
    phases["inventory"], (inventory, _) = timed(
        lambda: validate_inventory(workspace.inventory_dir, workspace.settings), "inventory"
    )
    assert inventory is not None
    phases["render"], run = timed(
        lambda: render_workspace(workspace, inventory, HostFilter()), "render"
    )
    phases["lint"], _ = timed(lambda: lint_run(run), "lint")

    def baseline() -> Any:
        loaded = load_baseline(
            workspace.inventory_dir,
            display_root=workspace.root,
            hosts=inventory.views,
            groups=inventory.groups,
            sites=inventory.sites,
        )
        return check_fleet(loaded, run.configs, inventory.views, complete=True)

    phases["baseline"], result = timed(baseline, "baseline")
    phases["golden configs"], _ = timed(lambda: golden_diffs(workspace, run), "golden configs")
    warm = statistics.median(timed(baseline, "baseline (warm)")[0] for _ in range(runs))
    engine._blocks.clear()
    engine._sections.clear()
    cold_again = timed(baseline, "baseline (again, caches emptied)")[0]

    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = [
        sys.executable, "-c", "from citynet.cli.main import run; run()",
        "--root", str(ROOT), "validate",
    ]  # fmt: skip
    whole = []
    for _ in range(runs):
        start = time.perf_counter()
        done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
        whole.append(time.perf_counter() - start)
    from hier_config import Platform, get_hconfig

    configs = list(run.configs.values())
    anchor, _ = timed(lambda: [get_hconfig(Platform.CISCO_IOS, text) for text in configs])

    devices = len(run.configs)
    print(f"citynet validate on the City: {devices} devices, {result.rules} baseline rules, "
          f"{os.cpu_count()} CPU(s); exit {done.returncode}")
    print(f"{'phase':<34} {'wall':>9} {'cpu':>9} {'per device':>11}")
    print("-" * 66)
    phases["baseline (again, caches emptied)"] = cold_again
    phases["baseline (warm)"] = warm
    for name, value in phases.items():
        print(f"{name:<34} {value:>8.3f}s {CPU.get(name, 0):>8.3f}s "
              f"{value / devices * 1000:>9.2f}ms")
    print(f"{'whole command, fresh process (med)':<34} {statistics.median(whole):>8.3f}s")
    print(f"{'anchor: hier_config trees of all':<34} {anchor:>8.3f}s {'':>9} "
          f"{anchor / devices * 1000:>9.2f}ms  ({anchor / cold_again:.0f}x the baseline)")
    print(f"\nbaseline: {result.summary()}")
    print("target (issue 11): the whole command under 1 s on 2 cores; the render phase's")
    print("cpu column counts this process only (its workers are other processes)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 3)
