"""Render the selected hosts of a workspace: the steps shared by render, golden and validate."""

from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from multiprocessing import get_context

from citynet.diagnostics import Diagnostic
from citynet.inventory.filters import HostFilter, select
from citynet.inventory.model import HostView, Inventory
from citynet.render.golden import GoldenDiff, compare, orphaned, read_golden
from citynet.render.lint import lint_config, lint_fleet
from citynet.render.renderer import Rendered, render_all
from citynet.render.scan import Scan, scan_config
from citynet.workspace import Workspace


@dataclass
class RenderRun:
    """The outcome of rendering a selection of hosts."""

    inventory: Inventory
    results: list[Rendered]
    complete: bool
    """Whether every host of the inventory was selected (orphans are only known then)."""

    @property
    def configs(self) -> dict[str, str]:
        return {r.host: r.text for r in self.results if r.text is not None}

    @property
    def errors(self) -> list[Diagnostic]:
        return [r.error for r in self.results if r.error is not None]

    def file_of(self, host: str) -> str:
        return f"rendered/{host}.cfg"


def render_workspace(
    workspace: Workspace, inventory: Inventory, host_filter: HostFilter
) -> RenderRun:
    """Render every host matching the filter (template errors are collected, not raised)."""
    views = select(inventory, host_filter)
    results = render_all(
        inventory,
        workspace.templates_dir,
        views,
        cache_dir=workspace.state_dir / "cache" / "templates",
    )
    return RenderRun(inventory, results, complete=host_filter.empty)


def golden_diffs(workspace: Workspace, run: RenderRun) -> list[GoldenDiff]:
    """Rendered vs golden_configs/ for the run's hosts (and orphans on a complete run)."""
    rendered = {r.host: r.text for r in run.results}
    golden = read_golden(workspace.golden_dir, rendered)
    orphans = orphaned(workspace.golden_dir, run.inventory.views) if run.complete else []
    golden.update(read_golden(workspace.golden_dir, orphans))
    return compare(rendered, golden, orphans)


def lint_run(run: RenderRun, *, workers: int = 0) -> list[Diagnostic]:
    """Per-device lint of every rendered config, plus the fleet and site checks (each
    config is read once).

    The per-device part runs in parallel processes for 200 configs or more
    (``workers=0``: one per CPU), as rendering does.
    """
    configs = run.configs
    views = run.inventory.views
    file_of = {host: run.file_of(host) for host in configs}
    if workers == 0:
        workers = (os.cpu_count() or 1) if len(configs) >= 200 else 1
    hosts = list(configs)
    if workers <= 1:
        results = _lint_devices(hosts, configs, views, file_of)
    else:
        global _LINT_JOB
        _LINT_JOB = (configs, views, file_of)
        size = max(1, len(hosts) // (workers * 4))
        chunks = [hosts[i : i + size] for i in range(0, len(hosts), size)]
        try:
            with ProcessPoolExecutor(max_workers=workers, mp_context=get_context("fork")) as pool:
                results = [item for chunk in pool.map(_lint_chunk, chunks) for item in chunk]
        finally:
            _LINT_JOB = None
    return lint_fleet_of(run, {host: (found, scan) for host, found, scan in results})


def lint_host(run: RenderRun, host: str, text: str) -> tuple[list[Diagnostic], Scan]:
    """One rendered config's own lint findings, and the part of its scan the fleet checks
    read (what :func:`lint_fleet_of` takes, host by host)."""
    scan = scan_config(text)
    found = lint_config(host, text, run.inventory.views.get(host), run.file_of(host), scan=scan)
    return found, scan.for_fleet()


def lint_fleet_of(
    run: RenderRun, linted: dict[str, tuple[list[Diagnostic], Scan]]
) -> list[Diagnostic]:
    """Every host's findings (in the run's order), then the fleet and site checks."""
    configs = run.configs
    problems = [problem for host in configs for problem in linted[host][0]]
    scans = {host: linted[host][1] for host in configs}
    file_of = {host: run.file_of(host) for host in configs}
    problems += lint_fleet(configs, run.inventory.views, file_of, scans)
    return problems


_LINT_JOB: tuple[dict[str, str], dict[str, HostView], dict[str, str]] | None = None
"""What forked lint workers read (inherited, never sent to them)."""


def _lint_chunk(hosts: list[str]) -> list[tuple[str, list[Diagnostic], Scan]]:
    assert _LINT_JOB is not None
    return _lint_devices(hosts, *_LINT_JOB)


def _lint_devices(
    hosts: list[str],
    configs: dict[str, str],
    views: dict[str, HostView],
    file_of: dict[str, str],
) -> list[tuple[str, list[Diagnostic], Scan]]:
    """Each host's own findings, and the part of its scan the fleet checks read."""
    results = []
    for host in hosts:
        scan = scan_config(configs[host])
        found = lint_config(host, configs[host], views.get(host), file_of[host], scan=scan)
        results.append((host, found, scan.for_fleet()))
    return results
